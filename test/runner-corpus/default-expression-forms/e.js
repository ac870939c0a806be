import { x } from './x.js';
export default `t${x}`;
export const after = 1;
