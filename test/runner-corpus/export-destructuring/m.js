const source = { a: 1, nested: { b: 2 }, list: [3, 4, 5] };
export const { a, nested: { b }, list: [c, ...rest] } = source;
export let [p = 'default', q] = [];
export var { missing = 'fallback' } = {};
