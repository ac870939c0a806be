import { log, attempt, error, where, namespace, describe } from '../observe.js';

await attempt('bad', () => import('./bad.js'), { message: false });
log('dep ran', globalThis.depRan ?? false);
