import { count, bump } from './m.js';
export { count as live, bump };
