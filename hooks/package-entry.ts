/**
 * The file a subpath of a package folder names, the way Node's ESM resolver
 * reads a package it found in node_modules: `exports` with the given
 * conditions, else the legacy `main`, else `index.js`. Node's own resolver
 * only finds packages inside node_modules folders, so packages found in a
 * space's roots (and plugin folders) are read here; the URL returned is then
 * handed to Node, which checks the file exists and picks its format.
 * Reads the file system and nothing else.
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type ExportsTarget = string | null | ExportsTarget[] | { [key: string]: ExportsTarget };

/** `subpath` is `.` or `./x`; `folderURL` ends in `/`. */
export function packageEntry(folderURL: string, subpath: string, conditions: readonly string[]): string {
  const manifest = readManifest(folderURL);
  if (manifest.exports !== undefined && manifest.exports !== null) {
    const url = resolveExports(folderURL, manifest.exports as ExportsTarget, subpath, new Set([...conditions, 'default']));
    if (url === undefined) throw notExported(folderURL, subpath);
    return url;
  }
  if (subpath !== '.') return new URL(subpath, folderURL).href;
  return legacyMain(folderURL, typeof manifest.main === 'string' ? manifest.main : undefined);
}

/** Whether the folder declares an entry (`exports` or `main`) in its package.json. */
export function declaresEntry(folderURL: string): boolean {
  const manifest = readManifest(folderURL);
  return (manifest.exports !== undefined && manifest.exports !== null) || typeof manifest.main === 'string';
}

function readManifest(folderURL: string): Record<string, unknown> {
  const file = new URL('package.json', folderURL);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {}; // a folder without package.json: main and exports are absent
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw Object.assign(new Error(`Invalid package config ${fileURLToPath(file)}`), { code: 'ERR_INVALID_PACKAGE_CONFIG' });
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
function legacyMain(folderURL: string, main: string | undefined): string {
  const candidates = main ? [main, `${main}.js`, `${main}.json`, `${main}/index.js`, `${main}/index.json`] : [];
  candidates.push('index.js', 'index.json');
  for (const candidate of candidates) {
    const url = new URL(candidate.startsWith('./') ? candidate : `./${candidate}`, folderURL);
    if (url.href.startsWith(folderURL) && isFile(url)) return url.href;
  }
  // Node reports the missing module when it is asked for this URL.
  return new URL('index.js', folderURL).href;
}

export function isFile(url: URL | string): boolean {
  return statSync(url instanceof URL ? url : new URL(url), { throwIfNoEntry: false })?.isFile() ?? false;
}

export function isDirectory(url: URL | string): boolean {
  return statSync(url instanceof URL ? url : new URL(url), { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function notExported(folderURL: string, subpath: string): Error {
  const what = subpath === '.' ? 'No "exports" main defined' : `Package subpath '${subpath}' is not defined by "exports"`;
  return Object.assign(new Error(`${what} in ${fileURLToPath(new URL('package.json', folderURL))}`), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
}
