import { log, attempt, error, where, describe } from '../../runner-corpus/observe.js';

import { x } from './m.js';
await attempt('eval reads import', () => eval('x'));
await attempt('eval typeof import', () => eval('typeof x'));
