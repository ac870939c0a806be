import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { a } from './m.js';
import './other.js';
import * as again from './m.js';
import { log as log2 } from '../observe.js';
log('a', [a, again.a, log === log2]);
