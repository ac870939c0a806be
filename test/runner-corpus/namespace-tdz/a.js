import { log, attempt } from '../observe.js';
import './b.js';
export let late = 1;
export const c = 2;
export function hoisted() { return 'h'; }
log('a done', late);
