import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { fromA } from './a.js';
log('main', fromA());
