import { log } from '../observe.js';
log('fast');
