export class Base { name() { return 'base'; } static create() { return new Base(); } }
export const make = () => Base.create();
let n = 0;
export function counter() { return ++n; }
