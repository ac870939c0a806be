import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as ns from 'lodash-es';
import { chunk, debounce, merge, template } from 'lodash-es';
import _ from 'lodash-es';
log('key count', Object.keys(ns).length);
log('first keys', Object.keys(ns).slice(0, 20));
log('chunk', chunk([1, 2, 3, 4, 5], 2));
log('merge', merge({ a: { b: 1 } }, { a: { c: 2 } }));
log('template', template('hi <%= name %>')({ name: 'x' }));
log('chain', _([1, 2, 3]).map((n) => n * 3).value());
log('debounce', typeof debounce(() => {}, 1));
