export { a as b, default as dflt, default } from './m.js';
export { c as 'c-string' } from './m.js';
