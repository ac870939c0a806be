/**
 * The file a subpath of a package folder names, the way Node's ESM resolver
 * reads a package it found in node_modules: `exports` with the given
 * conditions, else the legacy `main`, else `index.js`. Node's own resolver
 * only finds packages inside node_modules folders, so packages found in a
 * space's roots (and plugin folders) are read here. A package may live in
 * a place (an archive, memory, a web server) as well as on disk: every read
 * goes through `Files`.
 */
import { readFileSync, statSync, type Stats } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The reads package lookup needs; a `Place` is one, the file system another. */
export interface Files {
  isFile(url: string): boolean;
  isDirectory(url: string): boolean;
  read(url: string): Uint8Array;
}

export const fileSystem: Files = {
  isFile: (url) => isFile(url),
  isDirectory: (url) => isDirectory(url),
  read: (url) => readFileSync(new URL(url)),
};

type ExportsTarget = string | null | ExportsTarget[] | { [key: string]: ExportsTarget };

/** `subpath` is `.` or `./x`; `folderURL` ends in `/`. */
export function packageEntry(folderURL: string, subpath: string, conditions: readonly string[], files: Files = fileSystem): string {
  const manifest = readManifest(folderURL, files);
  if (manifest.exports !== undefined && manifest.exports !== null) {
    const url = resolveExports(folderURL, manifest.exports as ExportsTarget, subpath, new Set([...conditions, 'default']));
    if (url === undefined) throw notExported(folderURL, subpath);
    return url;
  }
  if (subpath !== '.') return subpathFile(folderURL, subpath, files);
  return legacyMain(folderURL, typeof manifest.main === 'string' ? manifest.main : undefined, files);
}

/**
 * A subpath of a package without `exports`: the file itself, else with a
 * module extension or as a folder's index, as roots promise (`grok/blah` is
 * `grok/blah.js`). Node reports the missing module when nothing matches.
 */
function subpathFile(folderURL: string, subpath: string, files: Files): string {
  const url = new URL(subpath, folderURL).href;
  if (files.isFile(url)) return url;
  for (const candidate of [`${url}.js`, `${url}.mjs`, `${url}.ts`, `${url}/index.js`, `${url}/index.mjs`]) {
    if (files.isFile(candidate)) return candidate;
  }
  return url;
}

/** Whether the folder declares an entry (`exports` or `main`) in its package.json. */
export function declaresEntry(folderURL: string, files: Files = fileSystem): boolean {
  const manifest = readManifest(folderURL, files);
  return (manifest.exports !== undefined && manifest.exports !== null) || typeof manifest.main === 'string';
}

function readManifest(folderURL: string, files: Files): Record<string, unknown> {
  const file = new URL('package.json', folderURL);
  let text: string;
  try {
    // A folder without package.json: main and exports are absent.
    if (files !== fileSystem && !files.isFile(file.href)) return {};
    text = Buffer.from(files.read(file.href)).toString('utf8');
  } catch (error) {
    if (files !== fileSystem) throw error; // a place's refusal (a remote error) is the user's to see
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw Object.assign(new Error(`Invalid package config ${displayURL(file.href)}`), { code: 'ERR_INVALID_PACKAGE_CONFIG' });
}

function resolveExports(folderURL: string, exports: ExportsTarget, subpath: string, conditions: Set<string>): string | undefined {
  // `"exports": "./x.js"`, an array, or a conditions object all mean the `.` entry.
  const map =
    typeof exports === 'object' && exports !== null && !Array.isArray(exports) && Object.keys(exports).some((key) => key.startsWith('.'))
      ? exports
      : { '.': exports };
  const direct = map[subpath];
  if (direct !== undefined && !subpath.includes('*')) return resolveTarget(folderURL, direct, '', conditions);
  // Subpath patterns: the key with the longest part before `*` wins, then the longest key.
  let best: { key: string; prefix: number; star: string } | undefined;
  for (const key of Object.keys(map)) {
    const at = key.indexOf('*');
    if (at === -1 || key.indexOf('*', at + 1) !== -1) continue;
    const prefix = key.slice(0, at);
    const suffix = key.slice(at + 1);
    if (!subpath.startsWith(prefix) || !subpath.endsWith(suffix) || subpath.length < key.length) continue;
    if (best && (at < best.prefix || (at === best.prefix && key.length <= best.key.length))) continue;
    best = { key, prefix: at, star: subpath.slice(prefix.length, subpath.length - suffix.length) };
  }
  const target = best ? map[best.key] : undefined;
  return best && target !== undefined ? resolveTarget(folderURL, target, best.star, conditions) : undefined;
}

/** `undefined`: no condition matched, or the subpath is excluded (`null`). */
function resolveTarget(folderURL: string, target: ExportsTarget, star: string, conditions: Set<string>): string | undefined {
  if (target === null) return undefined;
  if (typeof target === 'string') {
    if (!target.startsWith('./')) return undefined;
    const url = new URL(target.replaceAll('*', star), folderURL).href;
    // A target may not leave its package.
    return url.startsWith(folderURL) ? url : undefined;
  }
  if (Array.isArray(target)) {
    for (const candidate of target) {
      const url = resolveTarget(folderURL, candidate, star, conditions);
      if (url !== undefined) return url;
    }
    return undefined;
  }
  // Conditions are tried in the package's order, not the caller's.
  for (const [condition, value] of Object.entries(target)) {
    if (!conditions.has(condition)) continue;
    const url = resolveTarget(folderURL, value, star, conditions);
    if (url !== undefined) return url;
  }
  return undefined;
}

/** Node's legacy lookup for packages without `exports`. */
function legacyMain(folderURL: string, main: string | undefined, files: Files): string {
  const candidates = main ? [main, `${main}.js`, `${main}.json`, `${main}/index.js`, `${main}/index.json`] : [];
  candidates.push('index.js', 'index.json');
  for (const candidate of candidates) {
    const url = new URL(candidate.startsWith('./') ? candidate : `./${candidate}`, folderURL);
    if (url.href.startsWith(folderURL) && files.isFile(url.href)) return url.href;
  }
  // Node reports the missing module when it is asked for this URL.
  return new URL('index.js', folderURL).href;
}

export function isFile(url: URL | string): boolean {
  return statOf(url)?.isFile() ?? false;
}

export function isDirectory(url: URL | string): boolean {
  return statOf(url)?.isDirectory() ?? false;
}

/**
 * `throwIfNoEntry: false` only covers ENOENT: a path through a file
 * (`<root>/config.json/`, asked when looking for a package folder) is
 * ENOTDIR, a name longer than the file system allows is ENAMETOOLONG, a
 * symlink cycle ELOOP, and a NUL byte is refused before any system call; each
 * means "no such file" just as well, as it does to Node's own resolver.
 */
function statOf(url: URL | string): Stats | undefined {
  try {
    return statSync(url instanceof URL ? url : new URL(url), { throwIfNoEntry: false });
  } catch (error) {
    if (ABSENT.has((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}

const ABSENT = new Set(['ENOTDIR', 'ENAMETOOLONG', 'ELOOP', 'ERR_INVALID_ARG_VALUE']);

function notExported(folderURL: string, subpath: string): Error {
  const what = subpath === '.' ? 'No "exports" main defined' : `Package subpath '${subpath}' is not defined by "exports"`;
  return Object.assign(new Error(`${what} in ${displayURL(new URL('package.json', folderURL).href)}`), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
}

function displayURL(url: string): string {
  return url.startsWith('file:') ? fileURLToPath(url) : url;
}
