import { log } from '../observe.js';
log('fast start');
await new Promise((resolve) => setTimeout(resolve, 1));
log('fast end');
globalThis.releaseSlow();
