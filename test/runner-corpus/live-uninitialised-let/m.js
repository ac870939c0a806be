export let x;
export const set = (v) => { x = v; };
