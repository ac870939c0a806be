/**
 * Compiles the policy patterns users write into the plain rules the hooks
 * match (core/policy.ts). Every pattern must be able to match something: a
 * typo in a deny list would otherwise deny nothing, silently.
 *
 * Kinds, told apart by shape:
 * - path: `./x.js`, `./secrets/`, `/abs/**\/*.js`, `file:///...` (against `base`)
 * - builtin: `fs`, `node:fs/promises`, `node:*`
 * - scheme: a name and a colon, `data:`, `https:`
 * - package: `lodash`, `@scope/pkg`, `@scope/*`, `lodash.*`, `lodash/fp`
 *
 * Globs: `*` and `?` within one segment, `**` as a whole path segment (paths
 * only), `[abc]`/`[!a-z]`, `{a,b}`, `\` escapes the next character.
 */
import { builtinModules, isBuiltin } from 'node:module';
import { isAbsolute } from 'node:path';
import { ErrorCodes, ModspaceError } from '../core/errors.js';
import type { PolicyOptions } from './options.js';
import type { PolicyRecord, PolicyRule } from '../core/policy.js';

export function compilePolicy(policy: PolicyOptions | 'none' | undefined, base: string, space: string): PolicyRecord | null {
  if (policy === undefined) return null;
  if (policy === 'none') return { mode: 'none' };
  const deny = compileList('deny', policy.deny ?? [], base, space);
  const allow = policy.allow ? compileList('allow', policy.allow, base, space) : null;
  return { mode: 'rules', deny, allow, allowsPaths: allow?.some((rule) => rule.kind === 'path') ?? false };
}

function compileList(list: 'deny' | 'allow', patterns: readonly string[], base: string, space: string): PolicyRule[] {
  return patterns.map((pattern) => {
    try {
      return compilePattern(pattern, base);
    } catch (error) {
      if (!(error instanceof PatternError)) throw error;
      throw new ModspaceError(ErrorCodes.INVALID_POLICY, `Policy pattern "${pattern}" in ${list} ${error.message}`, { space, specifier: pattern });
    }
  });
}

/** Why a pattern can match nothing; the caller adds which pattern and list. */
class PatternError extends Error {}

const GLOB_CHARS = /[*?[\]{}\\]/;
const COVERS_BELOW = '(?:/.*)?$';

export function compilePattern(pattern: string, base: string): PolicyRule {
  if (pattern === '') throw new PatternError('is empty');
  if (pattern.trim() !== pattern) throw new PatternError('has leading or trailing spaces');
  if (/^(?:\.{1,2}\/|\/|file:)/.test(pattern) || isAbsolute(pattern) || pattern === '.' || pattern === '..') return pathRule(pattern, base);
  if (/\s/.test(pattern)) throw new PatternError('contains spaces: it is neither a builtin, a package, a path nor a scheme');
  if (pattern.startsWith('node:') || isBuiltin(pattern)) return builtinRule(pattern);
  if (pattern.includes(':')) return schemeRule(pattern);
  return packageRule(pattern);
}

function builtinRule(pattern: string): PolicyRule {
  const name = pattern.startsWith('node:') ? pattern.slice('node:'.length) : pattern;
  if (name === '') throw new PatternError("names no builtin: write 'node:*' for every builtin");
  const literal = !GLOB_CHARS.test(name);
  if (literal && !isBuiltin(`node:${name}`)) throw new PatternError('is not a builtin module of this Node.js');
  const test = `^node:${globSource(name, false)}${COVERS_BELOW}`;
  if (!literal && !builtinNames().some((builtin) => new RegExp(test).test(builtin))) {
    throw new PatternError('matches no builtin module of this Node.js');
  }
  return { pattern, kind: 'builtin', test, name: test, subpath: false, literal };
}

/** Every builtin as a `node:` URL (some, like `node:test`, exist only in that form). */
function builtinNames(): string[] {
  return builtinModules.map((name) => (name.startsWith('node:') ? name : `node:${name}`));
}

function schemeRule(pattern: string): PolicyRule {
  if (/^[a-z][a-z\d+.-]*:./i.test(pattern)) {
    throw new PatternError(`is a URL: policies match URLs by scheme only (write '${pattern.slice(0, pattern.indexOf(':') + 1)}')`);
  }
  if (!/^[a-z][a-z\d+.-]*:$/i.test(pattern)) throw new PatternError('is not a URL scheme: a scheme is a letter, then letters, digits, +, - or ., then a colon');
  const scheme = pattern.toLowerCase();
  if (scheme === 'file:') throw new PatternError("names every file: use a path pattern ('/' for every file, './' for the base folder)");
  const test = `^${escapeRegExp(scheme)}$`;
  return { pattern, kind: 'scheme', test, name: test, subpath: false, literal: true };
}

