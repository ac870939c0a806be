import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { x, set } from './m.js';
log('x', x);
set(5);
log('x', x);
