import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { selfKeys, selfNs } from './self.js';
import * as self from './self.js';
log('keys', selfKeys());
log('same', selfNs === self);
