/**
 * Registers the hook pair once per thread and returns the channel the API
 * uses to change the state the hooks read. Registration is idempotent across
 * `--import modspace/register`, API use and several copies of modspace: the
 * channel lives on a global symbol.
 */
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { ErrorCodes, ModspaceError } from '../core/errors.js';
import { registerInThread } from './in-thread.js';
import type { MapRequest } from '../core/decide.js';
import { ACK_APPLIED, recordError, type FromHooks, type MapperAnswer, type OffThreadData, type ToHooks, type UpdateAnswer } from './protocol.js';
import { applyUpdate, type OverrideAction, type SpaceTable, type StateReply, type StateUpdate } from '../core/state.js';

export type HookMode = 'in-thread' | 'off-thread';

export interface HookChannel {
  readonly mode: HookMode;
  /** Applies a state update; returns once the hooks will see it, with the hooks' answer if it asks something. */
  apply(update: StateUpdate): StateReply;
  /** Main-thread answerers for spaces with a mapper function, by space id. */
  readonly mappers: Map<number, MapperAnswer>;
}

const CHANNEL_SYMBOL = Symbol.for('modspace.hooks');
/** How long to wait for the hooks thread before declaring it unresponsive. */
const ACK_TIMEOUT_MS = 10_000;

type NodeModule = typeof import('node:module');
type GlobalWithChannel = typeof globalThis & { [CHANNEL_SYMBOL]?: HookChannel };

export function installHooks(): HookChannel {
  const scope = globalThis as GlobalWithChannel;
  const existing = scope[CHANNEL_SYMBOL];
  if (existing) return existing;
  // Read from the live module object: the ESM namespace of a builtin is a snapshot.
  const nodeModule = createRequire(import.meta.url)('node:module') as NodeModule;
  const mode = chooseHookMode(nodeModule, process.env.MODSPACE_HOOKS);
  const channel = mode === 'in-thread' ? inThreadChannel() : offThreadChannel(nodeModule);
  scope[CHANNEL_SYMBOL] = channel;
  return channel;
}

/**
 * In-thread hooks are the fast path and never trigger DEP0205 (Node 26
 * deprecates `module.register()`). `MODSPACE_HOOKS` forces a mode, for tests
 * and for comparing the two paths on one Node.
 */
export function chooseHookMode(nodeModule: Partial<NodeModule>, forced: string | undefined): HookMode {
  const hasInThread = typeof nodeModule.registerHooks === 'function';
  const hasOffThread = typeof nodeModule.register === 'function';
  const unsupported = (what: string) =>
    new ModspaceError(
      ErrorCodes.UNSUPPORTED_NODE,
      `Node.js ${process.version} has ${what}; modspace needs module.registerHooks() (22.15+) or module.register() (20.6+)`,
    );
  if (forced !== undefined && forced !== '') {
    if (forced === 'in-thread') {
      if (!hasInThread) throw unsupported('no module.registerHooks() for MODSPACE_HOOKS=in-thread');
      return forced;
    }
    if (forced === 'off-thread') {
      if (!hasOffThread) throw unsupported('no module.register() for MODSPACE_HOOKS=off-thread');
      return forced;
    }
    throw new ModspaceError(
      ErrorCodes.INVALID_OPTION,
      `MODSPACE_HOOKS must be "in-thread" or "off-thread", got ${JSON.stringify(forced)}`,
      { specifier: 'MODSPACE_HOOKS' },
    );
  }
  if (hasInThread) return 'in-thread';
  if (hasOffThread) return 'off-thread';
  throw unsupported('no module hook API');
}

/** The mapper of the asking space, or no answer when it has none (it was disposed). */
function answerFrom(mappers: Map<number, MapperAnswer>, request: MapRequest): OverrideAction | undefined {
  return mappers.get(request.space)?.(request);
}

function inThreadChannel(): HookChannel {
  const table: SpaceTable = new Map();
  const mappers = new Map<number, MapperAnswer>();
  registerInThread(table, (request) => answerFrom(mappers, request));
  return { mode: 'in-thread', apply: (update) => applyUpdate(table, update), mappers };
}

function offThreadChannel(nodeModule: NodeModule): HookChannel {
  const { port1, port2 } = new MessageChannel();
  const replies = new MessageChannel();
  const data: OffThreadData = { port: port2, replies: replies.port2 };
  nodeModule.register(new URL('./off-thread.js', import.meta.url), { data, transferList: [port2, replies.port2] });
  const mappers = new Map<number, MapperAnswer>();
  port1.on('message', ({ id, request }: FromHooks) => {
    let reply: ToHooks;
    try {
      reply = { kind: 'mapped', id, action: answerFrom(mappers, request), error: undefined };
    } catch (error) {
      reply = { kind: 'mapped', id, action: undefined, error: recordError(error) };
    }
    port1.postMessage(reply);
  });
  port1.unref();
  return {
    mode: 'off-thread',
    mappers,
    apply(update) {
      const ack = new Int32Array(new SharedArrayBuffer(4));
      const message: ToHooks = { kind: 'update', update, ack };
      port1.postMessage(message);
      // Blocking is what makes this correct: when apply() returns, the hooks
      // thread has the update, so the next import cannot see stale state.
      const outcome = Atomics.wait(ack, 0, 0, ACK_TIMEOUT_MS);
      if (outcome === 'timed-out' || Atomics.load(ack, 0) !== ACK_APPLIED) {
        throw new ModspaceError(
          ErrorCodes.HOOKS_UNRESPONSIVE,
          outcome === 'timed-out'
            ? `The hooks thread did not acknowledge a state update within ${ACK_TIMEOUT_MS} ms`
            : 'The hooks thread failed to apply a state update',
        );
      }
      const answer = receiveMessageOnPort(replies.port1)?.message as UpdateAnswer | undefined;
      return answer?.reply;
    },
  };
}
