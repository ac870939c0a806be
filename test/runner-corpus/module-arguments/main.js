import { log, attempt } from '../observe.js';
// A module has no `arguments` of its own: the name is a (missing) global.
await attempt('typeof arguments', () => typeof arguments);
await attempt('read arguments', () => arguments, { message: true });
log('function arguments', (function () { return arguments.length; })(1, 2));
log('arrow inside function', (function () { return (() => arguments[0])(); })('outer'));
globalThis.arguments = 'global value';
await attempt('global arguments', () => arguments);
log('typeof after', typeof arguments);
delete globalThis.arguments;
