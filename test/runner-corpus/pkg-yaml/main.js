import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as ns from 'yaml';
import YAML, { parse, stringify } from 'yaml';
log('keys', Object.keys(ns));
log('parse', parse('a: 1\nlist: [x, y]\n'));
log('stringify', stringify({ b: [1, 2] }));
log('default', typeof YAML.parseDocument);
