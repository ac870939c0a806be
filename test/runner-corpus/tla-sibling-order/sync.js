import { log } from '../observe.js';
log('sync');
