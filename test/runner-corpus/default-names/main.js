import { log, attempt, error, where, namespace, describe } from '../observe.js';

import fn from './fn.js';
import cls from './cls.js';
import arrow from './arrow.js';
import named from './named.js';
import namedCls from './named-cls.js';
import value from './value.js';
import renamed from './renamed.js';
import paren from './paren.js';
log('names', [fn.name, cls.name, arrow.name, named.name, namedCls.name, value, renamed.name, paren.name]);
log('class works', new cls().hello());
