import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { v } from './script.js';
log('v', v);
