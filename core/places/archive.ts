/**
 * Archives as places: modules imported straight from a `.zip`, or an npm
 * `.tgz` (`.tar.gz`, `.tar`), with nothing extracted to disk.
 *
 * URLs. The entry `lib/x.js` of `/abs/plugin.zip` is
 * `archive:///abs/plugin.zip!/lib/x.js`: the archive's file URL with
 * `archive:` for `file:`, then `!/`, then the entry path, percent-encoded as
 * any URL path. Relative imports then resolve by plain URL rules; a `..` that
 * climbs above `!/` drops the marker, and such a URL is reported as escaping.
 * Queries and fragments (modspace's token among them) play no part in lookups.
 *
 * Roots. A tar whose entries all sit in one top folder has that folder as its
 * root: npm packs every package under `package/` (whatever the name), and the
 * package is what is imported. A zip's root is its own: plugins are zipped
 * from inside their folder, and a zip that happens to hold one folder means
 * that folder.
 *
 * Safety. Entries named by an absolute path or with a `..` segment are left
 * out of the index, so no URL reaches them. Tar links are left out too.
 *
 * Memory. An archive is read once per process (again when its size or mtime
 * changes) and kept in memory: a zip as it is, its directory indexed, each
 * entry inflated when read and not kept (Node keeps the source it is handed);
 * a gzipped tar decompressed whole on open, since gzip cannot be entered
 * midway, each entry then a copy out of it.
 *
 * Size. A space's `archive.maxBytes` bounds what an archive may unpack to,
 * and the archive file itself: a gzipped tar is inflated with zlib's
 * `maxOutputLength`, so a gzip bomb is refused once the limit is passed,
 * never allocated whole; a zip is refused when its entries' declared sizes
 * add up past the limit, and each entry inflates to its declared size at
 * most (adm-zip caps zlib's output there). The opened archive remembers its
 * size, so a space with a lower limit is refused it too.
 */
import { constants as bufferConstants } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { zlib } from '../builtins.js';
import { ErrorCodes, ModspaceError } from '../errors.js';
import type { Place } from './place.js';
import { tarEntries } from './tar-index.js';
import { zipEntries } from './zip-index.js';

/** One entry as a format reader finds it: the raw name, its size unpacked, and how to get its bytes (none for a folder). */
export interface ArchiveEntry {
  name: string;
  /** Unpacked bytes: a zip's declared size, a tar entry's size; 0 for a folder. */
  size: number;
  read: (() => Uint8Array) | undefined;
}

/** How archives are read for a space (plain data: it travels to the hooks thread). */
export interface ArchiveSettings {
  /** The most bytes an archive file, and what it unpacks to, may take. */
  readonly maxBytes: number;
}

/** 128 MiB: more than any plugin or npm package a space imports from should unpack to. */
export const DEFAULT_ARCHIVE: ArchiveSettings = Object.freeze({ maxBytes: 128 * 1024 * 1024 });

const SCHEME = 'archive:';
const MARKER = '!/';
const ARCHIVE_EXTENSION = /\.(?:zip|tgz|tar\.gz|tar)$/i;
const ZIP_EXTENSION = /\.zip$/i;
const { MAX_LENGTH } = bufferConstants;

interface Opened {
  size: number;
  mtimeMs: number;
  /**
   * The larger of the file's size and what it unpacks to, what `maxBytes` is
   * compared with; without a place, a lower bound (it was refused at that size).
   */
  bytes: number;
  /** A zip's own account of its unpacked size, for the message. */
  declared: number | undefined;
  /** `undefined`: refused as too large, so a space with the same limit is refused without reading again. */
  place: Place | undefined;
}

/** By the archive's root URL. */
const opened = new Map<string, Opened>();

/** Whether a path or file URL names an archive by its extension: .zip, .tgz, .tar.gz, .tar */
export function isArchivePath(pathOrURL: string): boolean {
  return ARCHIVE_EXTENSION.test(pathOrURL.startsWith('file:') ? withoutQuery(pathOrURL) : pathOrURL);
}

/** `file:///a/p.zip` → `archive:///a/p.zip!/` */
export function archiveRootURL(fileURL: string): string {
  return `${SCHEME}${normalFileURL(fileURL).slice('file:'.length)}${MARKER}`;
}

/**
 * The archive's file URL for an `archive:` URL (`archive:///a/p.zip!/x.js?q`
 * → `file:///a/p.zip`), or undefined if it is not one. Throws
 * ERR_MODSPACE_ARCHIVE for an `archive:` URL no archive holds: one a `..`
 * took out of its archive.
 */
