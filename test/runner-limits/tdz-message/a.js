import './b.js';
export default 'late';
