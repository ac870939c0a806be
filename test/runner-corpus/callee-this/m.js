export function whoIsThis() { return this === undefined ? 'undefined' : typeof this; }
export function tag() { return this === undefined ? 'undefined' : typeof this; }
export const obj = { method() { return this === obj; } };
export default function () { return this === undefined; }
