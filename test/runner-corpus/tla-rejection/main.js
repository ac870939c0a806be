import { log, attempt, error, where, namespace, describe } from '../observe.js';

globalThis.seen = [];
await attempt('first', () => import('./importer.js'));
await attempt('second', () => import('./importer.js'));
await attempt('direct', () => import('./fails.js'));
try { await import('./importer.js'); } catch (e) { globalThis.seen.push(e); }
try { await import('./fails.js'); } catch (e) { globalThis.seen.push(e); }
log('same error object', globalThis.seen[0] === globalThis.seen[1]);
log('runs', globalThis.runs);
