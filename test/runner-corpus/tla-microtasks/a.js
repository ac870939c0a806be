import { log } from '../observe.js';
log('a1');
await null;
log('a2');
await null;
log('a3');
