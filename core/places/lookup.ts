/**
 * Which place a module URL belongs to, by scheme: `archive:` (an archive on
 * disk), `memory:` (a space's memory root), `http:`/`https:` (a web server,
 * under the space's remote settings). `file:` URLs are Node's own business
 * and have no place.
 */
import type { SpaceRecord } from '../state.js';
import { fileSystem, type Files } from '../package-entry.js';
import { archiveFileOf, archivePlaceOf } from './archive.js';
import { memoryPlace } from './memory.js';
import type { Place } from './place.js';
import { remotePlace } from './remote.js';
import { DEFAULT_REMOTE } from '../remote/settings.js';

/** Whether a URL (or specifier) names a module in a place. Runs on every resolve: no regex, no URL parsing. */
export function isPlaceURL(url: string): boolean {
  return url.startsWith('archive:') || url.startsWith('memory:') || isRemoteURL(url);
}

export function isRemoteURL(url: string): boolean {
  return url.startsWith('https:') || url.startsWith('http:');
}

/** The place that serves `url` for this space, or `undefined` for a file (or any other scheme). */
export function placeOf(url: string, record: SpaceRecord): Place | undefined {
  if (url.startsWith('archive:')) return archivePlaceOf(url, record.archive);
  if (url.startsWith('memory:')) {
    const root = record.resolution?.memory.find((candidate) => url.startsWith(candidate.url));
    return root ? memoryPlace(root) : undefined;
  }
  if (isRemoteURL(url)) return remotePlace(new URL('/', url).href, record.remote ?? DEFAULT_REMOTE, transformedExtensions(record));
  return undefined;
}

/** How to read the folder at `url`: through its place, or from disk. */
export function filesAt(url: string, record: SpaceRecord): Files {
  return placeOf(url, record) ?? fileSystem;
}

/** Extensions the space turns into JavaScript beyond TypeScript's: remote servers may send them as text. */
export function transformedExtensions(record: SpaceRecord): readonly string[] {
  return record.transforms ? Object.keys(record.transforms) : [];
}

/**
 * What a policy judges for a resolved URL: places the host configured (the
 * space's memory roots, its remote roots) are its own code, like its files,
 * and are not policed (`undefined`); an archive entry is judged as the
 * archive's file, so path rules apply to it; any other URL as itself.
 */
export function policySubject(record: SpaceRecord, url: string): string | undefined {
  if (url.startsWith('memory:')) return undefined;
  if (url.startsWith('archive:')) return archiveFileOf(url) ?? url;
  if (isRemoteURL(url) && record.resolution?.roots.some((root) => url.startsWith(root))) return undefined;
  return url;
}
