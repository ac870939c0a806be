export * from './m.js';
export const a = 'local';
