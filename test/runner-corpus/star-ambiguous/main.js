import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as ns from './both.js';
log('keys', Object.keys(ns));
log('has x', 'x' in ns);
await attempt('import x', () => import('./wants-x.js'));
