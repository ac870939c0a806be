/** The message protocol between the main thread and the off-thread hooks. */
import type { MessagePort } from 'node:worker_threads';
import type { StateUpdate } from './state.js';

/** What `module.register()` hands to the hooks' `initialize`. */
export interface OffThreadData {
  port: MessagePort;
}

/** A state update as posted to the hooks thread. */
export interface UpdateMessage {
  update: StateUpdate;
  /** Set to ACK_APPLIED or ACK_FAILED by the hooks thread, then notified. */
  ack: Int32Array;
}

export const ACK_APPLIED = 1;
export const ACK_FAILED = 2;
