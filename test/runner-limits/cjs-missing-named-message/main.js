import { log, attempt, error, where, describe } from '../../runner-corpus/observe.js';

await attempt('named', () => import('./wants.js'));
