import { log, attempt, error, where, namespace, describe } from '../../runner-corpus/observe.js';

import './first.js';
import './lib.cjs';
log('main', globalThis.order);
