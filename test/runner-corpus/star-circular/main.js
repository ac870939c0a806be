import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as a from './a.js';
import * as b from './b.js';
log('a', Object.keys(a));
log('b', Object.keys(b));
