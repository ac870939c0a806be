export const x = 'X', y = 'Y', z = 'Z';
export function f() { return 'f'; }
export class K {}
export const arr = [1, 2];
