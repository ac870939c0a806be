import { log } from '../observe.js';
log('after never');
