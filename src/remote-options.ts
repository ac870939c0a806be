/**
 * Validation of a space's `remote` option: which origins its modules may be
 * fetched from, the lockfile that pins them, the disk cache, and the limits.
 * Nothing is allowed by default.
 */
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, ModspaceError } from './errors.js';
import { describe, isPlainObject, rejectUnknown } from './options.js';
import type { RemotePolicy } from '../hooks/state.js';
import { DEFAULT_REMOTE } from '../hooks/remote/settings.js';

export interface RemoteOptions {
  /** Origins modules may come from: `https://esm.example.com`, `http://127.0.0.1:8080` (plain http only for loopback hosts). */
  allow?: readonly string[];
  /** The lockfile of sha384 hashes (`true`: `modspace.lock.json` beside `base`); every remote module must match its entry. */
  lockfile?: string | URL | boolean;
  /** Add entries for modules the lockfile does not pin yet (existing entries never change). Default `false`: such modules are refused. */
  writeLockfile?: boolean;
  /** The content-addressed disk cache folder, or `false`. Default: `node_modules/.cache/modspace` beside `base`. */
  cache?: string | URL | false;
  /** Serve only from the disk cache; never touch the network. */
  offline?: boolean;
  /** Milliseconds for a whole request, body included. Default 10000. */
  timeout?: number;
  /** Largest body accepted, in bytes. Default 5 MiB. */
  maxBytes?: number;
  /** Redirects followed (within allowed origins). Default 5. */
  maxRedirects?: number;
  /** Remote code may import files, builtins, archives and memory roots too. Default `false`. */
  allowLocal?: boolean;
}

const NAMES = ['allow', 'lockfile', 'writeLockfile', 'cache', 'offline', 'timeout', 'maxBytes', 'maxRedirects', 'allowLocal'] as const;

export function parseRemote(value: unknown, base: string): RemotePolicy | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) invalid('remote', `Option "remote" must be an object ({ allow, lockfile, cache, ... }), got ${describe(value)}`);
  rejectUnknown(value, NAMES, 'remote option');
  const folder = fileURLToPath(new URL('./', base));
  const { allow, lockfile, writeLockfile, cache, offline, timeout, maxBytes, maxRedirects, allowLocal } = value;
  return {
    allow: origins(allow),
    lockfile: lockfile === undefined || lockfile === false ? null : lockfile === true ? join(folder, 'modspace.lock.json') : path('remote.lockfile', lockfile, folder),
    writeLock: flag('remote.writeLockfile', writeLockfile),
    cacheDir: cache === false ? null : cache === undefined ? join(folder, 'node_modules', '.cache', 'modspace') : path('remote.cache', cache, folder),
    offline: flag('remote.offline', offline),
    timeout: count('remote.timeout', timeout, DEFAULT_REMOTE.timeout),
    maxBytes: count('remote.maxBytes', maxBytes, DEFAULT_REMOTE.maxBytes),
    maxRedirects: count('remote.maxRedirects', maxRedirects, DEFAULT_REMOTE.maxRedirects, true),
    allowLocal: flag('remote.allowLocal', allowLocal),
  };
}

function origins(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) invalid('remote.allow', `Option "remote.allow" must be an array of origins, got ${describe(value)}`);
  return value.map((item: unknown, index) => {
    const option = `remote.allow[${index}]`;
    let url: URL | undefined;
    try {
      url = typeof item === 'string' || item instanceof URL ? new URL(item) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.pathname !== '/' || url.search || url.hash || url.username) {
      invalid(option, `Option "${option}" must be an origin like "https://example.com" or "http://127.0.0.1:8080", got ${describe(item)}`);
    }
    return url.origin;
  });
}

function path(option: string, value: unknown, folder: string): string {
  if (value instanceof URL) {
    if (value.protocol !== 'file:') invalid(option, `Option "${option}" must be a path or file URL, got ${value.href}`);
    return fileURLToPath(value);
  }
  if (typeof value !== 'string' || value === '') invalid(option, `Option "${option}" must be a path or file URL, got ${describe(value)}`);
  if (value.startsWith('file:')) return fileURLToPath(value);
  return isAbsolute(value) ? value : join(folder, value);
}

function flag(option: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') invalid(option, `Option "${option}" must be true or false, got ${describe(value)}`);
  return value;
}

function count(option: string, value: unknown, fallback: number, zero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < (zero ? 0 : 1)) {
    invalid(option, `Option "${option}" must be a ${zero ? 'non-negative' : 'positive'} integer, got ${describe(value)}`);
  }
  return value;
}

function invalid(option: string, message: string): never {
  throw new ModspaceError(ErrorCodes.INVALID_OPTION, message, { specifier: option });
}
