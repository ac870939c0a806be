import { log } from '../observe.js';
import './a.js';
log('c');
Promise.resolve().then(() => log('c microtask'));
