import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { live, bump } from './re.js';
import * as ns from './re.js';
log('before', live);
bump();
log('after', [live, ns.live]);
log('keys', Object.keys(ns));
