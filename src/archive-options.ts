/**
 * Validation of a space's `archive` option: how archives (`.zip`, `.tgz`,
 * `.tar.gz`, `.tar`) are read. Today one setting, the size limit.
 */
import { ErrorCodes, ModspaceError } from '../core/errors.js';
import { describe, isPlainObject, rejectUnknown } from './options.js';
import { DEFAULT_ARCHIVE, type ArchiveSettings } from '../core/places/archive.js';

export interface ArchiveOptions {
  /**
   * The most bytes an archive may take, as a file and unpacked (a tarball's
   * tar, the declared sizes of a zip's entries together). Past it the archive
   * is refused with ERR_MODSPACE_ARCHIVE. Default 128 MiB.
   */
  maxBytes?: number;
}

const NAMES = ['maxBytes'] as const;

/** `undefined` when not given: the defaults, or what a child inherits. */
export function parseArchive(value: unknown): ArchiveSettings | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) invalid('archive', `Option "archive" must be an object ({ maxBytes }), got ${describe(value)}`);
  rejectUnknown(value, NAMES, 'archive option');
  const { maxBytes } = value;
  // Given, even empty, it replaces what a parent set.
  if (maxBytes === undefined) return DEFAULT_ARCHIVE;
  if (typeof maxBytes !== 'number' || !Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    invalid('archive.maxBytes', `Option "archive.maxBytes" must be a positive integer (bytes), got ${describe(maxBytes)}`);
  }
  return { maxBytes };
}

function invalid(option: string, message: string): never {
  throw new ModspaceError(ErrorCodes.INVALID_OPTION, message, { specifier: option });
}
