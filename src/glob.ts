/**
 * A small glob over the file system for `loadPlugins()`: `*` and `?` within
 * one path segment, `**` for any number of folders. Node 20 has no
 * `fs.globSync`, and plugin discovery needs little more than this. Names
 * starting with `.` match only a pattern segment that starts with `.`, and
 * `**` never descends into `node_modules` or dot folders.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';

export interface GlobMatch {
  /** Absolute path of the match. */
  path: string;
  isDirectory: boolean;
}

export function hasGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** The leading folders of an absolute pattern that hold no wildcard: where the walk starts. */
export function globBase(pattern: string): string {
  const segments = pattern.split(/[\\/]/);
  const firstWild = segments.findIndex((segment) => hasGlob(segment));
  const base = segments.slice(0, firstWild === -1 ? segments.length : firstWild).join(sep);
  return base === '' && isAbsolute(pattern) ? sep : base;
}

/** Every file or folder matching the absolute `pattern`, sorted by path. */
export function glob(pattern: string): GlobMatch[] {
  const base = globBase(pattern);
  const rest = pattern.slice(base.length).split(/[\\/]/).filter((segment) => segment !== '');
  const found = new Map<string, boolean>();
  walk(base, rest, found);
  return [...found].map(([path, isDirectory]) => ({ path, isDirectory })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function walk(dir: string, segments: string[], found: Map<string, boolean>): void {
  const [segment, ...rest] = segments;
  if (segment === undefined) return;
  if (segment === '**') {
    walk(dir, rest, found); // zero folders
    for (const entry of list(dir)) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') walk(join(dir, entry.name), segments, found);
    }
    return;
  }
  const matcher = segmentMatcher(segment);
  for (const entry of list(dir)) {
    if (!matcher(entry.name)) continue;
    const path = join(dir, entry.name);
    // Follow symbolic links, as a plugins folder may link plugins in.
    const isDirectory = entry.isDirectory() || (entry.isSymbolicLink() && (statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false));
    if (rest.length === 0) found.set(path, isDirectory);
    else if (isDirectory) walk(path, rest, found);
  }
}

function segmentMatcher(segment: string): (name: string) => boolean {
  if (!hasGlob(segment)) return (name) => name === segment;
  const source = [...segment].map((char) => (char === '*' ? '[^/\\\\]*' : char === '?' ? '[^/\\\\]' : char.replace(/[\\^$.+()[\]{}|]/g, '\\$&'))).join('');
  const regex = new RegExp(`^${source}$`);
  const dotAllowed = segment.startsWith('.');
  return (name) => (dotAllowed || !name.startsWith('.')) && regex.test(name);
}

function list(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
