import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { v, f, C, swap } from './m.js';
log('before', [v, f(), new C().id]);
swap();
log('after', [v, f(), new C().id]);
