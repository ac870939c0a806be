import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { inner, other } from './re.js';
import * as m from './m.js';
log('same', inner === m);
log('inner', namespace(inner));
log('other keys', Object.keys(other));
