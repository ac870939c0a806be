export let a = 'A', b = 'B';
export function setBoth(x, y) { a = x; b = y; }
