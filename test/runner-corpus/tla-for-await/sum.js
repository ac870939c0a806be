async function* values() { yield 1; yield 2; yield 3; }
export let total = 0;
for await (const v of values()) total += v;
