import { log, attempt, error, where, describe } from '../../runner-corpus/observe.js';

import { x } from './m.js';
function usesImport() { return x; }
log('source', usesImport.toString());
