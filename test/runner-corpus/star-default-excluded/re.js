export * from './m.js';
