import { log, attempt, error, where, namespace, describe } from '../observe.js';

import './importer.js';
import './bystander.js';
log('main');
