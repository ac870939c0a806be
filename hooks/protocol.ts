/**
 * The message protocol between the main thread and the off-thread hooks:
 * state updates flow to the hooks (acknowledged through a shared flag the
 * main thread waits on), and mapper questions flow back to the main thread,
 * where mapper functions live.
 */
import type { MessagePort } from 'node:worker_threads';
import type { MapRequest } from './decide.js';
import type { OverrideAction, StateReply, StateUpdate } from './state.js';
import { recordThrown, reviveThrown, type Thrown } from './thrown.js';

/** What `module.register()` hands to the hooks' `initialize`. */
export interface OffThreadData {
  port: MessagePort;
  /**
   * Answers to updates that ask something (`invalidate`, `modules`) are posted
   * here before the acknowledgement; the main thread, which never listens on
   * its end, takes them synchronously with `receiveMessageOnPort`.
   */
  replies: MessagePort;
}

export const ACK_APPLIED = 1;
export const ACK_FAILED = 2;

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

export type ToHooks =
  /** `ack` is set to ACK_APPLIED or ACK_FAILED by the hooks thread, then notified. */
  | { kind: 'update'; update: StateUpdate; ack: Int32Array }
  | { kind: 'mapped'; id: number; action: OverrideAction | undefined; error: ErrorRecord | undefined };

export type FromHooks = { kind: 'map'; id: number; request: MapRequest };

/** Posted on the reply port for an update with an answer. */
export interface UpdateAnswer {
  reply: StateReply;
}

/** Answers a mapper question in the main thread; throws what the mapper threw, wrapped. */
export type MapperAnswer = (request: MapRequest) => OverrideAction | undefined;

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
