import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as ns from 'nanoid';
import { nanoid, customAlphabet } from 'nanoid';
log('keys', Object.keys(ns));
log('length', nanoid().length);
log('custom', customAlphabet('a', 5)());
