import { isBuiltin } from 'node:module';
import { readToken, targetOf } from './token.js';

/**
 * The policy matcher. Rules are compiled in the main thread
 * (src/policy-compiler.ts) to plain data, since off-thread they are posted to
 * the hooks thread; patterns travel as RegExp source strings.
 *
 * Checks come in two steps: a bare package or a URL scheme is refused before
 * Node resolves it (a denied package need not exist), builtins and files once
 * the target is known (an `imports` alias or a path into node_modules is
 * still caught). `deny` wins over `allow`.
 */

export type RuleKind = 'builtin' | 'package' | 'path' | 'scheme';

export interface PolicyRule {
  /** The pattern as the user wrote it: denial messages name it. */
  pattern: string;
  kind: RuleKind;
  /**
   * RegExp source tested against the subject of the kind: a `node:` URL, a
   * bare specifier, a decoded file path, or a scheme (`data:`). A pattern
   * covers what it matches and everything below it.
   */
  test: string;
  /** RegExp source for a package name alone (`lodash` for `lodash/fp`); `test` for other kinds. */
  name: string;
  /** A package pattern with a subpath (`lodash/fp`): a resolved file is not denied by it. */
  subpath: boolean;
  /** Names its module without a wildcard: the only way to allow a sensitive builtin. */
  literal: boolean;
}

export type PolicyRecord =
  | { mode: 'none' }
  | {
      mode: 'rules';
      deny: PolicyRule[];
      /** `null`: no allow list. */
      allow: PolicyRule[] | null;
      /** The allow list names at least one path, so it restricts the space's own files too. */
      allowsPaths: boolean;
    };

export interface Refusal {
  /** The rule, as the user would recognise it. */
  rule: string;
}

/**
 * What an allow list refuses unless it names them: the ways to leave the space
 * through the module system (`createRequire`/`register`, the main-context vm
 * loader, workers). `node:*` does not count as naming them.
 */
export const SENSITIVE_BUILTINS: readonly string[] = ['node:module', 'node:vm', 'node:worker_threads'];

const NONE: Refusal = { rule: "policy 'none'" };

/**
 * modspace itself is a door out of the space too (a space's code creating a
 * space of its own): allow lists refuse it unless they name it literally.
 */
const MODSPACE = 'modspace';

/** This copy's package folder: its files are `modspace` wherever it is installed (or checked out). */
const OWN_ROOT = decodeURIComponent(new URL('../../', import.meta.url).pathname);

/** The package a file belongs to, this copy of modspace included. */
function ownerOf(path: string): string | undefined {
  return path.startsWith(OWN_ROOT) && path.slice(OWN_ROOT.length).startsWith('dist/') ? MODSPACE : packageOfPath(path);
}

/** Checks a specifier before resolution: bare packages and URL schemes. */
export function checkSpecifier(policy: PolicyRecord, specifier: string, space: number): Refusal | undefined {
  if (policy.mode === 'none') return NONE;
  const name = packageNameOf(specifier);
  if (name !== undefined) return judge(policy, 'package', specifier, false);
  const scheme = foreignScheme(specifier, space);
  return scheme === undefined ? undefined : judge(policy, 'scheme', scheme, false);
}

/** Checks what Node resolved `url` to, imported by `parentURL`. */
export function checkTarget(policy: PolicyRecord, url: string, parentURL: string, space: number): Refusal | undefined {
  if (policy.mode === 'none') return NONE;
  if (url.startsWith('node:')) return judge(policy, 'builtin', targetOf(url), false);
  if (!url.startsWith('file:')) {
    const scheme = foreignScheme(url, space);
    return scheme === undefined ? undefined : judge(policy, 'scheme', scheme, false);
  }
  const path = filePath(url);
  const denied = policy.deny.find((rule) => rule.kind === 'path' && matches(rule.test, path));
  if (denied) return { rule: `deny: ${denied.pattern}` };
  const owner = ownerOf(path);
  // A package's files importing each other are that package's business.
  if (owner !== undefined && owner !== ownerOf(filePath(parentURL))) return judge(policy, 'package', owner, true);
  if (policy.allow && policy.allowsPaths && !policy.allow.some((rule) => rule.kind === 'path' && matches(rule.test, path))) {
    return { rule: `not in allow list: ${path}` };
  }
  return undefined;
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

/**
 * Applies deny then allow to one subject. `resolved`: the subject is the
 * package a resolved file belongs to, tested by package name, where subpath
 * deny patterns (`lodash/fp`) do not apply and subpath allow patterns allow
 * their package's files (the specifier was checked before resolution).
 */
function judge(policy: PolicyRecord & { mode: 'rules' }, kind: RuleKind, subject: string, resolved: boolean): Refusal | undefined {
  const test = (rule: PolicyRule) => rule.kind === kind && matches(resolved ? rule.name : rule.test, subject);
  const denied = policy.deny.find((rule) => test(rule) && !(resolved && rule.subpath));
  if (denied) return { rule: `deny: ${denied.pattern}` };
  if (policy.allow === null) return undefined;
  const sensitive = kind === 'scheme' || SENSITIVE_BUILTINS.includes(topBuiltin(subject)) || (kind === 'package' && packageNameOf(subject) === MODSPACE);
  if (policy.allow.some((rule) => test(rule) && (rule.literal || !sensitive))) return undefined;
  const named = sensitive && kind !== 'scheme' ? ' (only naming it allows it)' : '';
  return { rule: `not in allow list: ${subject}${named}` };
}

/** `node:fs` for `node:fs/promises`. */
function topBuiltin(target: string): string {
  const slash = target.indexOf('/');
  return slash === -1 ? target : target.slice(0, slash);
}

/**
 * The scheme of a URL that is neither a builtin nor a file (`data:`,
 * `https:`), or undefined. A `data:` URL already tagged with this space is one
 * of its modules (re-imported), not a new way in.
 */
function foreignScheme(url: string, space: number): string | undefined {
  const match = /^([a-zA-Z][a-zA-Z\d+.-]*:)/.exec(url);
  if (!match?.[1]) return undefined;
  const scheme = match[1].toLowerCase();
  if (scheme === 'node:' || scheme === 'file:') return undefined;
  if (scheme === 'data:' && readToken(url)?.space === space) return undefined;
  return scheme;
}

/** The decoded path of a file URL (no query or fragment); empty for other URLs. */
function filePath(url: string): string {
  if (!url.startsWith('file:')) return '';
  try {
    return decodeURIComponent(new URL(targetOf(url)).pathname);
  } catch {
    return targetOf(url);
  }
}

/** The package a file belongs to: the name after the last `node_modules/`. */
export function packageOfPath(path: string): string | undefined {
  const at = path.lastIndexOf('/node_modules/');
  if (at === -1) return undefined;
  const parts = path.slice(at + '/node_modules/'.length).split('/');
  const name = parts[0]?.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return name || undefined;
}

/** Compiled once per source: off-thread the record arrives as strings. */
const compiled = new Map<string, RegExp>();

function matches(source: string, subject: string): boolean {
  let regexp = compiled.get(source);
  if (regexp === undefined) {
    regexp = new RegExp(source);
    compiled.set(source, regexp);
  }
  return regexp.test(subject);
}
