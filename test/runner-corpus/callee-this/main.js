import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { whoIsThis, tag, obj } from './m.js';
import * as ns from './m.js';
import def from './m.js';
log('plain call', whoIsThis());
log('optional call', whoIsThis?.());
log('tagged', tag`t`);
log('default call', def());
log('ns call this is ns', ns.whoIsThis() === ns);
log('method call', obj.method());
log('new', typeof new whoIsThis());
