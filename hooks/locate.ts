/**
 * Per-space resolution before Node's: the space's aliases, then its roots.
 * The answer is what Node's resolver is asked for: a `file:` URL when the
 * space decided, else a (possibly aliased) specifier for Node's own lookup.
 * Called from one place, `planInSpace` in decide.ts, after the overrides
 * that match before resolution.
 */
import { applyAlias } from './aliases.js';
import { packageEntry } from './package-entry.js';
import { packageNameOf } from './policy.js';
import { findInRoots } from './roots.js';
import type { ResolutionRecord } from './state.js';
import { targetOf } from './token.js';

export function locate(resolution: ResolutionRecord | null | undefined, specifier: string, parentURL: string, conditions: readonly string[]): string {
  if (!resolution) return specifier;
  const aliased = applyAlias(resolution, specifier) ?? specifier;
  // An alias to a folder names a package folder.
  if (aliased.startsWith('file:')) return aliased.endsWith('/') ? packageEntry(aliased, '.', conditions) : aliased;
  if (resolution.roots.length === 0 || packageNameOf(aliased) === undefined) return aliased;
  // An installed package's own imports keep the layout npm gave them (its nested
  // node_modules): roots serve the space's code and the packages found in roots.
  if (targetOf(parentURL).includes('/node_modules/')) return aliased;
  return findInRoots(resolution.roots, aliased, conditions) ?? aliased;
}
