import { log, attempt, error, where, namespace, describe } from '../observe.js';

import './m.js';
log('globals', ['moduleVar' in globalThis, 'moduleFn' in globalThis, typeof globalThis.explicit]);
