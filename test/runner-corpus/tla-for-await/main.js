import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { total } from './sum.js';
log('total', total);
