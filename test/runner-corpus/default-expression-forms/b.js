import * as ns from './x.js';
export default /* c */ (ns.x * 10);
