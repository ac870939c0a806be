import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { count, inc, later, reset } from './counter.js';
log('start', count);
inc(); inc();
log('after inc', count);
reset();
log('after reset', count);
log('later before', later);
await new Promise((r) => setTimeout(r, 5));
log('later after', later);
