import { log, attempt, error, where, namespace, describe } from '../observe.js';

import { meta as depMeta, resolved } from './sub/dep.js';
const keys = Object.keys(import.meta);
log('keys', keys);
log('prototype', Object.getPrototypeOf(import.meta));
log('url', import.meta.url.endsWith('/import-meta/main.js'));
log('filename', import.meta.filename.endsWith('/import-meta/main.js'));
log('dirname', import.meta.dirname.endsWith('/import-meta'));
log('stable', import.meta === import.meta);
log('distinct', depMeta !== import.meta);
log('dep url', depMeta.url.endsWith('/import-meta/sub/dep.js'));
log('resolve relative', resolved.endsWith('/import-meta/main.js'));
log('resolve builtin', import.meta.resolve('node:fs'));
log('resolve bare builtin', import.meta.resolve('fs'));
log('writable', (() => { import.meta.custom = 1; return import.meta.custom; })());
log('in nested function', (() => import.meta.url)() === import.meta.url);
await attempt('resolve missing', () => import.meta.resolve('./missing.js').endsWith('/missing.js'));
