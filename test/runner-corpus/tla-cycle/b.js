import { log } from '../observe.js';
import { a } from './a.js';
import './c.js';
(globalThis.order ??= []).push('b');
export function readA() { return a; }
