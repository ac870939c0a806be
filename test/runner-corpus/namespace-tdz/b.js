import { log, attempt } from '../observe.js';
import * as a from './a.js';
log('in', 'late' in a);
log('hoisted', a.hoisted());
await attempt('get', () => a.late, { message: false });
await attempt('keys', () => Object.keys(a), { message: false });
await attempt('descriptor', () => Object.getOwnPropertyDescriptor(a, 'c'), { message: false });
log('ownKeys', Reflect.ownKeys(a).map(String));
log('has', Reflect.has(a, 'c'));
