import { log } from '../observe.js';
log('bad starts');
throw new Error('bad');
