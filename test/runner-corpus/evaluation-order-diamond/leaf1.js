import { log } from '../observe.js';
log('leaf1');
