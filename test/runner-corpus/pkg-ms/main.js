import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as ns from 'ms';
import ms from 'ms';
log('keys', Object.keys(ns));
log('ms', [ms('2 days'), ms(60000), ms('1h', { long: true })]);
