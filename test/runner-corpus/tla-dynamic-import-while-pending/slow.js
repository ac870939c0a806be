import { log } from '../observe.js';
log('slow evaluates once');
await new Promise((r) => setTimeout(r, 3));
export const value = 'done';
