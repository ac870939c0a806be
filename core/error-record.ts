/**
 * Errors that cross between threads (the off-thread hooks, the remote fetch
 * worker) as plain data, and back: a ModspaceError's fields and the cause the
 * user's code threw.
 */
import { recordThrown, reviveThrown, type Thrown } from './thrown.js';

/** The fields of a ModspaceError that survive a trip between threads. */
export interface ErrorRecord {
  code: string;
  message: string;
  space?: string | undefined;
  specifier?: string | undefined;
  importer?: string | undefined;
  /** What the user's code threw (a mapper's own error): `cause` on the other side. */
  cause?: Thrown | undefined;
}

export function recordError(error: unknown): ErrorRecord {
  const { code, message, space, specifier, importer } = error as Partial<ErrorRecord>;
  const record: ErrorRecord = { code: code ?? 'ERR_MODSPACE_MAPPER_FAILED', message: message ?? String(error), space, specifier, importer };
  if (error instanceof Error && Object.hasOwn(error, 'cause')) record.cause = recordThrown(error.cause);
  return record;
}

export function reviveError(record: ErrorRecord): Error {
  const { cause, ...fields } = record;
  const error = cause === undefined ? new Error(record.message) : new Error(record.message, { cause: reviveThrown(cause) });
  return Object.assign(error, fields);
}
