import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as kleur from 'kleur';
import { dequal } from 'dequal';
import * as diff from 'diff';
log('kleur keys', Object.keys(kleur));
log('dequal', [dequal({ a: [1] }, { a: [1] }), dequal(1, 2)]);
log('diff keys', Object.keys(diff).length);
log('diff', diff.diffWords('a b', 'a c').map((p) => [p.value, !!p.added, !!p.removed]));
