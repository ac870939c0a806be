/**
 * `modspace.lock.json` pins each remote URL to the hash of its content, so a
 * server (or whoever sits between) cannot change what runs without the
 * change showing up in review:
 *
 *     { "version": 1, "remote": { "<url>": "sha384-<base64>" } }
 *
 * Keys are sorted and the JSON indented by two spaces, so diffs stay small.
 * A pin is never changed here: a new hash for a pinned URL is an error, and
 * re-pinning means editing or deleting the entry by hand.
 */
import { crypto } from '../builtins.js';
import { readFileSync, statSync } from 'node:fs';
import { ErrorCodes, ModspaceError } from '../../src/errors.js';
import { writeFileAtomic } from './atomic-write.js';

const VERSION = 1;

/** The Subresource Integrity string of `bytes`: `sha384-<base64>`. */
export function integrityOf(bytes: Uint8Array): string {
  return `sha384-${crypto().createHash('sha384').update(bytes).digest('base64')}`;
}

interface LoadedLock {
  /** Of the file when read; -1 when there was no file. */
  mtimeMs: number;
  pins: Map<string, string>;
}

/** Read once per process and path; read again when the file's mtime changes. */
const loaded = new Map<string, LoadedLock>();

/** The hash pinned for `url`, if any. */
export function pinnedIntegrity(lockfile: string, url: string): string | undefined {
  return load(lockfile).pins.get(url);
}

/**
 * Passes when `integrity` is the one pinned for `url`. An unpinned URL is
 * pinned when `writeLock` allows it, refused otherwise.
 */
export function verifyIntegrity(lockfile: string, url: string, integrity: string, writeLock: boolean): void {
  const pinned = pinnedIntegrity(lockfile, url);
  if (pinned === undefined) {
    if (!writeLock) {
      throw new ModspaceError(
        ErrorCodes.UNLOCKED,
        `Remote module ${url} is not in lockfile ${lockfile}; allow writing with writeLock: true to pin it (${integrity})`,
      );
    }
    pin(lockfile, url, integrity);
    return;
  }
  if (pinned !== integrity) {
    throw new ModspaceError(
      ErrorCodes.INTEGRITY,
      `Remote module ${url} does not match lockfile ${lockfile}: expected ${pinned}, got ${integrity}`,
    );
  }
}

/** Adds one pin and writes the file, sorted. */
function pin(lockfile: string, url: string, integrity: string): void {
  const lock = load(lockfile);
  lock.pins.set(url, integrity);
  const remote = Object.fromEntries([...lock.pins].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  try {
    writeFileAtomic(lockfile, `${JSON.stringify({ version: VERSION, remote }, null, 2)}\n`);
    lock.mtimeMs = statSync(lockfile).mtimeMs;
  } catch (error) {
    // Not pinned after all: forget the in-memory pin so the next check asks again.
    lock.pins.delete(url);
    throw new ModspaceError(ErrorCodes.LOCKFILE, `Cannot write lockfile ${lockfile}: ${(error as Error).message}`);
  }
}

function load(lockfile: string): LoadedLock {
  const mtimeMs = mtimeOf(lockfile);
  const known = loaded.get(lockfile);
  if (known && known.mtimeMs === mtimeMs) return known;
  const lock: LoadedLock = { mtimeMs, pins: mtimeMs === -1 ? new Map() : parse(lockfile) };
  loaded.set(lockfile, lock);
  return lock;
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return -1;
    throw new ModspaceError(ErrorCodes.LOCKFILE, `Cannot read lockfile ${path}: ${(error as Error).message}`);
  }
}

function parse(lockfile: string): Map<string, string> {
  const fail = (why: string) => new ModspaceError(ErrorCodes.LOCKFILE, `Cannot read lockfile ${lockfile}: ${why}`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(lockfile, 'utf8'));
  } catch (error) {
    throw fail((error as Error).message);
  }
  if (typeof data !== 'object' || data === null || (data as { version?: unknown }).version !== VERSION) {
    throw fail(`expected an object with "version": ${VERSION}`);
  }
  const remote = (data as { remote?: unknown }).remote ?? {};
  if (typeof remote !== 'object' || remote === null || Array.isArray(remote)) throw fail('"remote" must be an object');
  const pins = new Map<string, string>();
  for (const [url, integrity] of Object.entries(remote)) {
    if (typeof integrity !== 'string' || !integrity.startsWith('sha384-')) {
      throw fail(`the entry for ${url} must be a "sha384-..." string`);
    }
    pins.set(url, integrity);
  }
  return pins;
}

/** Drops what was read, so the next check reads the file again. */
export function forgetLockfiles(): void {
  loaded.clear();
}
