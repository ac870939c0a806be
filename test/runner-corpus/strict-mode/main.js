import { log, attempt, error, where, namespace, describe } from '../observe.js';

log('this', this);
log('fn this', (function () { return this; })());
await attempt('undeclared', () => { undeclaredVariable = 1; }, { message: true });
await attempt('readonly', () => { Object.freeze({ a: 1 }).a = 2; }, { message: false });
await attempt('delete plain', () => { const o = Object.freeze({ a: 1 }); delete o.a; }, { message: false });
var topVar = 1;
function topFunction() {}
log('globals untouched', ['topVar' in globalThis, 'topFunction' in globalThis]);
log('typeof import.meta', typeof import.meta);
