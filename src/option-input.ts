/**
 * Reading option values without trusting them. Options come from user code:
 * a getter may throw, a Proxy may trap every read (or be revoked), an array
 * may have holes, a path may hold a NUL byte or a name the OS refuses. Each
 * of those must end in ERR_MODSPACE_INVALID_OPTION naming the option and the
 * value, never in a raw TypeError or system error, and before any state exists.
 */
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { types } from 'node:util';
import { ErrorCodes, ModspaceError } from '../core/errors.js';

/** The longest file or folder name file systems accept (NAME_MAX of ext4, APFS, NTFS...). */
const MAX_NAME_BYTES = 255;

/** Values are shown in messages up to this many characters. */
const SHOWN = 400;

export function invalidOption(option: string, message: string, cause?: unknown): never {
  throw new ModspaceError(ErrorCodes.INVALID_OPTION, message, { specifier: option, cause });
}

/**
 * Runs `read` (the parsing of one option); anything it throws that is not
 * already a ModspaceError (a user's getter, a Proxy trap, the OS) becomes
 * ERR_MODSPACE_INVALID_OPTION for `option`, with the original as `cause`.
 */
export function guarded<T>(option: string, value: unknown, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ModspaceError) throw error;
    return invalidOption(option, `Option "${option}" cannot be read (${describe(value)}): ${messageOf(error)}`, error);
  }
}

/** The items of an array, holes read as `undefined` (so they fail the item checks instead of being skipped). */
export function itemsOf(value: readonly unknown[]): unknown[] {
  return Array.from({ length: value.length }, (_, index) => value[index]);
}

/** An object literal (or null-prototype object). A Proxy's traps may throw: callers read options under `guarded()`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A value as a message shows it; never throws, whatever the value. */
export function describe(value: unknown): string {
  try {
    if (value === null || value === undefined) return String(value);
    if (typeof value === 'string') return shown(JSON.stringify(value));
    if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
    if (typeof value === 'symbol') return `symbol ${String(value)}`;
    if (typeof value !== 'object') return `${typeof value} ${String(value)}`;
    if (types.isProxy(value)) return 'a Proxy';
    if (Array.isArray(value)) return 'an array';
    if (value instanceof URL) return `the URL ${shown(value.href)}`;
    const prototype: unknown = Object.getPrototypeOf(value);
    const name: unknown = prototype === null ? undefined : (prototype as { constructor?: { name?: unknown } }).constructor?.name;
    return `an object (${typeof name === 'string' && name !== '' ? name : 'null prototype'})`;
  } catch {
    return 'a value that cannot be read';
  }
}

function shown(text: string): string {
  return text.length <= SHOWN ? text : `${text.slice(0, SHOWN)}… (${text.length} characters)`;
}

function messageOf(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'an unreadable error';
  }
}

/**
 * A path relative to `base` (a file URL) as a file URL. Read as a path, not
 * as a URL: `#` and `%` in folder names are characters, not URL syntax.
 */
export function relativePathURL(path: string, base: string): URL {
  const url = pathToFileURL(resolvePath(fileURLToPath(new URL('.', base)), path));
  // A trailing slash says "folder"; keep it.
  if (/[\\/]$/.test(path) && !url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/**
 * A path (absolute, or relative to `base`) or `file:` URL given in `option`
 * as a file URL the file system accepts. Refused here, where the option is
 * named: a URL that does not parse, another scheme, a file URL on another
 * host or with an encoded `/`, and a NUL byte (no file name can hold one).
 */
export function localFileURL(option: string, value: string | URL, base: string | undefined): URL {
  const given = value instanceof URL ? value.href : value;
  // Checked on the text as given too: URL parsing drops a trailing NUL, silently naming another file.
  if (given.includes('\0')) nulByte(option, given);
  let url: URL;
  if (value instanceof URL) url = new URL(value.href);
  else if (value.startsWith('file:')) url = parsedURL(option, value);
  else if (isAbsolute(value)) url = pathToFileURL(value);
  else if (base !== undefined) url = relativePathURL(value, base);
  else return invalidOption(option, `Option "${option}" must be a file URL or an absolute path, got ${describe(value)}`);
  if (url.protocol !== 'file:') invalidOption(option, `Option "${option}" must be a path or a file: URL, got ${describe(given)}`);
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch (error) {
    return invalidOption(option, `Option "${option}": ${describe(given)} is not a local file path: ${messageOf(error)}`, error);
  }
  if (path.includes('\0')) nulByte(option, given);
  const long = path.split(/[\\/]/).find((name) => Buffer.byteLength(name) > MAX_NAME_BYTES);
  if (long !== undefined) {
    invalidOption(option, `Option "${option}": ${describe(given)} has a name of ${Buffer.byteLength(long)} bytes; file systems allow ${MAX_NAME_BYTES}`);
  }
  return url;
}

function nulByte(option: string, given: string): never {
  return invalidOption(option, `Option "${option}": ${describe(given)} contains a NUL byte, which no file name can hold`);
}

function parsedURL(option: string, text: string): URL {
  try {
    return new URL(text);
  } catch (error) {
    return invalidOption(option, `Option "${option}": ${describe(text)} is not a valid URL`, error);
  }
}
