import { log } from '../observe.js';
import './a.js';
log('b starts');
throw new Error('cycle error');
