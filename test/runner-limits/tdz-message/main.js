import { log, attempt, error, where, describe } from '../../runner-corpus/observe.js';

import './a.js';
