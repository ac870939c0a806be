import { log, attempt, error, where, namespace, describe } from '../observe.js';

await attempt('missing', () => import('./wants.js'), { message: true });
await attempt('missing default', () => import('./wants-default.js'), { message: true });
log('ran', globalThis.ranList ?? []);
