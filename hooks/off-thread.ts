/**
 * Adapter for `module.register()` (Node 20.6+): this module runs on Node's
 * hooks thread. It keeps its own copy of the space table, fed by state updates
 * from the main thread; each update is acknowledged through a shared flag the
 * main thread waits on, so no import can run against stale state. Mapper
 * questions go back to the main thread, where mapper functions live.
 */
import type { InitializeHook, LoadHook, ResolveFnOutput, ResolveHook, ResolveHookContext } from 'node:module';
import type { MessagePort } from 'node:worker_threads';
import { displayLocation, ErrorCodes, ModspaceError } from '../core/errors.js';
import { planLoad, planResolve, type MapRequest, type ResolvePlan } from '../core/decide.js';
import { ACK_APPLIED, ACK_FAILED, reviveError, type FromHooks, type OffThreadData, type ToHooks, type UpdateAnswer } from './protocol.js';
import { applyUpdate, type OverrideAction, type SpaceTable } from '../core/state.js';

/**
 * How long a mapper question may wait. The main thread cannot answer while
 * Node blocks it on a synchronous resolution: `import.meta.resolve` always,
 * and every resolution on Node 24+, whose loader asks off-thread hooks
 * synchronously. Node 20 and 22 resolve `import()` and static imports asynchronously.
 */
const MAPPER_TIMEOUT_MS = 3_000;

const table: SpaceTable = new Map();
let port: MessagePort | undefined;
let replies: MessagePort | undefined;
let nextQuestion = 1;
const pending = new Map<number, { resolve(action: OverrideAction | undefined): void; reject(error: Error): void }>();

export const initialize: InitializeHook<OffThreadData | undefined> = (data) => {
  port = data?.port;
  replies = data?.replies;
  if (!port) return; // registered by hand without the API: every import passes through
  port.on('message', (message: ToHooks) => {
    if (message.kind === 'mapped') {
      const question = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) question?.reject(reviveError(message.error));
      else question?.resolve(message.action);
      return;
    }
    let status = ACK_APPLIED;
    try {
      const reply = applyUpdate(table, message.update);
      // Posted before the flag is set, so the main thread finds it as soon as it wakes.
      if (reply !== undefined) replies?.postMessage({ reply } satisfies UpdateAnswer);
    } catch {
      status = ACK_FAILED;
    }
    Atomics.store(message.ack, 0, status);
    Atomics.notify(message.ack, 0);
  });
  // The hooks thread must not be kept alive by these ports alone.
  port.unref();
  replies?.unref();
};

function askMapper(request: MapRequest): Promise<OverrideAction | undefined> {
  const channel = port;
  if (!channel) return Promise.resolve(undefined);
  const id = nextQuestion++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(
        new ModspaceError(
          ErrorCodes.MAPPER_UNREACHABLE,
          `The main thread did not answer the mapper within ${MAPPER_TIMEOUT_MS} ms: on the off-thread hook path a mapper cannot serve a synchronous resolution (import.meta.resolve, space.resolve(), and every resolution on Node 24+ with module.register())`,
          { space: table.get(request.space)?.name, specifier: request.specifier, importer: displayLocation(request.importer) },
        ),
      );
    }, MAPPER_TIMEOUT_MS);
    pending.set(id, {
      resolve: (action) => (clearTimeout(timer), resolve(action)),
      reject: (error) => (clearTimeout(timer), reject(error)),
    });
    const message: FromHooks = { kind: 'map', id, request };
    channel.postMessage(message);
  });
}

type NextResolve = Parameters<ResolveHook>[2];

async function follow(plan: ResolvePlan, specifier: string, context: ResolveHookContext, nextResolve: NextResolve): Promise<ResolveFnOutput> {
  while (plan.kind === 'map') plan = plan.then(await askMapper(plan.request));
  if (plan.kind === 'pass') return nextResolve(specifier, context);
  if (plan.kind === 'done') return plan.result;
  if (plan.kind === 'batch') {
    const results: Array<ResolveFnOutput | undefined> = [];
    // One by one, in order: the graph records the imports in the order the runner made them.
    // A failed item is `undefined`: the runner asks that import alone for its error.
    for (const item of plan.items) {
      try {
        results.push(await follow(item.plan(), item.specifier, item.context, nextResolve));
      } catch {
        results.push(undefined);
      }
    }
    return plan.combine(results);
  }
  try {
    return plan.finish(await nextResolve(plan.specifier, plan.context));
  } catch (error) {
    return plan.failed(error);
  }
}

export const resolve: ResolveHook = async (specifier, context, nextResolve) => follow(planResolve(table, specifier, context), specifier, context, nextResolve);

export const load: LoadHook = async (url, context, nextLoad) => {
  const plan = planLoad(table, url, context);
  if (plan.kind === 'pass') return nextLoad(url, context);
  if (plan.kind === 'done') return plan.result;
  return plan.finish(await nextLoad(url, plan.context));
};
