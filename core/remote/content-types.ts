/**
 * The content types a remote URL may be served with. A server's type is a
 * claim about what the bytes are; refusing the unexpected ones (an HTML
 * error page, a binary) stops them from being run as a module.
 */

/** Accepted for every URL: extensionless module URLs are JavaScript. */
const JAVASCRIPT = [
  'text/javascript',
  'application/javascript',
  'application/ecmascript',
  'text/ecmascript',
  'application/x-javascript',
  'application/x-ecmascript',
  'text/x-javascript',
  'text/jscript',
] as const;

const JSON_TYPES = ['application/json', 'text/json'] as const;

/**
 * TypeScript has no registered type; servers guess. video/mp2t is what
 * MIME databases say for `.ts` (MPEG transport streams), text/plain the
 * fallback of many static servers.
 */
const TYPESCRIPT = [
  'application/typescript',
  'text/typescript',
  'application/x-typescript',
  'text/x-typescript',
  'video/mp2t',
  'text/plain',
] as const;

/** Extension (without the dot) → types accepted on top of JavaScript. */
const BY_EXTENSION: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['json', JSON_TYPES],
  ['ts', TYPESCRIPT],
  ['mts', TYPESCRIPT],
  ['cts', TYPESCRIPT],
  ['tsx', TYPESCRIPT],
]);

/**
 * The MIME types (lower case, no parameters) accepted for `url`.
 * `extraExtensions` are the user's transformed extensions (`.vue`, `svelte`):
 * their files come as text/plain.
 */
export function acceptedTypes(url: string, extraExtensions: readonly string[] = []): string[] {
  const extension = extensionOf(url);
  const types: string[] = [...JAVASCRIPT, ...(BY_EXTENSION.get(extension) ?? [])];
  const extra = extraExtensions.some((entry) => entry.replace(/^\./, '').toLowerCase() === extension);
  if (extra && !types.includes('text/plain')) types.push('text/plain');
  return types;
}

/** The MIME type of a Content-Type header value: no parameters, lower case. */
export function mimeTypeOf(contentType: string): string {
  return (contentType.split(';', 1)[0] ?? '').trim().toLowerCase();
}

/** The last extension of the URL's path, lower case, without the dot; '' when there is none. */
function extensionOf(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return '';
  }
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}
