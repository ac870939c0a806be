export { shared } from './base.js';