export function archiveFileOf(url: string): string | undefined {
  if (!url.startsWith(SCHEME)) return undefined;
  const bare = withoutQuery(url);
  // The first `!/` that ends an archive's name: a folder may be called `x!`.
  for (let at = bare.indexOf(MARKER); at !== -1; at = bare.indexOf(MARKER, at + MARKER.length)) {
    const file = `file:${bare.slice(SCHEME.length, at)}`;
    if (isArchivePath(file)) return file;
  }
  throw new ModspaceError(ErrorCodes.ARCHIVE, `${url} is not inside an archive: a '..' climbed out of one, or there was none`);
}

/**
 * The place for an archive, opened once per process and reopened when the
 * file's size or mtime changed. Throws ERR_MODSPACE_ARCHIVE (naming the file)
 * if it is not a readable archive or is larger than `settings.maxBytes`
 * (packed or unpacked), ERR_MODULE_NOT_FOUND if it does not exist.
 */
export function openArchive(fileURL: string, settings: ArchiveSettings = DEFAULT_ARCHIVE): Place {
  const root = archiveRootURL(fileURL);
  const path = fileURLToPath(normalFileURL(fileURL));
  const { maxBytes } = settings;
  // Stat before reading: should the file change in between, the next open sees a new stat and reads again.
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) throw notFound(`Cannot find the archive ${path}`, fileURL);
  let known = opened.get(root);
  if (known && (known.size !== stat.size || known.mtimeMs !== stat.mtimeMs)) known = undefined;
  // Opened for a space allowing more, or refused before: this space's limit holds either way.
  if (known && known.bytes > maxBytes) throw tooLarge(path, maxBytes, known.declared);
  if (known?.place) return known.place;
  if (!stat.isFile()) throw unreadable(path, 'not a file');
  if (!isArchivePath(path)) throw unreadable(path, 'not a .zip, .tgz, .tar.gz or .tar file');
  const remember = (bytes: number, place: Place | undefined, declared?: number) => opened.set(root, { size: stat.size, mtimeMs: stat.mtimeMs, bytes, declared, place });
  if (stat.size > maxBytes) {
    remember(stat.size, undefined);
    throw tooLarge(path, maxBytes);
  }
  let read;
  try {
    read = readEntries(path, maxBytes);
  } catch (error) {
    if (error instanceof TooLarge) {
      remember(error.bytes, undefined, error.declared);
      throw tooLarge(path, maxBytes, error.declared);
    }
    throw error;
  }
  const place = archivePlace(root, path, read.entries);
  remember(Math.max(read.bytes, stat.size), place, read.declared);
  return place;
}

/** The place an `archive:` URL belongs to (opens it under the asking space's settings). */
export function archivePlaceOf(url: string, settings: ArchiveSettings = DEFAULT_ARCHIVE): Place | undefined {
  const file = archiveFileOf(url);
  return file === undefined ? undefined : openArchive(file, settings);
}

/** Forgets every opened archive (the integrator calls it from invalidateCaches()). */
export function forgetArchives(): void {
  opened.clear();
}

/** An entry's path as segments, with no empty, `.` or `..` one. */
interface Entry {
  segments: string[];
  read: (() => Uint8Array) | undefined;
}

/** The entries, and the bytes they unpack to; refused past `maxBytes`. */
function readEntries(path: string, maxBytes: number): { entries: Entry[]; bytes: number; declared?: number } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw unreadable(path, messageOf(error), error);
  }
  try {
    if (ZIP_EXTENSION.test(path)) {
      const entries = zipEntries(bytes);
      // Declared sizes, before anything is inflated; each read is then capped at its declared size.
      const declared = entries.reduce((total, entry) => total + entry.size, 0);
      if (declared > maxBytes) throw new TooLarge(declared, declared);
      return { entries: safeEntries(entries), bytes: declared, declared };
    }
    // Sniffed, not taken from the name: an npm tarball saved as `.tar` is still gzipped.
    const tar = isGzip(bytes) ? gunzipAtMost(bytes, maxBytes) : bytes;
    return { entries: soleFolderStripped(safeEntries(tarEntries(tar))), bytes: tar.byteLength };
  } catch (error) {
    if (error instanceof TooLarge) throw error;
    throw unreadable(path, messageOf(error), error);
  }
}

/** An archive found to unpack past the limit: to `bytes` at least (`declared`: by a zip's own account). */
class TooLarge extends Error {
  constructor(
    readonly bytes: number,
    readonly declared?: number,
  ) {
    super('too large');
  }
}

/**
 * Gunzips, refusing output past `maxBytes` as zlib produces it: what is held
 * before the refusal is at most `maxBytes` and one chunk, whatever the input
 * claims (the gzip trailer's size is not to be trusted).
 */
