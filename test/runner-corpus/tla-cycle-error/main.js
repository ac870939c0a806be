import { log, attempt, error, where, namespace, describe } from '../observe.js';

await attempt('a', () => import('./a.js'));
await attempt('b', () => import('./b.js'));
await attempt('c', () => import('./c.js'));
