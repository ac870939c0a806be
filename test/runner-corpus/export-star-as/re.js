export * as inner from './m.js';
export * as other from './n.js';
