import { log } from '../observe.js';
import './slow.js';
import './fast.js';
log('right');
