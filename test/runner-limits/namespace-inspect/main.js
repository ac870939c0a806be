import { log, attempt, error, where, describe } from '../../runner-corpus/observe.js';

import { inspect, types } from 'node:util';
import * as ns from './m.js';
log('inspect', inspect(ns));
log('isModuleNamespaceObject', types.isModuleNamespaceObject(ns));
