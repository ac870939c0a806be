/**
 * Adapter for `module.registerHooks()` (Node 22.15+, 23.5+): the hooks run
 * synchronously in this thread, read the space table by reference and ask
 * mapper functions directly.
 */
import { createRequire } from 'node:module';
import type { LoadHookSync, ModuleHooks, ResolveFnOutput, ResolveHookContext, ResolveHookSync } from 'node:module';
import { planLoad, planResolve, type ResolvePlan } from '../core/decide.js';
import type { MapperAnswer } from './protocol.js';
import type { SpaceTable } from '../core/state.js';

type NodeModule = typeof import('node:module');
type NextResolve = Parameters<ResolveHookSync>[2];

/** A batch item's result, or `undefined` when it failed: the runner asks that import alone for its error. */
function attempt(follow: () => ResolveFnOutput): ResolveFnOutput | undefined {
  try {
    return follow();
  } catch {
    return undefined;
  }
}

export function registerInThread(table: SpaceTable, answer: MapperAnswer): ModuleHooks {
  const follow = (plan: ResolvePlan, specifier: string, context: ResolveHookContext, nextResolve: NextResolve): ResolveFnOutput => {
    while (plan.kind === 'map') plan = plan.then(answer(plan.request));
    if (plan.kind === 'pass') return nextResolve(specifier, context);
    if (plan.kind === 'done') return plan.result;
    if (plan.kind === 'batch') return plan.combine(plan.items.map((item) => attempt(() => follow(item.plan(), item.specifier, item.context, nextResolve))));
    try {
      return plan.finish(nextResolve(plan.specifier, plan.context));
    } catch (error) {
      return plan.failed(error);
    }
  };
  const resolve: ResolveHookSync = (specifier, context, nextResolve) => follow(planResolve(table, specifier, context), specifier, context, nextResolve);
  const load: LoadHookSync = (url, context, nextLoad) => {
    const plan = planLoad(table, url, context);
    if (plan.kind === 'pass') return nextLoad(url, context);
    if (plan.kind === 'done') return plan.result;
    return plan.finish(nextLoad(url, plan.context));
  };
  // Read from the live module object: the ESM namespace of a builtin is a snapshot.
  const nodeModule = createRequire(import.meta.url)('node:module') as NodeModule;
  return nodeModule.registerHooks({ resolve, load });
}
