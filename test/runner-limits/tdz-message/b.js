import { log, attempt, error, where, describe } from '../../runner-corpus/observe.js';
import D from './a.js';
await attempt('default in TDZ', () => D);
