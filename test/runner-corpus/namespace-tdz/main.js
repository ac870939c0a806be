import { log, attempt, error, where, namespace, describe } from '../observe.js';

import './a.js';
