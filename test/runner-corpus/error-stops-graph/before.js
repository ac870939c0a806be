import { log } from '../observe.js';
log('before runs');
