import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { value, fn } from './m.js';
const out = [];
if (true) { out.push(value); }
const obj = { method() { return value; }, get prop() { return fn(); } };
out.push(obj.method(), obj.prop);
out.push([1].map(function () { return value; })[0]);
out.push((() => { { return value; } })());
out.push(new (class { constructor() { this.v = value; } })().v);
out.push(((value) => value)('param wins'));
label: { out.push(value); break label; }
out.push(typeof value, value?.length, value + '!', `${value}`);
log('out', out);
