export var v = 1;
export function f() { return 'f1'; }
export class C { id = 'C1'; }
export function swap() {
  v = 2;
  f = function () { return 'f2'; };
  C = class { id = 'C2'; };
}
