import { log, attempt } from '../observe.js';
import { value } from './a.js';
export function readA() { return value; }
await attempt('during b', () => readA(), { message: true });
await attempt('typeof', () => typeof value, { message: true });
