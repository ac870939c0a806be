import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as ns from 'zod';
import { z } from 'zod';
import * as mini from 'zod/mini';
log('key count', Object.keys(ns).length);
log('some keys', Object.keys(ns).slice(0, 15));
log('mini key count', Object.keys(mini).length);
const User = z.object({ name: z.string(), age: z.number().int().min(0) });
log('ok', User.safeParse({ name: 'a', age: 3 }).success);
log('bad', User.safeParse({ name: 'a', age: -1 }).error.issues.map((i) => i.path.join('.')));
