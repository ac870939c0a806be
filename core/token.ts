/**
 * The query token that gives a module its space. Node keys its module map by
 * URL, so `file:///a.js?modspace=s3.g1` and `...?modspace=s3.g2` are two
 * instances of one file. The token is one query parameter; the module's own
 * query (if any) and fragment are kept around it.
 *
 * A `data:` URL carries its token in the fragment instead (`#modspace=s1.g1`):
 * its query is part of the module's text on some Node versions, and code may
 * contain `?` and `&`. Node keys data: modules by the whole URL, fragment
 * included, and leaves the fragment out of the source.
 */

export const TOKEN_PARAM = 'modspace';

/** The scheme of modules modspace generates (live overrides, source text). */
export const GENERATED_SCHEME = 'modspace:';

/** Specifier prefix of an entry request made by `space.import()`/`resolve()`. */
export const ENTRY_PREFIX = 'modspace-entry:';

/** Specifier prefix with which a partial override imports the module it replaces. */
export const ACTUAL_PREFIX = 'modspace-actual:';

export interface Token {
  space: number;
  generation: number;
}

const TOKEN_PATTERN = /[?&]modspace=s(\d+)\.g(\d+)(?=[&#]|$)/;
/** In a data: URL's fragment, where modspace puts it last. */
const DATA_TOKEN_PATTERN = /(?:^|&)modspace=s(\d+)\.g(\d+)$/;

export function formatToken(token: Token): string {
  return `s${token.space}.g${token.generation}`;
}

/** Reads the token of a module URL, or `undefined` for a module outside every space. */
export function readToken(url: string): Token | undefined {
  // This runs for every import and load in the process: no regex on the common paths.
  const at = url.indexOf('modspace=s');
  if (at === -1) return undefined;
  if (url.startsWith('data:')) {
    const match = DATA_TOKEN_PATTERN.exec(fragmentOf(url));
    return match ? { space: Number(match[1]), generation: Number(match[2]) } : undefined;
  }
  const hashAt = url.indexOf('#');
  const query = url.indexOf('?');
  if (query === -1 || query > at || (hashAt !== -1 && hashAt < at)) return readTokenByPattern(url);
  const before = url.charCodeAt(at - 1);
  if (before !== 63 /* ? */ && before !== 38 /* & */) return readTokenByPattern(url);
  const space = digitsAt(url, at + 10);
  if (space.end === -1 || url.charCodeAt(space.end) !== 46 /* . */ || url.charCodeAt(space.end + 1) !== 103 /* g */) return readTokenByPattern(url);
  const generation = digitsAt(url, space.end + 2);
  const next = generation.end === -1 ? -1 : url.charCodeAt(generation.end);
  // The token ends the URL, or is followed by another parameter or the fragment.
  if (generation.end === -1 || !(Number.isNaN(next) || next === 38 || next === 35)) return readTokenByPattern(url);
  return { space: space.value, generation: generation.value };
}

/** The first `modspace=` was not a token (say, inside another parameter's value): look further, as the pattern does. */
function readTokenByPattern(url: string): Token | undefined {
  const match = TOKEN_PATTERN.exec(stripFragment(url));
  return match ? { space: Number(match[1]), generation: Number(match[2]) } : undefined;
}

/** Reads a run of decimal digits at `from`; `end` is -1 when there is none. */
function digitsAt(text: string, from: number): { value: number; end: number } {
  let value = 0;
  let at = from;
  for (; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code < 48 || code > 57) break;
    value = value * 10 + (code - 48);
  }
  return { value, end: at === from ? -1 : at };
}

/** Appends (or replaces) the token, keeping the URL's own query and fragment. */
export function withToken(url: string, token: Token): string {
  const plain = withoutToken(url);
  if (plain.startsWith('data:')) {
    const fragment = fragmentOf(plain);
    return `${stripFragment(plain)}#${fragment ? `${fragment}&` : ''}${TOKEN_PARAM}=${formatToken(token)}`;
  }
  const hashAt = plain.indexOf('#');
  const body = hashAt === -1 ? plain : plain.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : plain.slice(hashAt);
  const separator = body.includes('?') ? '&' : '?';
  return `${body}${separator}${TOKEN_PARAM}=${formatToken(token)}${fragment}`;
}

/** Removes the token, leaving the URL exactly as Node's own graph would key it. */
export function withoutToken(url: string): string {
  if (!url.includes('modspace=')) return url;
  if (url.startsWith('data:')) return withoutDataToken(url);
  const hashAt = url.indexOf('#');
  const body = hashAt === -1 ? url : url.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : url.slice(hashAt);
  const queryAt = body.indexOf('?');
  if (queryAt === -1) return url;
  const kept = body
    .slice(queryAt + 1)
    .split('&')
    .filter((pair) => !pair.startsWith(`${TOKEN_PARAM}=`));
  return `${body.slice(0, queryAt)}${kept.length ? `?${kept.join('&')}` : ''}${fragment}`;
}

/** The URL without query and fragment: the identity of the file behind a module. */
export function targetOf(url: string): string {
  const query = url.indexOf('?');
  const hash = url.indexOf('#');
  const end = query === -1 ? hash : hash === -1 ? query : Math.min(query, hash);
  return end === -1 ? url : url.slice(0, end);
}

function stripFragment(url: string): string {
  const hashAt = url.indexOf('#');
  return hashAt === -1 ? url : url.slice(0, hashAt);
}

/** The fragment without `#`: everything after the first `#`, as URL parsing has it. */
function fragmentOf(url: string): string {
  const hashAt = url.indexOf('#');
  return hashAt === -1 ? '' : url.slice(hashAt + 1);
}

function withoutDataToken(url: string): string {
  const fragment = fragmentOf(url).replace(DATA_TOKEN_PATTERN, '');
  return fragment ? `${stripFragment(url)}#${fragment}` : stripFragment(url);
}
