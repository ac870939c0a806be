/**
 * `fetchChecked`, synchronously. The module hooks are synchronous on the
 * in-thread path, so the network runs in a worker and this thread blocks
 * in `Atomics.wait` until the worker has posted the answer.
 *
 * A server running on the importing thread itself cannot answer while that
 * thread is blocked: such a fetch deadlocks until the timeout fires, then
 * fails with ERR_MODSPACE_REMOTE_TIMEOUT instead of hanging forever.
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import { workerThreads } from '../builtins.js';
import { ErrorCodes, ModspaceError } from '../errors.js';
import { reviveError, type ErrorRecord } from '../error-record.js';
import type { FetchedFile } from './fetch.js';
import { DEFAULT_REMOTE, type RemoteSettings } from './settings.js';

export interface FetchWorkerData {
  answers: MessagePort;
}

export interface FetchRequest {
  id: number;
  url: string;
  settings: RemoteSettings;
  accept: readonly string[];
  /** Set to 1 and notified once the answer is on the port. */
  flag: Int32Array;
}

export type FetchAnswer =
  | { id: number; file: FetchedFile; error: undefined }
  | { id: number; file: undefined; error: ErrorRecord };

/**
 * Beyond the fetch's own timeout, how long to wait for a worker that does not
 * answer (still starting, or dead) before giving up on it.
 */
const WORKER_MARGIN_MS = 5_000;

interface Bridge {
  worker: Worker;
  /** Never listened to: read synchronously with receiveMessageOnPort. */
  answers: MessagePort;
  nextId: number;
  /** Why the worker failed, if it did; reported with the timeout it causes. */
  failure: Error | undefined;
}

let bridge: Bridge | undefined;

export function fetchSync(url: string, settings: RemoteSettings, accept: readonly string[]): FetchedFile {
  const current = (bridge ??= startWorker());
  const id = current.nextId++;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const request: FetchRequest = { id, url, settings, accept, flag };
  current.worker.postMessage(request);
  // Finite whatever the settings say: NaN or Infinity here would wait forever on a dead worker.
  const limit = (Number.isFinite(settings.timeout) ? settings.timeout : DEFAULT_REMOTE.timeout) + WORKER_MARGIN_MS;
  Atomics.wait(flag, 0, 0, limit);
  // Answers to earlier requests that timed out here may still be queued: skip them.
  for (let received = workerThreads().receiveMessageOnPort(current.answers); received; received = workerThreads().receiveMessageOnPort(current.answers)) {
    const answer = received.message as FetchAnswer;
    if (answer.id !== id) continue;
    if (answer.error) throw reviveError(answer.error);
    return answer.file;
  }
  const why = current.failure ? `: ${current.failure.message}` : '';
  throw new ModspaceError(ErrorCodes.REMOTE_TIMEOUT, `Fetching ${url}: the fetch worker did not answer within ${limit} ms${why}`);
}

function startWorker(): Bridge {
  const { MessageChannel, Worker } = workerThreads();
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./fetch-worker.js', import.meta.url), {
    workerData: { answers: port2 } satisfies FetchWorkerData,
    transferList: [port2],
    // The worker only fetches: it needs none of this process's flags, and
    // must not run its --import preloads (modspace's own register among them).
    execArgv: [],
  });
  const started: Bridge = { worker, answers: port1, nextId: 1, failure: undefined };
  // Never keeps the process alive; when it fails the next fetch starts a new one.
  worker.unref();
  worker.on('error', (error) => {
    started.failure = error;
  });
  worker.on('exit', () => {
    if (bridge === started) bridge = undefined;
  });
  return started;
}
