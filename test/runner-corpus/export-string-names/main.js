import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { 'kebab-name' as kebab, 'with space' as spaced, '' as empty } from './m.js';
import * as ns from './m.js';
log('values', [kebab, spaced, empty]);
log('keys', Object.keys(ns));
