import { log } from '../observe.js';
log('slow');
await new Promise((r) => setTimeout(r, 2));
log('slow done');
