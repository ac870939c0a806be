/**
 * The fetch worker: runs `fetchChecked` for a thread that is blocked waiting
 * for the answer. The answer goes on the port the waiting thread reads with
 * `receiveMessageOnPort`, then the shared flag wakes it; that order matters,
 * the message must be there when the thread wakes.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { ErrorCodes } from '../errors.js';
import type { ErrorRecord } from '../error-record.js';
import { fetchChecked } from './fetch.js';
import type { FetchAnswer, FetchRequest, FetchWorkerData } from './fetch-sync.js';

const { answers } = workerData as FetchWorkerData;

parentPort?.on('message', (request: FetchRequest) => {
  void answer(request, answers);
});

async function answer({ id, url, settings, accept, flag }: FetchRequest, port: MessagePort): Promise<void> {
  let message: FetchAnswer;
  let transfer: ArrayBuffer[] = [];
  try {
    const file = await fetchChecked(url, settings, accept);
    message = { id, file, error: undefined };
    // fetchChecked's bytes own their whole buffer, so moving it loses nothing.
    transfer = [file.bytes.buffer as ArrayBuffer];
  } catch (error) {
    message = { id, file: undefined, error: recordOf(error) };
  }
  port.postMessage(message, transfer);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

function recordOf(error: unknown): ErrorRecord {
  const { code, message } = error as Partial<ErrorRecord>;
  // fetchChecked codes its failures; anything else is a bug, still reported as a failed fetch.
  return { code: code ?? ErrorCodes.REMOTE_INCOMPLETE, message: message ?? String(error) };
}
