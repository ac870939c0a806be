import { log, attempt, error, where, namespace, describe } from '../observe.js';

import data from './data.json' with { type: 'json' };
import * as ns from './data.json' with { type: 'json' };
import { read } from './other.js';
log('data', data);
log('keys', Object.keys(ns));
data.added = true;
log('shared instance', read().added);
