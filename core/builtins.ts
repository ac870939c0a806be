/**
 * Builtins the hooks need only for archives and remote modules, loaded on
 * first use: importing `node:crypto`, `node:zlib` and `node:worker_threads`
 * up front cost every process ~10 ms at hook registration, places or not.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export const crypto = (): typeof import('node:crypto') => load('node:crypto') as typeof import('node:crypto');
export const zlib = (): typeof import('node:zlib') => load('node:zlib') as typeof import('node:zlib');
export const workerThreads = (): typeof import('node:worker_threads') => load('node:worker_threads') as typeof import('node:worker_threads');
