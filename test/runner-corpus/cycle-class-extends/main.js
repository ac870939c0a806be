import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { Child } from './child.js';
log('child', [new Child().kind(), Object.getPrototypeOf(Child).name]);
