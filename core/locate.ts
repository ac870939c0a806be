/**
 * Per-space resolution before Node's: the space's aliases, then its roots,
 * and every import made by a module that lives in a place (an archive,
 * memory, a web server), which Node's resolver cannot read. Called from one
 * place, `planInSpace` in decide.ts, after the overrides that match before
 * resolution.
 */
import { isBuiltin } from 'node:module';
import { applyAlias } from './aliases.js';
import { packageEntry } from './package-entry.js';
import { packageNameOf } from './policy.js';
import { archiveFileOf } from './places/archive.js';
import { filesAt, isPlaceURL, isRemoteURL, placeOf, transformedExtensions } from './places/lookup.js';
import { typeScriptSiblingURL } from './typescript.js';
import { readRemote } from './places/remote.js';
import { findInRoots } from './roots.js';
import { DEFAULT_REMOTE } from './remote/settings.js';
import type { SpaceRecord } from './state.js';
import { targetOf } from './token.js';

/**
 * What to resolve: `place` URLs are final (Node cannot read them); otherwise
 * Node's resolver is asked for `specifier` as imported by `parentURL`.
 */
export type Located = { place: string } | { specifier: string; parentURL: string };

export function locate(record: SpaceRecord, specifier: string, parentURL: string, conditions: readonly string[]): Located {
  // Every import of every space comes here: prefix checks only, until a place or a resolution option is involved.
  if (isPlaceURL(parentURL)) return locateFromPlace(record, specifier, targetOf(parentURL), conditions);
  if (isPlaceURL(specifier)) return { place: finalURL(record, specifier) };
  const resolution = record.resolution;
  if (!resolution) return { specifier, parentURL };
  const aliased = applyAlias(resolution, specifier) ?? specifier;
  if (isPlaceURL(aliased)) return atPlace(record, aliased, conditions);
  // An alias to a folder names a package folder.
  if (aliased.startsWith('file:')) return { specifier: aliased.endsWith('/') ? packageEntry(aliased, '.', conditions) : aliased, parentURL };
  if (resolution.roots.length === 0 || packageNameOf(aliased) === undefined) return { specifier: aliased, parentURL };
  // An installed package's own imports keep the layout npm gave them (its nested
  // node_modules): roots serve the space's code and the packages found in roots.
  if (targetOf(parentURL).includes('/node_modules/')) return { specifier: aliased, parentURL };
  const found = fromRoots(record, aliased, conditions);
  if (found === undefined) return { specifier: aliased, parentURL };
  return isPlaceURL(found) ? { place: finalURL(record, found) } : { specifier: found, parentURL };
}

/**
 * An import made by a module in a place. Relative and absolute URLs resolve
 * against it (and stay in it); bare specifiers go through the space's
 * aliases and roots, then the place's own node_modules folders, then Node,
 * as if imported from the archive's file (or the space's base).
 */
function locateFromPlace(record: SpaceRecord, specifier: string, parent: string, conditions: readonly string[]): Located {
  if (isBuiltin(specifier)) return { specifier, parentURL: anchorOf(record, parent) };
  if (/^\.{0,2}\//.test(specifier) || isPlaceURL(specifier)) {
    const url = new URL(specifier, parent).href;
    if (isPlaceURL(url)) return { place: existing(record, url, specifier, parent) };
    return { specifier: url, parentURL: anchorOf(record, parent) };
  }
  if (/^[a-zA-Z][a-zA-Z\d+.-]*:/.test(specifier)) return { specifier, parentURL: anchorOf(record, parent) };
  const aliased = record.resolution ? (applyAlias(record.resolution, specifier) ?? specifier) : specifier;
  if (isPlaceURL(aliased)) return atPlace(record, aliased, conditions);
  if (aliased.startsWith('file:')) return { specifier: aliased.endsWith('/') ? packageEntry(aliased, '.', conditions) : aliased, parentURL: anchorOf(record, parent) };
  if (packageNameOf(aliased) !== undefined) {
    const found = fromRoots(record, aliased, conditions);
    if (found !== undefined) return isPlaceURL(found) ? { place: finalURL(record, found) } : { specifier: found, parentURL: anchorOf(record, parent) };
    const own = fromOwnNodeModules(record, aliased, parent, conditions);
    if (own !== undefined) return { place: own };
  }
  return { specifier: aliased, parentURL: anchorOf(record, parent) };
}

function fromRoots(record: SpaceRecord, specifier: string, conditions: readonly string[]): string | undefined {
  const roots = record.resolution?.roots;
  if (!roots?.length) return undefined;
  return findInRoots(roots, specifier, conditions, (root) => filesAt(root, record));
}

/** A package an archive or memory folder carries in its own node_modules, nearest first. Remote folders are never walked (each probe is a request). */
function fromOwnNodeModules(record: SpaceRecord, specifier: string, parent: string, conditions: readonly string[]): string | undefined {
  if (isRemoteURL(parent)) return undefined;
  const place = placeOf(parent, record);
  if (!place) return undefined;
  for (let folder = new URL('./', parent); folder.href.startsWith(place.url); folder = new URL('../', folder)) {
    const modules = new URL('node_modules/', folder).href;
    if (place.isDirectory(modules)) {
      const url = findInRoots([modules], specifier, conditions, () => place);
      if (url) return url;
    }
    if (folder.href === place.url) break;
  }
  return undefined;
}

/** A package folder or file named by an alias into a place. */
function atPlace(record: SpaceRecord, url: string, conditions: readonly string[]): Located {
  return { place: url.endsWith('/') ? packageEntry(url, '.', conditions, filesAt(url, record)) : finalURL(record, url) };
}

/** A relative import inside a place must name a file there. */
function existing(record: SpaceRecord, url: string, specifier: string, parent: string): string {
  if (isRemoteURL(url)) return finalURL(record, url);
  const place = placeOf(url, record);
  if (place?.isFile(url)) return url;
  // TypeScript imports name the compiled file (`./util.js`) while only `util.ts` exists.
  const sibling = place ? typeScriptSiblingURL(url, parent, place.isFile) : undefined;
  if (sibling !== undefined) return sibling;
  const where = archiveFileOf(parent) ?? parent;
  throw Object.assign(new Error(`Cannot find module '${url}' imported from ${where}`), { code: 'ERR_MODULE_NOT_FOUND', url });
}

/** Remote URLs are fetched as they resolve: a redirect names the module's real URL, which its relative imports need. */
function finalURL(record: SpaceRecord, url: string): string {
  if (!isRemoteURL(url)) return url;
  return readRemote(url, record.remote ?? DEFAULT_REMOTE, transformedExtensions(record)).finalURL;
}

/** Where Node resolves what a place cannot: beside the archive file, else from the space's base. */
function anchorOf(record: SpaceRecord, parent: string): string {
  return archiveFileOf(parent) ?? record.baseURL;
}
