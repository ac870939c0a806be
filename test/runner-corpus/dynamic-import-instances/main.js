import { log, attempt, error, where, namespace, describe } from '../observe.js';

import * as staticNs from './m.js';
const a = await import('./m.js');
const b = await import('./m.js');
log('same', [a === b, a === staticNs]);
const spec = './m' + '.js';
log('computed specifier', (await import(spec)) === a);
log('object specifier', (await import({ toString: () => './m.js' })) === a);
log('from nested', await (await import('./sub/loader.js')).load());
log('evaluated once', globalThis.mRuns);
