export const value = 'v';
export function fn() { return 'fn'; }
