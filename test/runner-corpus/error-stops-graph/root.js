import { log } from '../observe.js';
import './before.js';
import './bad.js';
import './after.js';
log('root never');
