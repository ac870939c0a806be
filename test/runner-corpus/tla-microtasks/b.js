import { log } from '../observe.js';
log('b1');
await null;
log('b2');
