/**
 * Validation of a space's `remote` option: which origins its modules may be
 * fetched from, the lockfile that pins them, the disk cache, and the limits.
 * Nothing is allowed by default.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, invalidOption, isPlainObject, itemsOf, localFileURL } from './option-input.js';
import { rejectUnknown } from './options.js';
import type { RemotePolicy } from '../core/state.js';
import { DEFAULT_REMOTE } from '../core/remote/settings.js';

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
    lockfile: lockfile === undefined || lockfile === false ? null : lockfile === true ? join(folder, 'modspace.lock.json') : path('remote.lockfile', lockfile, base),
    writeLock: flag('remote.writeLockfile', writeLockfile),
    cacheDir: cache === false ? null : cache === undefined ? join(folder, 'node_modules', '.cache', 'modspace') : path('remote.cache', cache, base),
    offline: flag('remote.offline', offline),
    timeout: count('remote.timeout', timeout, DEFAULT_REMOTE.timeout, false, MAX_TIMER_MS),
    maxBytes: count('remote.maxBytes', maxBytes, DEFAULT_REMOTE.maxBytes),
    maxRedirects: count('remote.maxRedirects', maxRedirects, DEFAULT_REMOTE.maxRedirects, true),
    allowLocal: flag('remote.allowLocal', allowLocal),
  };
}

function origins(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) invalid('remote.allow', `Option "remote.allow" must be an array of origins, got ${describe(value)}`);
  return itemsOf(value).map((item, index) => {
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

function path(option: string, value: unknown, base: string): string {
  if (value instanceof URL && value.protocol !== 'file:') invalid(option, `Option "${option}" must be a path or file URL, got ${value.href}`);
  if (!(value instanceof URL) && (typeof value !== 'string' || value === '')) invalid(option, `Option "${option}" must be a path or file URL, got ${describe(value)}`);
  // A URL of another scheme is a mistake here, not a relative path named "https:".
  if (typeof value === 'string' && /^[a-zA-Z][a-zA-Z\d+.-]+:/.test(value) && !value.startsWith('file:')) {
    invalid(option, `Option "${option}" must be a local path or file URL, got ${describe(value)}`);
  }
  return fileURLToPath(localFileURL(option, value, base));
}

function flag(option: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') invalid(option, `Option "${option}" must be true or false, got ${describe(value)}`);
  return value;
}

/** Above this, Node's timers fire at once (TimeoutOverflowWarning) rather than never. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function count(option: string, value: unknown, fallback: number, zero = false, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < (zero ? 0 : 1) || value > max) {
    const limit = max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : '';
    invalid(option, `Option "${option}" must be a ${zero ? 'non-negative' : 'positive'} integer${limit}, got ${describe(value)}`);
  }
  return value;
}

function invalid(option: string, message: string): never {
  return invalidOption(option, message);
}
