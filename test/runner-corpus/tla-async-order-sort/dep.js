import { log } from '../observe.js';
await new Promise((r) => setTimeout(r, 3));
log('dep');
