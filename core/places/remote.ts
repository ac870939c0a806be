/**
 * Remote modules, in the manner of Deno's but refused unless allowed: a
 * place per remote base URL, and `readRemote` for any remote module URL.
 *
 * A file is looked for, in order, in this thread's memory, in the disk cache
 * (when configured, and only if it agrees with the lockfile), then on the
 * network (unless offline) through the synchronous fetch bridge. What comes
 * from the network is checked against the lockfile before anything keeps it.
 * The origin and https checks come first of all, so an origin that is no
 * longer allowed is refused even when its files are cached.
 */
import { ErrorCodes, ModspaceError } from '../errors.js';
import { clearCache, readCached, writeCached, writeMissing } from '../remote/cache.js';
import { acceptedTypes, mimeTypeOf } from '../remote/content-types.js';
import { fetchSync } from '../remote/fetch-sync.js';
import { forgetLockfiles, integrityOf, pinnedIntegrity, verifyIntegrity } from '../remote/lockfile.js';
import { checkRemote } from '../remote/origin.js';
import { settingsKey, type RemoteSettings } from '../remote/settings.js';
import type { Place } from './place.js';

export interface RemoteFile {
  /** The URL asked for. */
  url: string;
  /** Where the bytes came from, after redirects. */
  finalURL: string;
  /** Shared by every reader in this thread: not to be modified. */
  bytes: Uint8Array;
  contentType: string;
  /** `sha384-<base64>` of the bytes. */
  integrity: string;
}

interface Remembered {
  file: RemoteFile;
  /** Cache folders known to hold the file, so a memory hit fills a newly configured cache once. */
  storedIn: Set<string>;
}

/** This thread's files by URL. The settings are not part of the key: every hit is checked against the asker's settings. */
const files = new Map<string, Remembered>();
/** URLs a probe found missing (404/410). */
const missing = new Set<string>();
/** Cache folders used by this thread, for `forgetRemote({ disk: true })`. */
const cacheDirs = new Set<string>();
const places = new Map<string, Place>();

/** The remote place rooted at `baseURL`; one object per base, settings and extensions. */
export function remotePlace(baseURL: string, settings: RemoteSettings, extraExtensions: readonly string[] = []): Place {
  const url = baseURL.endsWith('/') ? baseURL : `${baseURL}/`;
  const key = `${url}\n${settingsKey(settings)}\n${extraExtensions.join('\n')}`;
  const known = places.get(key);
  if (known) return known;
  // Copies: a caller changing its objects later must not change a memoised place.
  const own: RemoteSettings = { ...settings, allow: [...settings.allow] };
  const extensions = [...extraExtensions];
  const isFile = (fileURL: string) => lookUp(fileURL, own, extensions, true) !== undefined;
  const place: Place = {
    url,
    isFile,
    isDirectory: (folderURL) => isFile(`${folderURL}package.json`) || isFile(`${folderURL}index.js`),
    read: (fileURL) => readRemote(fileURL, own, extensions).bytes,
  };
  places.set(key, place);
  return place;
}

/** The remote module at `url` (under a place or not); throws a coded error when it cannot be had. */
export function readRemote(url: string, settings: RemoteSettings, extraExtensions: readonly string[] = []): RemoteFile {
  const file = lookUp(url, settings, extraExtensions, false);
  if (file === undefined) {
    throw new ModspaceError(ErrorCodes.REMOTE_NOT_FOUND, `Remote module ${url} was not found (HTTP 404 or 410 when last asked)`);
  }
  return file;
}

/**
 * Forgets this thread's remote files and misses, and re-reads lockfiles on
 * next use; with `disk`, also empties the cache folders this thread used.
 */
export function forgetRemote(options: { disk?: boolean } = {}): void {
  files.clear();
  missing.clear();
  forgetLockfiles();
  if (options.disk) for (const cacheDir of cacheDirs) clearCache(cacheDir);
  cacheDirs.clear();
}

/**
 * The file at `url`, or undefined when it is known missing. Only a probe
 * records a miss: a read of a missing file is an error, not a fact to keep.
 */
function lookUp(url: string, settings: RemoteSettings, extraExtensions: readonly string[], probe: boolean): RemoteFile | undefined {
  checkRemote(url, settings.allow);
  const accept = acceptedTypes(url, extraExtensions);
  const known = files.get(url);
  if (known) return admit(known, settings, accept);
  if (missing.has(url)) return undefined;
  const { cacheDir } = settings;
  let cachedStale = false;
  if (cacheDir !== null) {
    cacheDirs.add(cacheDir);
    const hit = readCached(cacheDir, url);
    if (hit?.kind === 'missing') {
      missing.add(url);
      return undefined;
    }
    if (hit?.kind === 'file') {
      const pinned = settings.lockfile === null ? undefined : pinnedIntegrity(settings.lockfile, url);
      // A cached file the lockfile disagrees with is not used: the network decides.
      if (pinned === undefined || pinned === hit.file.integrity) {
        return admit(remember(hit.file, cacheDir), settings, accept);
      }
      cachedStale = true;
    }
  }
  if (settings.offline) {
    const where =
      cacheDir === null
        ? 'no cache folder is configured'
        : cachedStale
          ? `its copy in the cache at ${cacheDir} does not match the lockfile`
          : `it is not in the cache at ${cacheDir}`;
    throw new ModspaceError(ErrorCodes.OFFLINE, `Remote module ${url} is needed while offline, and ${where}`);
  }
  let fetched;
  try {
    fetched = fetchSync(url, settings, accept);
  } catch (error) {
    if (probe && (error as { code?: unknown }).code === ErrorCodes.REMOTE_NOT_FOUND) {
      missing.add(url);
      if (cacheDir !== null) writeMissing(cacheDir, url);
      return undefined;
    }
    throw error;
  }
  const file: RemoteFile = { ...fetched, integrity: integrityOf(fetched.bytes) };
  // The lockfile before the cache: nothing the lockfile refuses is ever stored.
  if (settings.lockfile !== null) verifyIntegrity(settings.lockfile, url, file.integrity, settings.writeLock);
  const remembered = remember(file, undefined);
  return admit(remembered, settings, accept);
}

function remember(file: RemoteFile, storedIn: string | undefined): Remembered {
  const remembered: Remembered = { file, storedIn: new Set(storedIn === undefined ? [] : [storedIn]) };
  files.set(file.url, remembered);
  return remembered;
}

/**
 * Applies the asker's settings to a file already had: the one it came with
 * may have been looser. Then pins it and fills the asker's cache as needed.
 */
function admit({ file, storedIn }: Remembered, settings: RemoteSettings, accept: readonly string[]): RemoteFile {
  const { url } = file;
  if (!accept.includes(mimeTypeOf(file.contentType))) {
    throw new ModspaceError(
      ErrorCodes.REMOTE_CONTENT_TYPE,
      `Remote module ${url} was served with content type "${file.contentType}", which is not accepted for it (accepted: ${accept.join(', ')})`,
    );
  }
  if (file.bytes.length > settings.maxBytes) {
    throw new ModspaceError(ErrorCodes.REMOTE_TOO_LARGE, `Remote module ${url} is larger than the limit of ${settings.maxBytes} bytes`);
  }
  if (settings.lockfile !== null) verifyIntegrity(settings.lockfile, url, file.integrity, settings.writeLock);
  const { cacheDir } = settings;
  if (cacheDir !== null && !storedIn.has(cacheDir)) {
    writeCached(cacheDir, file);
    storedIn.add(cacheDir);
  }
  return file;
}
