export const load = async () => (await import('../m.js')).m + (await import('./near.js')).near;
