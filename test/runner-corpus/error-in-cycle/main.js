import { log, attempt, error, where, namespace, describe } from '../observe.js';

let first;
await attempt('a', async () => { try { await import('./a.js'); } catch (e) { first = e; throw e; } });
await attempt('b', async () => { try { await import('./b.js'); } catch (e) { log('b same', e === first); throw e; } });
