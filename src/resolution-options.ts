/**
 * Validation of the per-space resolution options, `imports` (aliases) and
 * `roots` (folders searched for bare specifiers), and the record the hooks
 * read. Values are made absolute here, against the space's `base`, so a child
 * inheriting them resolves exactly as its parent does.
 */
import { isBuiltin } from 'node:module';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ErrorCodes, ModspaceError } from './errors.js';
import { isDirectory, isFile } from '../hooks/package-entry.js';
import { packageNameOf } from '../hooks/policy.js';
import type { ResolutionRecord } from '../hooks/state.js';

const URL_SCHEME = /^[a-zA-Z][a-zA-Z\d+.-]*:/;

/** `{ key: value }` with every value an absolute `file:` URL, a builtin or a bare specifier. */
export function parseImports(value: unknown, base: string, describe: (value: unknown) => string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    invalid('imports', `Option "imports" must be an object of specifier → target, got ${describe(value)}`);
  }
  const parsed: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value)) {
    const option = `imports["${key}"]`;
    if (key === '' || /^(?:\.{0,2}\/|#)/.test(key) || isAbsolute(key) || (URL_SCHEME.test(key) && !isBuiltin(key))) {
      invalid(option, `Option "${option}": keys are bare specifiers ("lib", "@scope/lib/x") or prefixes ending in "/" ("lib/"); redirect a path or a URL with overrides`);
    }
    const target = raw instanceof URL ? raw.href : raw;
    if (typeof target !== 'string' || target === '') invalid(option, `Option "${option}" must be a non-empty string or URL, got ${describe(raw)}`);
    const prefix = key.endsWith('/');
    if (prefix && !target.endsWith('/')) invalid(option, `Option "${option}": the prefix key "${key}" needs a target ending in "/", got "${target}"`);
    parsed[key] = aliasTarget(option, target, base, prefix);
  }
  return parsed;
}

function aliasTarget(option: string, target: string, base: string, prefix: boolean): string {
  const place = /^\.{1,2}\//.test(target) ? new URL(target, base) : isAbsolute(target) ? pathToFileURL(target) : target.startsWith('file:') ? new URL(target) : undefined;
  if (place === undefined) {
    if (isBuiltin(target) || (!URL_SCHEME.test(target) && packageNameOf(target) !== undefined)) return target;
    invalid(option, `Option "${option}": the target "${target}" is neither a path, a file URL, a builtin nor a package specifier`);
  }
  // A folder target names a package folder (exact key) or the folder a prefix maps onto.
  const folder = isDirectory(place);
  if (folder && !place.pathname.endsWith('/')) place.pathname += '/';
  if (prefix ? !folder : !folder && !existsAsFile(place)) {
    invalid(option, `Option "${option}": ${place.href} is not ${prefix ? 'a folder' : 'a file or a package folder'}`);
  }
  return place.href;
}

/** Folder URLs ending in `/`, in the order given. */
export function parseRoots(value: unknown, base: string, describe: (value: unknown) => string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) invalid('roots', `Option "roots" must be an array of folders (paths or file URLs), got ${describe(value)}`);
  return value.map((item: unknown, index) => {
    const option = `roots[${index}]`;
    const text = item instanceof URL ? item.href : item;
    if (typeof text !== 'string' || text === '') invalid(option, `Option "${option}" must be a folder path or file URL, got ${describe(item)}`);
    let url: URL;
    if (text.startsWith('file:')) url = new URL(text);
    else if (isAbsolute(text)) url = pathToFileURL(text);
    else if (!URL_SCHEME.test(text)) url = new URL(text, base);
    else invalid(option, `Option "${option}" must be a folder path or file URL, got "${text}"`);
    if (!isDirectory(url)) invalid(option, `Option "${option}": ${url.href} is not a folder`);
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url.href;
  });
}

/** The hooks' view of the options; `null` keeps resolution free for spaces without them. */
export function resolutionRecord(imports: Readonly<Record<string, string>> | undefined, roots: readonly string[] | undefined): ResolutionRecord | null {
  const entries = Object.entries(imports ?? {});
  if (entries.length === 0 && !roots?.length) return null;
  return {
    exact: new Map(entries.filter(([key]) => !key.endsWith('/'))),
    prefixes: entries.filter(([key]) => key.endsWith('/')).sort(([a], [b]) => b.length - a.length),
    roots: [...(roots ?? [])],
  };
}

function existsAsFile(url: URL): boolean {
  return !url.pathname.endsWith('/') && isFile(url);
}

function invalid(option: string, message: string): never {
  throw new ModspaceError(ErrorCodes.INVALID_OPTION, message, { specifier: option });
}
