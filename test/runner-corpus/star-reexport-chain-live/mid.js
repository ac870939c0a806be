export * from './leaf.js';
