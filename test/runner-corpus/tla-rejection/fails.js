import { log } from '../observe.js';
globalThis.runs = (globalThis.runs ?? 0) + 1;
await null;
throw new RangeError('tla failed');
