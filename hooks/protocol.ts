/**
 * The message protocol between the main thread and the off-thread hooks:
 * state updates flow to the hooks (acknowledged through a shared flag the
 * main thread waits on), and mapper questions flow back to the main thread,
 * where mapper functions live.
 */
import type { MessagePort } from 'node:worker_threads';
import type { MapRequest } from '../core/decide.js';
import type { OverrideAction, StateReply, StateUpdate } from '../core/state.js';
import type { ErrorRecord } from '../core/error-record.js';

export { recordError, reviveError, type ErrorRecord } from '../core/error-record.js';

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
