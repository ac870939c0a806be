export * from './mid.js';
