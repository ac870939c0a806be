import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as ns from 'p-limit';
import pLimit from 'p-limit';
log('keys', Object.keys(ns));
const limit = pLimit(2);
const out = await Promise.all([1, 2, 3, 4].map((n) => limit(async () => n * 2)));
log('results', out);
