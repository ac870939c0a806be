import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { Base, make, counter } from './m.js';
class Derived extends Base { name() { return 'derived of ' + super.name(); } }
log('derived', new Derived().name());
log('instanceof', new Derived() instanceof Base);
log('make', make().constructor === Base);
const gen = function* () { yield counter(); yield counter(); };
log('generator', [...gen()]);
const asyncFn = async () => { await null; return counter(); };
log('async', await asyncFn());
log('arguments', (function () { return arguments.length; })(1, 2, 3));
