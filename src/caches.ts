/**
 * `invalidateCaches()`: forget what modspace remembered about places, so the
 * next imports look again — archives are reopened, remote lookups (which
 * URLs exist, which bodies were fetched this run) are asked anew, and with
 * `{ disk: true }` the disk caches of remote modules are emptied (the next
 * fetch goes to the network and is checked against the lockfile again).
 * Modules already loaded keep running; `fresh()` or `invalidate()` renew them.
 */
import { installHooks } from '../hooks/install.js';
import { forgetArchives } from '../core/places/archive.js';
import { ErrorCodes, ModspaceError } from '../core/errors.js';
import { describe, isPlainObject, rejectUnknown } from './options.js';

export interface InvalidateCachesOptions {
  /** Also empty the disk caches of remote modules of every space made in this process. */
  disk?: boolean;
}

const cacheDirs = new Set<string>();

/** Called for every space with a disk cache, so `{ disk: true }` knows what to empty. */
export function rememberCacheDir(dir: string): void {
  cacheDirs.add(dir);
}

export function invalidateCaches(options: InvalidateCachesOptions = {}): void {
  if (!isPlainObject(options)) throw new ModspaceError(ErrorCodes.INVALID_OPTION, `invalidateCaches() takes { disk }, got ${describe(options)}`);
  rejectUnknown(options, ['disk'], 'invalidateCaches() option');
  if (options.disk !== undefined && typeof options.disk !== 'boolean') {
    throw new ModspaceError(ErrorCodes.INVALID_OPTION, `invalidateCaches(): "disk" must be true or false, got ${describe(options.disk)}`, { specifier: 'disk' });
  }
  // The main thread opens archives too (to check roots as they are configured).
  forgetArchives();
  installHooks().apply({ op: 'caches', disk: options.disk === true, cacheDirs: [...cacheDirs] });
}
