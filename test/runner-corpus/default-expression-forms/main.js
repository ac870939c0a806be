import { log, attempt, error, where, namespace, describe } from '../observe.js';

import a from './a.js';
import b from './b.js';
import c, * as cns from './c.js';
import d from './d.js';
import e from './e.js';
log('values', [a, b, c, cns.default === c, d.name, e]);
