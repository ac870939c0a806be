import { log, attempt, error, where, namespace, describe } from '../observe.js';

import './slow.js';
import './sync.js';
import './fast.js';
log('main');