function gunzipAtMost(bytes: Uint8Array, maxBytes: number): Uint8Array {
  try {
    // zlib accepts at most the largest Buffer, which no output can exceed anyway.
    return zlib().gunzipSync(bytes, { maxOutputLength: Math.min(maxBytes, MAX_LENGTH) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new TooLarge(maxBytes + 1);
    throw error;
  }
}

/** Leaves out the entries named by an absolute path or with a `..` segment (zip-slip). */
function safeEntries(entries: readonly ArchiveEntry[]): Entry[] {
  const safe: Entry[] = [];
  for (const { name, read } of entries) {
    if (/^(?:[/\\]|[a-z]:)/i.test(name)) continue;
    const segments = name.split('/').filter((segment) => segment !== '' && segment !== '.');
    if (segments.length === 0 || segments.some((segment) => segment.split('\\').includes('..'))) continue;
    safe.push({ segments, read });
  }
  return safe;
}

/** npm's tarballs hold the package in one top folder (`package/`); the place's root is that folder. */
function soleFolderStripped(entries: Entry[]): Entry[] {
  const top = entries[0]?.segments[0];
  const sole = entries.every(({ segments, read }) => segments[0] === top && (segments.length > 1 || read === undefined));
  if (top === undefined || !sole) return entries;
  return entries.map(({ segments, read }) => ({ segments: segments.slice(1), read })).filter(({ segments }) => segments.length > 0);
}

function archivePlace(url: string, path: string, entries: readonly Entry[]): Place {
  const files = new Map<string, () => Uint8Array>();
  const folders = new Set<string>(['']); // entry paths ending in `/`; '' is the root
  for (const { segments, read } of entries) {
    // A folder entry counts even when empty, as it would once extracted.
    const last = read === undefined ? segments.length : segments.length - 1;
    for (let i = 1; i <= last; i++) folders.add(`${segments.slice(0, i).join('/')}/`);
    if (read !== undefined) files.set(segments.join('/'), read); // a later duplicate wins, as when extracting
  }
  /** The entry path `entryURL` names in this archive, decoded; undefined if it cannot name one. */
  const entryOf = (entryURL: string): string | undefined => {
    if (!entryURL.startsWith(url)) return undefined;
    const segments: string[] = [];
    for (const encoded of withoutQuery(entryURL.slice(url.length)).split('/')) {
      let segment: string;
      try {
        segment = decodeURIComponent(encoded);
      } catch {
        return undefined; // a malformed escape names nothing
      }
      // An encoded `/` or a `..` left in an unparsed URL would step between folders.
      if (segment.includes('/') || segment === '.' || segment === '..') return undefined;
      segments.push(segment);
    }
    return segments.join('/');
  };
  return {
    url,
    isFile(fileURL) {
      const entry = entryOf(fileURL);
      return entry !== undefined && files.has(entry);
    },
    isDirectory(folderURL) {
      const entry = entryOf(folderURL);
      return entry !== undefined && (entry === '' || entry.endsWith('/')) && folders.has(entry);
    },
    read(fileURL) {
      const entry = entryOf(fileURL);
      const read = entry === undefined ? undefined : files.get(entry);
      if (read === undefined) throw notFound(`Cannot find '${entry ?? fileURL}' in the archive ${path}`, fileURL);
      try {
        return read();
      } catch (error) {
        throw unreadable(path, `'${entry}': ${messageOf(error)}`, error);
      }
    },
  };
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function normalFileURL(fileURL: string): string {
  const url = new URL(fileURL);
  if (url.protocol !== 'file:') throw Object.assign(new TypeError(`Not a file URL: ${fileURL}`), { code: 'ERR_INVALID_URL_SCHEME' });
  url.search = '';
  url.hash = '';
  return url.href;
}

function withoutQuery(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

function notFound(message: string, url: string): Error {
  return Object.assign(new Error(message), { code: 'ERR_MODULE_NOT_FOUND', url });
}

function tooLarge(path: string, maxBytes: number, declared?: number): ModspaceError {
  const size = declared === undefined ? '' : ` (its entries declare ${declared} bytes)`;
  return new ModspaceError(
    ErrorCodes.ARCHIVE,
    `Cannot read the archive ${path}: it is over the limit of ${maxBytes} bytes (as a file or unpacked)${size}; the space option archive: { maxBytes } raises it`,
  );
}

function unreadable(path: string, reason: string, cause?: unknown): ModspaceError {
  return new ModspaceError(ErrorCodes.ARCHIVE, `Cannot read the archive ${path}: ${reason}`, { cause });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