function packageRule(pattern: string): PolicyRule {
  const parts = pattern.split('/');
  const scoped = pattern.startsWith('@');
  if (scoped && parts.length < 2) throw new PatternError(`is a scope without a package name (write '${pattern}/*' for the whole scope)`);
  if (parts.some((part) => part === '')) throw new PatternError('has an empty path segment');
  const nameParts = parts.slice(0, scoped ? 2 : 1);
  const packageName = nameParts.join('/');
  for (const part of nameParts) {
    const plain = scoped && part === nameParts[0] ? part.slice(1) : part;
    if (!/^[\w.~*?[\]{}!,\\-]+$/.test(plain)) throw new PatternError('is not a package name: it has characters package names cannot have');
    if (/^[._]/.test(plain)) throw new PatternError('is not a package name: names cannot start with . or _');
  }
  const test = `^${globSource(pattern, false)}${COVERS_BELOW}`;
  const name = `^${globSource(packageName, false)}$`;
  return { pattern, kind: 'package', test, name, subpath: parts.length > nameParts.length, literal: !GLOB_CHARS.test(pattern) };
}

/** Paths are matched as decoded absolute paths (`/app/secrets/key.js`), the way users write them. */
function pathRule(pattern: string, base: string): PolicyRule {
  let path: string;
  if (pattern.toLowerCase() === 'file:') throw new PatternError("names every file: use a path pattern ('/' for every file, './' for the base folder)");
  if (pattern.startsWith('file:')) {
    const local = /^file:\/\/(?:localhost)?(\/.*)$/.exec(pattern);
    if (!local?.[1]) throw new PatternError('is not a local file URL (file:///path): it names no file this process can load');
    path = decode(local[1]);
  } else if (pattern.startsWith('/')) {
    path = pattern;
  } else {
    path = decode(new URL('.', base).pathname) + pattern;
  }
  const folder = path.endsWith('/');
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.pop() === undefined) throw new PatternError('climbs above the root of the file system');
    } else segments.push(segment);
  }
  const absolute = `/${segments.join('/')}`;
  const source = globSource(absolute, true);
  const test = folder && segments.length ? `^${source}/.*$` : `^${source}${COVERS_BELOW}`;
  return { pattern, kind: 'path', test, name: test, subpath: false, literal: !GLOB_CHARS.test(absolute) };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new PatternError('has a malformed %-escape');
  }
}

/** A glob as RegExp source (no anchors). Throws on malformed globs. */
export function globSource(glob: string, globstar: boolean): string {
  let out = '';
  let inBraces = false;
  for (let i = 0; i < glob.length; i++) {
    const char = glob.charAt(i);
    if (char === '\\') {
      if (i + 1 === glob.length) throw new PatternError('ends with a lone \\');
      out += escapeRegExp(glob.charAt(++i));
    } else if (char === '*' && glob[i + 1] === '*') {
      if (!globstar) throw new PatternError("uses '**', which only path patterns have (a pattern covers everything below what it matches)");
      const wholeSegment = glob[i - 1] === '/' && (i + 2 === glob.length || glob[i + 2] === '/');
      if (!wholeSegment || inBraces) throw new PatternError("is a malformed glob: '**' must be a whole path segment (/**/)");
      const last = i + 2 === glob.length;
      out += last ? '.*' : '(?:.*/)?';
      i += last ? 1 : 2;
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else if (char === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) throw new PatternError("is a malformed glob: '[' is never closed");
      out += classSource(glob.slice(i + 1, end));
      i = end;
    } else if (char === '{') {
      if (inBraces) throw new PatternError("is a malformed glob: '{' inside '{...}'");
      inBraces = true;
      out += '(?:';
    } else if (char === '}') {
      if (!inBraces) throw new PatternError("is a malformed glob: '}' without '{'");
      inBraces = false;
      out += ')';
    } else if (char === ',' && inBraces) out += '|';
    else if (char === ']') throw new PatternError("is a malformed glob: ']' without '['");
    else if (char === '/' && inBraces) throw new PatternError("is a malformed glob: '{...}' cannot span a '/'");
    else out += escapeRegExp(char);
  }
  if (inBraces) throw new PatternError("is a malformed glob: '{' is never closed");
  return out;
}

function classSource(body: string): string {
  const negated = body.startsWith('!') || body.startsWith('^');
  const chars = negated ? body.slice(1) : body;
  if (chars === '') throw new PatternError("is a malformed glob: '[]' matches no character");
  if (chars.includes('/')) throw new PatternError("is a malformed glob: '[...]' cannot match '/'");
  const inner = [...chars].map((char, index) => (char === '-' && index > 0 && index < chars.length - 1 ? '-' : char.replace(/[\\\]^[-]/, '\\$&'))).join('');
  // A negated class still never crosses a segment.
  return negated ? `[^/${inner}]` : `[${inner}]`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
