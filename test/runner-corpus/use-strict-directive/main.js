import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { v, sloppyCheck } from './m.js';
log('v', [v, sloppyCheck()]);
