import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as ns from './re.js';
log('keys', Object.keys(ns));
await attempt('default', () => import('./wants-default.js'));
