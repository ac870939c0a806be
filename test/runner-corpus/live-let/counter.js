export let count = 0;
export function inc() { count++; }
export function reset() { count = 0; }
export let later = 'a';
setTimeout(() => { later = 'b'; }, 1);
