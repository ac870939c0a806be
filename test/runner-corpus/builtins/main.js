import { log, attempt, error, where, namespace, describe } from '../observe.js';

import fs, { readFileSync } from 'node:fs';
import fs2 from 'fs';
import * as path from 'node:path';
import { EventEmitter } from 'node:events';
log('same', [fs === fs2, fs.readFileSync === readFileSync]);
log('path', path.join('a', 'b'));
log('emitter', typeof EventEmitter);
log('ns tag', Object.prototype.toString.call(path));
const dyn = await import('node:fs');
log('dynamic same', dyn.readFileSync === readFileSync);
