import { log, attempt, error, where, namespace, describe } from '../observe.js';

import gen from './gen.js';
import agen from './agen.js';
log('names', [gen.name, agen.name]);
log('gen', [...gen()]);
const out = [];
for await (const v of agen()) out.push(v);
log('agen', out);
