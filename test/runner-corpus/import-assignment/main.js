import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { value } from './m.js';
import * as ns from './m.js';
await attempt('assign', () => { value = 2; }, { message: false });
await attempt('increment', () => { value++; }, { message: false });
await attempt('compound', () => { value += 1; }, { message: false });
await attempt('ns member', () => { ns.value = 2; }, { message: false });
await attempt('ns itself', () => { eval('1'); }, { message: false });
log('value', value);
log('typeof', typeof value);
log('delete ns member', (() => { try { return delete ns.value; } catch (e) { return e.constructor.name; } })());
