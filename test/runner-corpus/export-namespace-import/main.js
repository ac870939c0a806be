import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { ns, nsAgain } from './re.js';
import * as direct from './m.js';
log('same', [ns === direct, nsAgain === direct]);
log('keys', Object.keys(ns));
