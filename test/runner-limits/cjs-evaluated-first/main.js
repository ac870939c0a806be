import { log, attempt, error, where, namespace, describe } from '../observe.js';

import './first.js';
import './lib.cjs';
log('main', globalThis.order);
