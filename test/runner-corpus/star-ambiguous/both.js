export * from './a.js';
export * from './b.js';
