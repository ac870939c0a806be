import { log } from '../observe.js';
log('shared');
