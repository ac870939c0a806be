import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { x, y, z, f, K, arr } from './m.js';
const out = [];
function param(x) { return x; }
out.push(param('param'));
{ let x = 'block'; out.push(x); }
try { throw 'caught'; } catch (x) { out.push(x); }
const { y: renamed, ...rest } = { y: 'destructured', extra: 1 };
out.push(renamed, rest.extra);
(function () { out.push(typeof z); var z = 'hoisted var'; out.push(z); })();
out.push((function f() { return typeof f; })());
out.push(new (class K { static tag() { return K.name; } })().constructor.tag());
x: for (const i of [1]) { out.push('label'); break x; }
const obj = { x, y: y, z() { return z; }, get f() { return f; }, [x]: 'computed', K };
out.push(obj.x, obj.y, obj.z(), obj.f === f, obj.mx, Object.keys(obj), obj.K === K);
out.push(obj.x === x && ({ x }).x === x);
const { x: fromPattern = x } = {};
out.push(fromPattern);
const [first = y] = [];
out.push(first);
const arrow = (y) => y;
out.push(arrow('arrow param'));
out.push(arr.map((x) => x * 2));
class C { x = x; static y = y; #z = z; getZ() { return this.#z; } static { out.push('static block ' + y); } }
out.push(new C().x, C.y, new C().getZ());
const nested = () => { const f = 'inner f'; return () => f; };
out.push(nested()());
out.push(`${x}-${y}`);
function later() { return g; }
var g = 'hoisted below';
out.push(later());
switch (1) { case 1: { let z = 'switch'; out.push(z); } }
for (let x = 0; x < 1; x++) out.push('for ' + x);
for (const y in { key: 1 }) out.push('for-in ' + y);
log('out', out);
