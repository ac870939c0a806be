import { log } from '../observe.js';
const tick = (n = 1) => new Promise((r) => setTimeout(r, n));
log('waits start');
await tick(5);
log('waits end');
