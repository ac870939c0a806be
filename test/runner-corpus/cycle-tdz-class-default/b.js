import { attempt } from '../observe.js';
import D, { K, c } from './a.js';
await attempt('class', () => K, { message: true });
await attempt('const', () => c, { message: true });
await attempt('default', () => D, { message: false });
