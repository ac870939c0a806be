import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { a, b, setBoth } from './m.js';
const o = { a, b };
log('shorthand', o);
setBoth('A2', 'B2');
log('live after', { a, b });
log('old object unchanged', o);
await attempt('assign pattern', () => { ({ a } = { a: 1 }); }, { message: false });
await attempt('assign array pattern', () => { [b] = [1]; }, { message: false });
await attempt('assign default pattern', () => { ({ a = 1 } = {}); }, { message: false });
log('still', [a, b]);
