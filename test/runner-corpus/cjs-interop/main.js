import { log, attempt, error, where, namespace, describe } from '../observe.js';

import cjs, { named, other } from './lib.cjs';
import * as ns from './lib.cjs';
import esm, { flag } from './esmish.cjs';
log('default', cjs);
log('named', [named, other]);
log('ns keys', Object.keys(ns));
log('esModule default', esm);
log('esModule flag', flag);
log('same object', cjs === ns.default);
await attempt('missing named', () => import('./wants-missing.js'), { message: false });
