import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as ns from './m.js';
log('keys', Object.keys(ns));
log('values', Object.values(ns).map(describe));
