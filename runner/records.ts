// Module records: one per URL in a runner. Source records are evaluated by
// the runner (ES modules); native records wrap a namespace the host produced
// (builtins, CommonJS, …) or a synthetic one (JSON).
import type { ModuleTransform } from './transform-types.js';

export type ModuleStatus = 'new' | 'linked' | 'evaluating' | 'evaluating-async' | 'evaluated';

export interface NativeRecord {
  readonly kind: 'native';
  readonly url: string;
  readonly namespace: object;
}

export interface Capability {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

export interface SourceRecord {
  readonly kind: 'source';
  readonly url: string;
  readonly transform: ModuleTransform;
  /** Resolved requests, same order as transform.requests; set once the graph is loaded. */
  deps: ModuleRecord[] | undefined;
  depsLoading: Promise<ModuleRecord[]> | undefined;
  status: ModuleStatus;
  /** Getters for every export name (what importers read), filled at link time. */
  readonly view: Record<string, unknown>;
  /** The module's own bindings, getters keyed by local name, registered when instantiated. */
  locals: object | undefined;
  namespace: object | undefined;
  body: Generator<undefined, void> | AsyncGenerator<undefined, void> | undefined;
  /** Pending first step of an async generator (instantiation), awaited before evaluation. */
  instantiating: Promise<unknown> | undefined;
  // The spec's cyclic module record fields for evaluation.
  dfsIndex: number;
  dfsAncestorIndex: number;
  cycleRoot: SourceRecord | undefined;
  asyncEvaluationOrder: number | 'done' | undefined;
  pendingAsyncDependencies: number;
  asyncParentModules: SourceRecord[];
  topLevelCapability: Capability | undefined;
  evaluationError: { readonly error: unknown } | undefined;
}

export type ModuleRecord = NativeRecord | SourceRecord;

export function sourceRecord(url: string, transform: ModuleTransform): SourceRecord {
  return {
    kind: 'source', url, transform, deps: undefined, depsLoading: undefined, status: 'new',
    view: Object.create(null) as Record<string, unknown>, locals: undefined, namespace: undefined,
    body: undefined, instantiating: undefined, dfsIndex: 0, dfsAncestorIndex: 0, cycleRoot: undefined,
    asyncEvaluationOrder: undefined, pendingAsyncDependencies: 0, asyncParentModules: [],
    topLevelCapability: undefined, evaluationError: undefined,
  };
}

export function capability(): Capability {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // The runner observes every capability it creates; an unobserved rejection here is not the user's.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/** The object importers read bindings from. */
export const viewOf = (record: ModuleRecord): object => (record.kind === 'source' ? record.view : record.namespace);

export function depsOf(record: SourceRecord): ModuleRecord[] {
  if (!record.deps) throw new Error(`modspace runner: ${record.url} was not loaded`);
  return record.deps;
}
