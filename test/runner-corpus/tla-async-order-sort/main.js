import { log, attempt, error, where, namespace, describe } from '../observe.js';

import './x.js';
import './y.js';
log('main');
