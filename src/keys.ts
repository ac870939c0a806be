/**
 * Turns the keys users write (override, share and policy keys) into the
 * targets the hooks compare against: `node:x` for builtins, a `file:` URL
 * without query for files. Resolution uses Node's algorithm from the space's
 * `base` with its conditions (import-meta-resolve), so a key matches every
 * import in the space that resolves to the same file.
 */
import { isBuiltin } from 'node:module';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { moduleResolve } from 'import-meta-resolve';
import { locate } from '../core/locate.js';
import type { SpaceRecord } from '../core/state.js';
import { targetOf } from '../core/token.js';

export type KeyResolution =
  | { kind: 'target'; target: string }
  /** Nothing there: `target` is where a path key would be; bare keys have none. */
  | { kind: 'missing'; target: string | undefined; reason: string };

const DEFAULT_CONDITIONS = ['node', 'import'];

/** With the space's `record`, keys go through its aliases and roots first, as its imports do (a root may be an archive, memory or a web server). */
export function resolveKey(key: string, base: string, conditions: readonly string[] | undefined, record?: SpaceRecord): KeyResolution {
  if (isBuiltin(key)) return { kind: 'target', target: builtinTarget(key) };
  const specifier = isAbsolute(key) ? pathToFileURL(key).href : key;
  let where: string | undefined;
  try {
    where = isPathLike(specifier) ? targetOf(new URL(specifier, base).href) : undefined;
  } catch (error) {
    // Not a URL at all (`file://[`): it names no module, which the caller reports with its code.
    return { kind: 'missing', target: undefined, reason: error instanceof Error ? error.message : String(error) };
  }
  const allConditions = [...(conditions ?? []), ...DEFAULT_CONDITIONS];
  try {
    const located = record ? locate(record, specifier, base, allConditions) : { specifier, parentURL: base };
    if ('place' in located) return { kind: 'target', target: targetOf(located.place) };
    const url = moduleResolve(located.specifier, new URL(located.parentURL), new Set(allConditions));
    return { kind: 'target', target: targetOf(url.href) };
  } catch (error) {
    return { kind: 'missing', target: where, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** `fs` and `node:fs` name one module: `node:fs`. */
export function builtinTarget(name: string): string {
  return name.startsWith('node:') ? name : `node:${name}`;
}

/** Relative, absolute or `file:` specifiers: keys that name a place rather than a package. */
export function isPathLike(specifier: string): boolean {
  return /^(?:\.{1,2}\/|\/|file:)/.test(specifier) || isAbsolute(specifier);
}
