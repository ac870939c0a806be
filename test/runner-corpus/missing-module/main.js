import { log, attempt, error, where, namespace, describe } from '../observe.js';

await attempt('missing', () => import('./wants.js'), { message: false });
await attempt('missing package', () => import('./wants-package.js'), { message: false });
log('ran', globalThis.ranList ?? []);
