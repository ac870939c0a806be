import { log } from '../observe.js';
import './b.js';
(globalThis.order ??= []).push('a');
await null;
globalThis.order.push('a after await');
export const a = 1;
