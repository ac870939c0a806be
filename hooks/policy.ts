import { isBuiltin } from 'node:module';
import type { PolicyRecord, PolicyRules } from './state.js';

/**
 * Policy checks, split in two because some imports are refused before Node
 * resolves them (a denied package need not exist) and others only once the
 * target is known (a path, or a builtin reached through an alias).
 * Precedence: `deny` wins over `allow`; an `allow` list restricts builtins and
 * packages, never the space's own files.
 */

export interface Refusal {
  /** The rule, as the user would recognise it. */
  rule: string;
}

/** Checks a bare package specifier before resolution. */
export function checkSpecifier(policy: PolicyRecord, specifier: string): Refusal | undefined {
  if (policy.mode === 'none') return { rule: "policy 'none'" };
  const name = packageNameOf(specifier);
  if (name === undefined) return undefined;
  const denied = matchPackage(policy.deny, specifier);
  if (denied) return { rule: `deny: ${denied}` };
  if (policy.allow && !matchPackage(policy.allow, specifier)) return { rule: `not in allow list: ${name}` };
  return undefined;
}

/** Checks a resolved target (`node:x`, or a `file:` URL without query). */
export function checkTarget(policy: PolicyRecord, target: string): Refusal | undefined {
  if (policy.mode === 'none') return { rule: "policy 'none'" };
  if (target.startsWith('node:')) {
    const denied = matchBuiltin(policy.deny, target);
    if (denied) return { rule: `deny: ${denied}` };
    if (policy.allow && !matchBuiltin(policy.allow, target)) return { rule: `not in allow list: ${target}` };
    return undefined;
  }
  const denied = policy.deny.paths.find((path) => target === path || (path.endsWith('/') && target.startsWith(path)));
  return denied ? { rule: `deny: ${denied}` } : undefined;
}

/** `lodash` for `lodash/fp`, `@scope/pkg` for `@scope/pkg/x`; undefined when not a bare package specifier. */
export function packageNameOf(specifier: string): string | undefined {
  if (isBuiltin(specifier)) return undefined;
  const first = specifier.charCodeAt(0);
  // '.', '/', '#' start relative, absolute and subpath-import specifiers.
  if (first === 46 || first === 47 || first === 35) return undefined;
  if (/^[a-zA-Z][a-zA-Z\d+.-]*:/.test(specifier)) return undefined; // a URL
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function matchPackage(rules: PolicyRules, specifier: string): string | undefined {
  return rules.packages.find((name) => specifier === name || specifier.startsWith(`${name}/`));
}

function matchBuiltin(rules: PolicyRules, target: string): string | undefined {
  return rules.builtins.find((name) => target === name || target.startsWith(`${name}/`));
}
