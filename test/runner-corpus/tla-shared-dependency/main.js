import { log, attempt, error, where, namespace, describe } from '../observe.js';

import './left.js';
import './right.js';
log('main');
