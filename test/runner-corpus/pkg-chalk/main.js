import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as ns from 'chalk';
import chalk, { Chalk } from 'chalk';
log('keys', Object.keys(ns));
log('styled', new Chalk({ level: 1 }).red.bold('hi'));
log('level type', typeof chalk.level);
