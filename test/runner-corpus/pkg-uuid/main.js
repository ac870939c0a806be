import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as ns from 'uuid';
import { v5, validate, NIL } from 'uuid';
log('keys', Object.keys(ns));
log('v5', v5('hello', v5.URL));
log('validate', [validate(NIL), validate('nope')]);
