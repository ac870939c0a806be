import { x } from './x.js';
export default x + 1 // trailing comment
