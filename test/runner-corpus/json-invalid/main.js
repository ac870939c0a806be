import { log, attempt, error, where, namespace, describe } from '../observe.js';

await attempt('invalid json', () => import('./bad.json', { with: { type: 'json' } }), { message: false });
