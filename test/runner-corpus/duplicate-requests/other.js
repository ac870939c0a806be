import { log } from '../observe.js';
log('other');
