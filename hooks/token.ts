/**
 * The query token that gives a module its space. Node keys its module map by
 * URL, so `file:///a.js?modspace=s3.g1` and `...?modspace=s3.g2` are two
 * instances of one file. The token is one query parameter; the module's own
 * query (if any) and fragment are kept around it.
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

export function formatToken(token: Token): string {
  return `s${token.space}.g${token.generation}`;
}

/** Reads the token of a module URL, or `undefined` for a module outside every space. */
export function readToken(url: string): Token | undefined {
  // Cheap test first: this runs for every import in the process.
  if (!url.includes('modspace=')) return undefined;
  const match = TOKEN_PATTERN.exec(stripFragment(url));
  if (!match) return undefined;
  return { space: Number(match[1]), generation: Number(match[2]) };
}

/** Appends (or replaces) the token, keeping the URL's own query and fragment. */
export function withToken(url: string, token: Token): string {
  const plain = withoutToken(url);
  const hashAt = plain.indexOf('#');
  const body = hashAt === -1 ? plain : plain.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : plain.slice(hashAt);
  const separator = body.includes('?') ? '&' : '?';
  return `${body}${separator}${TOKEN_PARAM}=${formatToken(token)}${fragment}`;
}

/** Removes the token, leaving the URL exactly as Node's own graph would key it. */
export function withoutToken(url: string): string {
  if (!url.includes('modspace=')) return url;
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
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

function stripFragment(url: string): string {
  const hashAt = url.indexOf('#');
  return hashAt === -1 ? url : url.slice(0, hashAt);
}
