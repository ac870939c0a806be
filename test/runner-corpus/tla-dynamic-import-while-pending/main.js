import { log, attempt, error, where, namespace, describe } from '../observe.js';

const p1 = import('./slow.js');
const p2 = import('./slow.js');
const [a, b] = await Promise.all([p1, p2]);
log('same namespace', a === b);
log('value', a.value);
