import { log } from '../observe.js';
log('bystander (does not wait)');
