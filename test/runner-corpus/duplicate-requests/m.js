import { log } from '../observe.js';
log('m');
export const a = 1;
