import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as ns from 'semver';
import semver, { satisfies, coerce } from 'semver';
log('keys', Object.keys(ns).sort());
log('satisfies', satisfies('1.2.3', '^1.0.0'));
log('coerce', coerce('v2.3').version);
log('default same', semver.satisfies === satisfies);
