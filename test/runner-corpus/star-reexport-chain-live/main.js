import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { counter, bump } from './top.js';
import * as top from './top.js';
log('before', counter);
bump();
log('after', [counter, top.counter]);
