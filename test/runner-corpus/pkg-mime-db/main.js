import { log, attempt, error, where, namespace, describe } from '../observe.js';

import db from 'mime-db/db.json' with { type: 'json' };
import * as ns from 'mime-db/db.json' with { type: 'json' };
import cjsDb from 'mime-db';
log('keys', Object.keys(ns));
log('json', db['application/json']);
log('cjs same data', cjsDb['application/json'].extensions);
