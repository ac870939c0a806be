import { log } from '../observe.js';
import { helper } from './a.js';
log('b runs, calls a.helper', helper());
export const fromB = 'b:' + helper();
