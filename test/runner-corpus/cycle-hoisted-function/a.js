import { log } from '../observe.js';
import { fromB } from './b.js';
log('a runs, b says', fromB);
export function helper() { return 'helper from a'; }
export function fromA() { return 'a:' + fromB; }
