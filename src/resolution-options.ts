/**
 * Validation of the per-space resolution options, `imports` (aliases) and
 * `roots` (folders, archives, web servers and memory folders searched for
 * bare specifiers), and the record the hooks
 * read. Values are made absolute here, against the space's `base`, so a child
 * inheriting them resolves exactly as its parent does.
 */
import { isBuiltin } from 'node:module';
import { isAbsolute } from 'node:path';
import { isDirectory, isFile } from '../core/package-entry.js';
import { archiveRootURL, isArchivePath, openArchive, type ArchiveSettings } from '../core/places/archive.js';
import type { MemoryRoot } from '../core/places/memory.js';
import { invalidOption, itemsOf, localFileURL } from './option-input.js';
import { isPlainObject, rejectUnknown } from './options.js';
import { packageNameOf } from '../core/policy.js';
import type { ResolutionRecord } from '../core/state.js';

const URL_SCHEME = /^[a-zA-Z][a-zA-Z\d+.-]*:/;

/** `{ key: value }` with every value an absolute `file:` URL, a builtin or a bare specifier. */
export function parseImports(value: unknown, base: string, describe: (value: unknown) => string, archive?: ArchiveSettings): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    invalid('imports', `Option "imports" must be an object of specifier → target, got ${describe(value)}`);
  }
  // No prototype: "__proto__" is an alias key like any other, not the prototype.
  const parsed = Object.create(null) as Record<string, string>;
  for (const [key, raw] of Object.entries(value)) {
    const option = `imports["${key}"]`;
    if (key === '' || /^(?:\.{0,2}\/|#)/.test(key) || isAbsolute(key) || (URL_SCHEME.test(key) && !isBuiltin(key))) {
      invalid(option, `Option "${option}": keys are bare specifiers ("lib", "@scope/lib/x") or prefixes ending in "/" ("lib/"); redirect a path or a URL with overrides`);
    }
    const target = raw instanceof URL ? raw.href : raw;
    if (typeof target !== 'string' || target === '') invalid(option, `Option "${option}" must be a non-empty string or URL, got ${describe(raw)}`);
    const prefix = key.endsWith('/');
    if (prefix && !target.endsWith('/')) invalid(option, `Option "${option}": the prefix key "${key}" needs a target ending in "/", got "${target}"`);
    parsed[key] = aliasTarget(option, target, base, prefix, archive);
  }
  return parsed;
}

function aliasTarget(option: string, target: string, base: string, prefix: boolean, archiveSettings: ArchiveSettings | undefined): string {
  if (/^https?:/i.test(target)) return remoteRoot(target, option, !prefix);
  const place = /^\.{1,2}\//.test(target) || isAbsolute(target) || target.startsWith('file:') ? localFileURL(option, target, base) : undefined;
  if (place === undefined) {
    if (isBuiltin(target) || (!URL_SCHEME.test(target) && packageNameOf(target) !== undefined)) return target;
    invalid(option, `Option "${option}": the target "${target}" is neither a path, a file URL, a builtin nor a package specifier`);
  }
  // An archive is a package folder (an npm tarball) or the folder a prefix maps onto
  // (`'lib/': './lib.tgz/'`: the prefix's target ends in `/`, the archive's name does not).
  const archive = new URL(place.href);
  if (prefix) archive.pathname = archive.pathname.replace(/\/$/, '');
  const archiveRoot = archiveRootOf(archive, archiveSettings);
  if (archiveRoot !== undefined) return archiveRoot;
  // A folder target names a package folder (exact key) or the folder a prefix maps onto.
  const folder = isDirectory(place);
  if (folder && !place.pathname.endsWith('/')) place.pathname += '/';
  if (prefix ? !folder : !folder && !existsAsFile(place)) {
    invalid(option, `Option "${option}": ${place.href} is not ${prefix ? 'a folder' : 'a file or a package folder'}`);
  }
  return place.href;
}

/**
 * A root as a user gives it: a folder (path or file URL), an archive
 * (`.zip`, `.tgz`, `.tar.gz`, `.tar`), an `http(s)://` base, a URL object of
 * any of those, or `{ files }` (a memory folder: path → source text).
 */
export type RootOption = string | URL | { files: Readonly<Record<string, string>> };

/** A root after validation: a folder URL ending in `/`, or a memory root (which carries its files). */
export type RootEntry = string | MemoryRoot;

