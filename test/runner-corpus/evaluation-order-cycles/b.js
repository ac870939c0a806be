import { log } from '../observe.js';
import './c.js';
import './a.js';
log('b');
