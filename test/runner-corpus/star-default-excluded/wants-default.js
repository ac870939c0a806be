import d from './re.js';
export { d };
