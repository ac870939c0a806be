import { log } from '../observe.js';
import './a.js';
import './c.js';
log('b never');
