import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as ns from './re.js';
log('ns', describe(ns));
