/**
 * Adapter for `module.register()` (Node 20.6+): this module runs on Node's
 * hooks thread. It keeps its own copy of the space table, fed by state updates
 * from the main thread; each update is acknowledged through a shared flag the
 * main thread waits on, so no import can run against stale state.
 */
import type { InitializeHook, LoadHook, ResolveHook } from 'node:module';
import { planLoad, planResolve } from './decide.js';
import { ACK_APPLIED, ACK_FAILED, type OffThreadData, type UpdateMessage } from './protocol.js';
import { applyUpdate, type SpaceTable } from './state.js';

const table: SpaceTable = new Map();

export const initialize: InitializeHook<OffThreadData | undefined> = (data) => {
  const port = data?.port;
  if (!port) return; // registered by hand without the API: every import passes through
  port.on('message', ({ update, ack }: UpdateMessage) => {
    let status = ACK_APPLIED;
    try {
      applyUpdate(table, update);
    } catch {
      status = ACK_FAILED;
    }
    Atomics.store(ack, 0, status);
    Atomics.notify(ack, 0);
  });
  // The hooks thread must not be kept alive by this port alone.
  port.unref();
};

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const plan = planResolve(table, specifier, context);
  if (plan.kind === 'pass') return nextResolve(specifier, context);
  if (plan.kind === 'done') return plan.result;
  try {
    return plan.finish(await nextResolve(plan.specifier, plan.context));
  } catch (error) {
    return plan.failed(error);
  }
};

export const load: LoadHook = async (url, context, nextLoad) => planLoad(table, url, context) ?? nextLoad(url, context);
