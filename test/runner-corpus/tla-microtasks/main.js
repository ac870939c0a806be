import { log, attempt, error, where, namespace, describe } from '../observe.js';

import './a.js';
import './b.js';
import './c.js';
log('main');
