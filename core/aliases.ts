/**
 * A space's alias table, read like an import map's top-level `imports`: an
 * exact key wins, else the longest prefix key (ending in `/`) whose value
 * gets the rest of the specifier. Pure.
 */
import type { ResolutionRecord } from './state.js';

/** The aliased specifier, or `undefined` when no key matches. */
export function applyAlias(resolution: ResolutionRecord, specifier: string): string | undefined {
  const exact = resolution.exact.get(specifier);
  if (exact !== undefined) return exact;
  for (const [prefix, value] of resolution.prefixes) {
    if (specifier.startsWith(prefix)) return value + specifier.slice(prefix.length);
  }
  return undefined;
}
