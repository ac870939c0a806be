import { log, attempt, error, where, namespace, describe } from '../observe.js';

await attempt('bad', () => import('./root.js'), { message: false });
log('dep ran', globalThis.depRan ?? false);
