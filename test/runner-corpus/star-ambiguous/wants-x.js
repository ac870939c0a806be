import { log } from '../observe.js';
import { x } from './both.js';
log('wants-x ran', x);
