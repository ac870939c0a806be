import { log, attempt, error, where, describe } from '../../runner-corpus/observe.js';

await attempt('syntax', () => import('./bad.js'));
