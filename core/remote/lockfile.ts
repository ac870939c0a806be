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
import { crypto, workerThreads } from '../builtins.js';
import { readFileSync, statSync } from 'node:fs';
import { ErrorCodes, ModspaceError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';

const VERSION = 1;

/** The Subresource Integrity string of `bytes`: `sha384-<base64>`. */
export function integrityOf(bytes: Uint8Array): string {
  return `sha384-${crypto().createHash('sha384').update(bytes).digest('base64')}`;
}

interface LoadedLock {
  /** The file's identity when last read or written here (see `versionOf`); '' to read it again. */
  version: string;
  /** The pins in the file, as of `version`. */
  pins: Map<string, string>;
  /** Pins made here and not written yet. */
  pending: Map<string, string>;
}

/** Read once per thread and path; read again when the file changes (see `versionOf`). */
const loaded = new Map<string, LoadedLock>();

/**
 * How long the pins of imports made outside `space.import()` (a module's own
 * `import()`) wait off the main thread before they are written: the hooks
 * thread goes idle between two hook calls, so a turn of its event loop says
 * nothing about the end of a batch. Restarted by every pin.
 */
const IDLE_FLUSH_MS = 200;
/** The flush that will write what is pending, if one is scheduled. */
let scheduled: { cancel(): void } | undefined;

/** The hash pinned for `url`, if any (written or not yet). */
export function pinnedIntegrity(lockfile: string, url: string): string | undefined {
  const lock = load(lockfile);
  return lock.pins.get(url) ?? lock.pending.get(url);
}

/**
 * Passes when `integrity` is the one pinned for `url`. An unpinned URL is
 * pinned when `writeLock` allows it, refused otherwise. A new pin is written
 * with the others of its batch, not at once: see `flushLockfiles`.
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
    load(lockfile).pending.set(url, integrity);
    scheduleFlush();
    return;
  }
  if (pinned !== integrity) {
    throw new ModspaceError(
      ErrorCodes.INTEGRITY,
      `Remote module ${url} does not match lockfile ${lockfile}: expected ${pinned}, got ${integrity}`,
    );
  }
}

/**
 * Writes every lockfile with pins pending in this thread, once each,
 * atomically (a reader, or a crash, sees the old file or the new one). The
 * file is read again first when someone else wrote it meanwhile, and its
 * pins win: a pin is never changed. Called when a batch of imports ends (a
 * `space.import()` settles, the thread goes idle), before what was read is
 * forgotten, and at exit. Answers why the first one failed, for an
 * ERR_MODSPACE_LOCKFILE the caller words; the pins that could not be written
 * stay pending for the next flush.
 */
export function flushLockfiles(): string | undefined {
  scheduled?.cancel();
  scheduled = undefined;
  let failure: string | undefined;
  for (const [lockfile, lock] of loaded) {
    if (lock.pending.size === 0) continue;
    try {
      write(lockfile);
    } catch (error) {
      // A file someone else wrote and broke meanwhile says so itself ("Cannot read lockfile ...").
      failure ??= error instanceof ModspaceError ? error.message.replace(/^\[modspace\] /, '') : `Cannot write lockfile ${lockfile}: ${(error as Error).message}`;
    }
  }
  return failure;
}

/** The file's pins (read again if it changed) and this thread's, in one atomic write. */
function write(lockfile: string): void {
  const current = load(lockfile);
  const all = new Map([...current.pending, ...current.pins]);
  const remote = Object.fromEntries([...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  writeFileAtomic(lockfile, `${JSON.stringify({ version: VERSION, remote }, null, 2)}\n`, { durable: true });
  current.version = versionOf(lockfile);
  current.pins = all;
  current.pending.clear();
}

/**
 * In the main thread, the hooks run synchronously inside Node's loading of
 * a graph, so the next turn of its event loop ends the batch. Elsewhere (the
 * off-thread hooks) the batch ends when no pin came for a while. Never keeps
 * a process alive: what is pending at exit is written by the exit flush.
 */
function scheduleFlush(): void {
  if (workerThreads().isMainThread) {
    if (scheduled) return;
    const immediate = setImmediate(flushInBackground).unref();
    scheduled = { cancel: () => clearImmediate(immediate) };
  } else {
    scheduled?.cancel();
    const timer = setTimeout(flushInBackground, IDLE_FLUSH_MS).unref();
    scheduled = { cancel: () => clearTimeout(timer) };
  }
}

/** Nobody to throw to: a failure keeps the pins pending, and the next flush that has a caller reports it. */
function flushInBackground(): void {
  scheduled = undefined;
  flushLockfiles();
}

function load(lockfile: string): LoadedLock {
  const version = versionOf(lockfile);
  const known = loaded.get(lockfile);
  if (known && known.version === version) return known;
  const pins = version === NO_FILE ? new Map<string, string>() : parse(lockfile);
  // Pins not written yet survive a re-read; those someone else wrote meanwhile are theirs.
  const pending = new Map([...(known?.pending ?? [])].filter(([url]) => !pins.has(url)));
  const lock: LoadedLock = { version, pins, pending };
  loaded.set(lockfile, lock);
  return lock;
}

const NO_FILE = 'none';

/**
 * Inode, mtime and size: every write here replaces the inode (rename), so
 * another thread's or process's write is noticed even within one mtime tick.
 */
function versionOf(path: string): string {
  try {
    const { ino, mtimeMs, size } = statSync(path);
    return `${ino}:${mtimeMs}:${size}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return NO_FILE;
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

/** Writes what is pending, then drops what was read, so the next check reads the file again (pins that could not be written are kept). */
export function forgetLockfiles(): void {
  flushLockfiles();
  for (const [lockfile, lock] of loaded) {
    if (lock.pending.size === 0) loaded.delete(lockfile);
    else lock.version = '';
  }
}
