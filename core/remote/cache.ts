/**
 * The disk cache of remote files, content-addressed:
 *
 *     <cacheDir>/blobs/<sha384 hex>           the bytes
 *     <cacheDir>/urls/<sha256(url) hex>.json  { url, finalURL, integrity, contentType }
 *                                             or { url, missing: true } for a probe that got 404/410
 *
 * Callers write only what passed every check (status, type, size, complete
 * body, lockfile), so the cache never holds something that would have been
 * refused. Reads check the blob against the hash in its index entry anyway:
 * a blob damaged on disk is a miss, and is deleted.
 */
import { crypto } from '../builtins.js';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { integrityOf } from './lockfile.js';

export interface CachedFile {
  url: string;
  finalURL: string;
  integrity: string;
  contentType: string;
  bytes: Uint8Array;
}

export type CacheHit = { kind: 'file'; file: CachedFile } | { kind: 'missing' };

type IndexEntry = Omit<CachedFile, 'bytes'> | { url: string; missing: true };

const INTEGRITY = /^sha384-[A-Za-z0-9+/]{64}$/;

/** What the cache knows about `url`; undefined when nothing usable. */
export function readCached(cacheDir: string, url: string): CacheHit | undefined {
  const entry = readIndex(cacheDir, url);
  if (entry === undefined) return undefined;
  if ('missing' in entry) return { kind: 'missing' };
  const blob = blobPath(cacheDir, entry.integrity);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(blob);
  } catch {
    return undefined;
  }
  if (integrityOf(bytes) !== entry.integrity) {
    rmSync(blob, { force: true });
    return undefined;
  }
  return { kind: 'file', file: { ...entry, bytes } };
}

/**
 * Stores a checked file. Best effort: a cache that cannot be written costs
 * a fetch next time, it must not fail the import that just succeeded.
 */
export function writeCached(cacheDir: string, file: CachedFile): void {
  const { url, finalURL, integrity, contentType, bytes } = file;
  try {
    // The blob first: an index entry must never point at a blob that is not there yet.
    writeFileAtomic(blobPath(cacheDir, integrity), bytes);
    writeIndex(cacheDir, { url, finalURL, integrity, contentType });
  } catch {
    // See above.
  }
}

/** Remembers that a probe of `url` found nothing (404/410). Best effort too. */
export function writeMissing(cacheDir: string, url: string): void {
  try {
    writeIndex(cacheDir, { url, missing: true });
  } catch {
    // See writeCached.
  }
}

/** Deletes every cached file and negative entry. Leaves the folder itself, which the user named. */
export function clearCache(cacheDir: string): void {
  rmSync(join(cacheDir, 'blobs'), { recursive: true, force: true });
  rmSync(join(cacheDir, 'urls'), { recursive: true, force: true });
}

/** Where the index entry of `url` lives (for tests and tooling). */
export function indexPath(cacheDir: string, url: string): string {
  return join(cacheDir, 'urls', `${crypto().createHash('sha256').update(url).digest('hex')}.json`);
}

/** Where the blob with `integrity` (`sha384-<base64>`) lives. */
export function blobPath(cacheDir: string, integrity: string): string {
  const hex = Buffer.from(integrity.slice('sha384-'.length), 'base64').toString('hex');
  return join(cacheDir, 'blobs', hex);
}

function writeIndex(cacheDir: string, entry: IndexEntry): void {
  writeFileAtomic(indexPath(cacheDir, entry.url), `${JSON.stringify(entry)}\n`);
}

/** The entry for `url`, or undefined when absent or not one this module wrote. */
function readIndex(cacheDir: string, url: string): IndexEntry | undefined {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(indexPath(cacheDir, url), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const entry = data as Record<string, unknown>;
  if (entry.url !== url) return undefined;
  if (entry.missing === true) return { url, missing: true };
  const { finalURL, integrity, contentType } = entry;
  if (typeof finalURL !== 'string' || typeof contentType !== 'string') return undefined;
  if (typeof integrity !== 'string' || !INTEGRITY.test(integrity)) return undefined;
  return { url, finalURL, integrity, contentType };
}
