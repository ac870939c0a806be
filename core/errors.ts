import { fileURLToPath } from 'node:url';

/**
 * Every failure a user can cause carries one of these codes. They are stable:
 * match on `error.code`, not on the message or the class (an error thrown in
 * the off-thread hooks reaches the main thread as a plain `Error` with the same
 * own properties).
 */
export const ErrorCodes = {
  /** An option is unknown, mistyped or has the wrong type. */
  INVALID_OPTION: 'ERR_MODSPACE_INVALID_OPTION',
  /** An override value is not an object, a function, a string or a descriptor. */
  INVALID_OVERRIDE: 'ERR_MODSPACE_INVALID_OVERRIDE',
  /** A policy pattern can match nothing: malformed glob, unknown builtin, not a scheme, not a local path... */
  INVALID_POLICY: 'ERR_MODSPACE_INVALID_POLICY',
  /** A module imports a name its override (a live value, `partial()`, `source()` or a redirect) does not export. */
  MISSING_EXPORT: 'ERR_MODSPACE_MISSING_EXPORT',
  /** An override or share key does not resolve to any module. */
  UNRESOLVED_KEY: 'ERR_MODSPACE_UNRESOLVED_KEY',
  /** An import was refused by the space's policy. */
  DENIED: 'ERR_MODSPACE_DENIED',
  /** The space (or a parent of it) was disposed. */
  DISPOSED: 'ERR_MODSPACE_DISPOSED',
  /** This Node.js has neither `module.registerHooks()` nor `module.register()`. */
  UNSUPPORTED_NODE: 'ERR_MODSPACE_UNSUPPORTED_NODE',
  /** A space's mapper function threw. */
  MAPPER_FAILED: 'ERR_MODSPACE_MAPPER_FAILED',
  /** Off-thread, the main thread could not answer a mapper question (it was blocked). */
  MAPPER_UNREACHABLE: 'ERR_MODSPACE_MAPPER_UNREACHABLE',
  /** `loadPlugins()` was pointed at a folder, file or glob base that does not exist. */
  PLUGINS_NOT_FOUND: 'ERR_MODSPACE_PLUGINS_NOT_FOUND',
  /** The off-thread hooks did not acknowledge a state update in time. */
  HOOKS_UNRESPONSIVE: 'ERR_MODSPACE_HOOKS_UNRESPONSIVE',
  /** A transform (TypeScript or a space's own) failed on a file. */
  TRANSFORM: 'ERR_MODSPACE_TRANSFORM',
  /** A TypeScript file arrived and esbuild, the optional peer dependency that compiles it, is not installed. */
  MISSING_PEER: 'ERR_MODSPACE_MISSING_PEER',
  /** A module from an archive, memory or a web server is of a kind only files can be (CommonJS, addons, wasm). */
  UNSUPPORTED_FORMAT: 'ERR_MODSPACE_UNSUPPORTED_FORMAT',
  /** An archive cannot be read: not a zip/tar, corrupt, or an entry escapes it. */
  ARCHIVE: 'ERR_MODSPACE_ARCHIVE',
  /** A remote URL's origin is not in the allowed origins, or its scheme is not http(s). */
  REMOTE_ORIGIN: 'ERR_MODSPACE_REMOTE_ORIGIN',
  /** A remote URL uses plain `http:` to a host that is not loopback. */
  REMOTE_INSECURE: 'ERR_MODSPACE_REMOTE_INSECURE',
  /** A remote fetch (request and whole body) did not finish within the timeout. */
  REMOTE_TIMEOUT: 'ERR_MODSPACE_REMOTE_TIMEOUT',
  /** A remote body is larger than the size limit. */
  REMOTE_TOO_LARGE: 'ERR_MODSPACE_REMOTE_TOO_LARGE',
  /** A remote fetch was redirected to a refused URL, or too many times. */
  REMOTE_REDIRECT: 'ERR_MODSPACE_REMOTE_REDIRECT',
  /** A remote server answered with a content type not accepted for the URL. */
  REMOTE_CONTENT_TYPE: 'ERR_MODSPACE_REMOTE_CONTENT_TYPE',
  /** A remote fetch failed on the network or its body was cut short. */
  REMOTE_INCOMPLETE: 'ERR_MODSPACE_REMOTE_INCOMPLETE',
  /** A remote server answered 404 or 410. */
  REMOTE_NOT_FOUND: 'ERR_MODSPACE_REMOTE_NOT_FOUND',
  /** A remote server answered with a status that is neither success, redirect nor not-found. */
  REMOTE_STATUS: 'ERR_MODSPACE_REMOTE_STATUS',
  /** A remote file's hash differs from the one pinned in the lockfile. */
  INTEGRITY: 'ERR_MODSPACE_INTEGRITY',
  /** A remote URL is not pinned in the lockfile and writing the lockfile is off. */
  UNLOCKED: 'ERR_MODSPACE_UNLOCKED',
  /** The lockfile cannot be read, parsed or written. */
  LOCKFILE: 'ERR_MODSPACE_LOCKFILE',
  /** Offline, a remote URL is needed that is not in the cache. */
  OFFLINE: 'ERR_MODSPACE_OFFLINE',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface ModspaceErrorDetails {
  /** Name of the space the failure belongs to. */
  space?: string | undefined;
  /** The specifier (or option key) involved, as the user wrote it. */
  specifier?: string | undefined;
  /** The importing file, as a plain path when it is a file. */
  importer?: string | undefined;
  /** The error behind this one (a mapper's own error). */
  cause?: unknown;
}

export class ModspaceError extends Error {
  readonly code: ErrorCode;
  readonly space: string | undefined;
  readonly specifier: string | undefined;
  readonly importer: string | undefined;

  constructor(code: ErrorCode, message: string, details: ModspaceErrorDetails = {}) {
    super(formatMessage(message, details), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ModspaceError';
    this.code = code;
    this.space = details.space;
    this.specifier = details.specifier;
    this.importer = details.importer;
  }
}

function formatMessage(message: string, { space, specifier, importer }: ModspaceErrorDetails): string {
  const where: string[] = [];
  if (specifier !== undefined) where.push(`specifier "${specifier}"`);
  if (importer !== undefined) where.push(`imported from ${importer}`);
  const prefix = space === undefined ? '[modspace]' : `[modspace:${space}]`;
  return `${prefix} ${message}${where.length ? ` (${where.join(', ')})` : ''}`;
}

/** Shows a module URL the way a person reads it: a plain path for `file:` URLs. */
export function displayLocation(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  if (!url.startsWith('file:')) return url;
  try {
    return fileURLToPath(url);
  } catch {
    return url;
  }
}
