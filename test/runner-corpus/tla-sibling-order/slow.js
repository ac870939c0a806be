import { log } from '../observe.js';
log('slow start');
await new Promise((resolve) => (globalThis.releaseSlow = resolve));
log('slow end');
