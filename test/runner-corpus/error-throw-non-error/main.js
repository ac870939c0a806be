import { log, attempt, error, where, namespace, describe } from '../observe.js';

await attempt('string', () => import('./str.js'));
await attempt('object', () => import('./obj.js'));