/** Roots made absolute, in the order given; archives opened under `archive`. */
export function parseRoots(value: unknown, base: string, describe: (value: unknown) => string, archive?: ArchiveSettings): RootEntry[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) invalid('roots', `Option "roots" must be an array of folders, archives, http(s) URLs or { files }, got ${describe(value)}`);
  return itemsOf(value).map((item, index) => parseRoot(item, `roots[${index}]`, base, describe, archive));
}

/** One root; `option` names it in errors (`roots[2]`, or the argument of `space.roots.add()`). */
export function parseRoot(item: unknown, option: string, base: string, describe: (value: unknown) => string, archive?: ArchiveSettings): RootEntry {
  if (isPlainObject(item)) return memoryRoot(item, option, describe);
  const text = item instanceof URL ? item.href : item;
  if (typeof text !== 'string' || text === '') {
    invalid(option, `Option "${option}" must be a folder, an archive, an http(s) URL or { files }, got ${describe(item)}`);
  }
  if (/^https?:/i.test(text)) return remoteRoot(text, option);
  if (!text.startsWith('file:') && !isAbsolute(text) && URL_SCHEME.test(text)) {
    invalid(option, `Option "${option}" must be a folder, an archive, an http(s) URL or { files }, got ${describe(text)}`);
  }
  const url = localFileURL(option, text, base);
  const archiveRoot = archiveRootOf(url, archive);
  if (archiveRoot !== undefined) return archiveRoot;
  if (!isDirectory(url)) invalid(option, `Option "${option}": ${url.href} is neither a folder nor an archive (.zip, .tgz, .tar.gz, .tar)`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/** The root URL of the archive file `url` names, or `undefined`. Opened now, so a corrupt archive is reported where it is configured. */
function archiveRootOf(url: URL, settings: ArchiveSettings | undefined): string | undefined {
  if (!isArchivePath(url.pathname) || !isFile(url)) return undefined;
  openArchive(url.href, settings);
  return archiveRootURL(url.href);
}

/** A remote base URL (a folder, ending in `/`), or with `file` a module's URL as given. */
function remoteRoot(text: string, option: string, file = false): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    invalid(option, `Option "${option}": "${text}" is not a valid URL`);
  }
  if (url.search || url.hash || url.username || url.password) invalid(option, `Option "${option}": a remote URL without query, fragment or credentials is expected, got "${text}"`);
  if (!file && !url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

const MEMORY_COUNTER = Symbol.for('modspace.memory-counter');
type GlobalWithCounter = typeof globalThis & { [MEMORY_COUNTER]?: { next: number } };

function memoryRoot(item: Record<string, unknown>, option: string, describe: (value: unknown) => string): MemoryRoot {
  rejectUnknown(item, ['files'], `key of ${option}`);
  const files = item.files;
  if (!isPlainObject(files)) invalid(option, `Option "${option}.files" must be an object of path → source text, got ${describe(files)}`);
  const copy = Object.create(null) as Record<string, string>;
  for (const [path, source] of Object.entries(files)) {
    if (path === '' || path.startsWith('/') || path.endsWith('/') || path.split('/').some((part) => part === '' || part === '.' || part === '..')) {
      invalid(`${option}.files["${path}"]`, `Option "${option}.files": "${path}" is not a relative file path (like "fib.js" or "grok/blah.js")`);
    }
    if (typeof source !== 'string') invalid(`${option}.files["${path}"]`, `Option "${option}.files["${path}"]" must be source text, got ${describe(source)}`);
    copy[path] = source;
  }
  // One id per memory root and thread: it names the root's URLs.
  const scope = globalThis as GlobalWithCounter;
  const counter = (scope[MEMORY_COUNTER] ??= { next: 1 });
  return { url: `memory://m${counter.next++}/`, files: copy };
}

/** The hooks' view of the options; `null` keeps resolution free for spaces without them. */
export function resolutionRecord(imports: Readonly<Record<string, string>> | undefined, roots: readonly RootEntry[] | undefined): ResolutionRecord | null {
  const entries = Object.entries(imports ?? {});
  if (entries.length === 0 && !roots?.length) return null;
  return {
    exact: new Map(entries.filter(([key]) => !key.endsWith('/'))),
    prefixes: entries.filter(([key]) => key.endsWith('/')).sort(([a], [b]) => b.length - a.length),
    roots: (roots ?? []).map((root) => (typeof root === 'string' ? root : root.url)),
    memory: (roots ?? []).filter((root): root is MemoryRoot => typeof root !== 'string'),
  };
}

function existsAsFile(url: URL): boolean {
  return !url.pathname.endsWith('/') && isFile(url);
}

function invalid(option: string, message: string): never {
  return invalidOption(option, message);
}
