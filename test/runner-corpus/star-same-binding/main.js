import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as ns from './top.js';
import { shared } from './top.js';
log('keys', Object.keys(ns));
log('shared', shared);
