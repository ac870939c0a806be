import { log, attempt, error, where, namespace, describe } from '../observe.js';

const json = await import('./data.json', { with: { type: 'json' } });
log('json', namespace(json));
await attempt('missing type', () => import('./data.json'), { message: false });
await attempt('wrong type', () => import('./plain.js', { with: { type: 'json' } }), { message: false });
await attempt('options not object', () => import('./plain.js', 1), { message: false });
await attempt('with not object', () => import('./plain.js', { with: 1 }), { message: false });
await attempt('attribute not string', () => import('./plain.js', { with: { type: 1 } }), { message: false });
await attempt('plain', async () => (await import('./plain.js', {})).x);
await attempt('plain undefined options', async () => (await import('./plain.js', undefined)).x);
const again = await import('./data.json', { with: { type: 'json' } });
log('same json instance', again === json);
