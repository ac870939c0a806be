import { log, attempt, error, where, namespace, describe } from '../observe.js';

await attempt('deep', () => import('./a.js'), { message: false });
log('ran', globalThis.ranList ?? []);
