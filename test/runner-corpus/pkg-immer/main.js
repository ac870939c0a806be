import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as ns from 'immer';
import { produce, enableMapSet } from 'immer';
log('keys', Object.keys(ns));
enableMapSet();
const base = { list: [1], map: new Map([['a', 1]]) };
const next = produce(base, (draft) => { draft.list.push(2); draft.map.set('b', 2); });
log('produced', [next.list, [...next.map.keys()], base.list.length, Object.isFrozen(next)]);
