// ModuleRunner: evaluates ES modules itself, as functions, with ES module
// semantics (see docs/runner.md). Every instance lives in this runner's Map,
// keyed by URL: dropping the runner drops every module it evaluated, which
// native module records never allow.
import { compile } from './compile.js';
import { importAttributes, moduleContext, type ContextRuntime } from './context.js';
import { Evaluator } from './evaluate.js';
import { namespaceNames } from './exports.js';
import type { ImportAttributes, LoadedModule, ResolvedModule, RunnerHost, RunnerOptions } from './host.js';
import { checkImports, fillView } from './link.js';
import { defaultImportMeta } from './meta.js';
import { createNamespace, refreshNamespace } from './namespace.js';
import { depsOf, sourceRecord, type ModuleRecord, type SourceRecord } from './records.js';
import { cachedTransform } from './transform-cache.js';
import type { TransformStore } from './transform-store.js';

export type { ImportAttributes, LoadedModule, ResolvedModule, RunnerHost, RunnerOptions } from './host.js';

type Body = Generator<undefined, void> | AsyncGenerator<undefined, void>;

export class ModuleRunner {
  private readonly records = new Map<string, ModuleRecord>();
  private readonly inflight = new Map<string, Promise<ModuleRecord>>();
  private readonly evaluator = new Evaluator({
    execute: (record) => {
      (record.body as Generator<undefined, void>).next();
      if (record.namespace) refreshNamespace(record.namespace);
    },
    executeAsync: async (record) => {
      await (record.body as AsyncGenerator<undefined, void>).next();
      if (record.namespace) refreshNamespace(record.namespace);
    },
  });
  private readonly sourceMaps: boolean;
  private readonly store: TransformStore | undefined;
  private readonly runtime: ContextRuntime = {
    namespaceOf: (record) => this.namespace(record),
    dynamicImport: (specifier, options, parentURL) => this.dynamicImport(specifier, options, parentURL),
    importMeta: (url) => {
      const resolve = (specifier: string): string => this.host.resolve(String(specifier), url, {}).url;
      return this.host.importMeta ? this.host.importMeta(url, resolve) : defaultImportMeta(url, resolve);
    },
  };

  constructor(private readonly host: RunnerHost, options: RunnerOptions = {}) {
    this.sourceMaps = options.sourceMaps ?? (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled ?? false;
    this.store = options.transformStore;
  }

  /** Imports `specifier` as `parentURL` would (undefined: an entry) and returns its namespace. */
  async import(specifier: string, parentURL?: string, attributes: ImportAttributes = {}): Promise<object> {
    return this.importResolved(this.host.resolve(specifier, parentURL, attributes), attributes);
  }

  /** The URLs of the modules this runner holds (evaluated or not). */
  urls(): string[] {
    return [...this.records.keys()];
  }

  /** Imports a module its host already resolved (e.g. past overrides, for `importActual()`). */
  importModule(resolved: ResolvedModule, attributes: ImportAttributes = {}): Promise<object> {
    return this.importResolved(resolved, attributes);
  }

  has(url: string): boolean {
    return this.records.has(url);
  }

  /**
   * Drops the instance at `url` from this runner: a later import of the URL
   * loads and evaluates it anew, and the old instance is garbage once no
   * module or caller holds it (importers already linked keep reading it).
   */
  forget(url: string): boolean {
    return this.records.delete(url);
  }

  /** Drops every instance (a new generation of the whole space). */
  clear(): void {
    this.records.clear();
  }

  private async importResolved(resolved: ResolvedModule, attributes: ImportAttributes): Promise<object> {
    const record = await this.record(resolved, attributes);
    if (record.kind === 'native') return record.namespace;
    await this.loadGraph(record);
    await this.link(record);
    await this.evaluator.evaluate(record);
    return this.namespace(record);
  }

  /**
   * The record at `resolved.url`: at once when it exists or its source is at
   * hand (a file: most modules), a promise otherwise. Loading a graph of files
   * makes no promise per module: every promise costs, and more so under a
   * test runner that tracks them with async hooks (node:test).
   */
  private record(resolved: ResolvedModule, attributes: ImportAttributes, importer?: string): ModuleRecord | Promise<ModuleRecord> {
    const { url } = resolved;
    const existing = this.records.get(url) ?? this.inflight.get(url);
    if (existing) return existing;
    const loaded = resolved.native ? undefined : this.host.load(url, attributes, importer);
    if (loaded !== undefined && !(loaded instanceof Promise) && (loaded.format === 'module' || loaded.format === 'json')) {
      return this.keep(url, this.evaluated(url, loaded));
    }
    const pending = this.create(resolved, attributes, loaded).finally(() => this.inflight.delete(url));
    this.inflight.set(url, pending);
    return pending;
  }

  private async create({ url }: ResolvedModule, attributes: ImportAttributes, loading: LoadedModule | Promise<LoadedModule> | undefined): Promise<ModuleRecord> {
    const loaded = await loading;
    if (!loaded || (loaded.format !== 'module' && loaded.format !== 'json')) {
      return this.keep(url, { kind: 'native', url, namespace: await this.host.importNative(url, attributes) });
    }
    return this.keep(url, this.evaluated(url, loaded));
  }

  /** A record the runner evaluates itself: an ES module, or JSON. */
  private evaluated(url: string, loaded: LoadedModule): ModuleRecord {
    if (loaded.format === 'json') {
      const value: unknown = JSON.parse(String(loaded.source));
      return { kind: 'native', url, namespace: createNamespace({ get default() { return value; } }, ['default']) };
    }
    return sourceRecord(url, cachedTransform(String(loaded.source), url, this.sourceMaps, this.store));
  }

  private keep(url: string, record: ModuleRecord): ModuleRecord {
    this.records.set(url, record);
    return record;
  }

  /** Resolves and loads every module the graph under `root` needs, breadth first; what must wait (a fetch, a native import) in parallel. */
  private async loadGraph(root: SourceRecord): Promise<void> {
    const seen = new Set<ModuleRecord>([root]);
    let frontier: SourceRecord[] = [root];
    while (frontier.length > 0) {
      const next: SourceRecord[] = [];
      const add = (deps: readonly ModuleRecord[]): void => {
        for (const dep of deps) {
          if (!seen.has(dep) && dep.kind === 'source') next.push(dep);
          seen.add(dep);
        }
      };
      const waiting: Promise<void>[] = [];
      for (const [record, prefetched] of this.resolveLevel(frontier)) {
        const deps = this.deps(record, prefetched);
        if (deps instanceof Promise) waiting.push(deps.then(add));
        else add(deps);
      }
      if (waiting.length > 0) await Promise.all(waiting);
      frontier = next;
    }
  }

  /**
   * The imports of a whole level of the graph, asked of the host at once when
   * it can (off-thread hooks answer each question with a round trip). An
   * import the batch could not resolve is asked alone, for its own error.
   */
  private resolveLevel(frontier: readonly SourceRecord[]): Array<[SourceRecord, ReadonlyArray<ResolvedModule | (() => ResolvedModule)> | undefined]> {
    const asking = frontier.filter((record) => !record.deps && !record.depsLoading && record.transform.requests.length > 0);
    if (!this.host.resolveMany || asking.length === 0) return frontier.map((record) => [record, undefined]);
    const requests = asking.flatMap((record) => record.transform.requests.map(({ specifier, attributes }) => ({ specifier, parentURL: record.url, attributes })));
    const answers = this.host.resolveMany(requests);
    const byRecord = new Map<SourceRecord, ReadonlyArray<ResolvedModule | (() => ResolvedModule)>>();
    let next = 0;
    for (const record of asking) {
      byRecord.set(record, answers.slice(next, next + record.transform.requests.length));
      next += record.transform.requests.length;
    }
    return frontier.map((record) => [record, byRecord.get(record)]);
  }

  private deps(record: SourceRecord, prefetched?: ReadonlyArray<ResolvedModule | (() => ResolvedModule)>): ModuleRecord[] | Promise<ModuleRecord[]> {
    if (record.deps) return record.deps;
    if (record.depsLoading) return record.depsLoading;
    let found: Array<ModuleRecord | Promise<ModuleRecord>>;
    try {
      found = record.transform.requests.map(({ specifier, attributes }, index) =>
        this.record(answerOf(prefetched?.[index]) ?? this.host.resolve(specifier, record.url, attributes), attributes, record.url),
      );
    } catch (error) {
      return Promise.reject(error); // nothing kept: a later import tries again, as Node does
    }
    if (!found.some((dep) => dep instanceof Promise)) return (record.deps = found as ModuleRecord[]);
    record.depsLoading = Promise.all(found).then(
      (deps) => (record.deps = deps),
      (error: unknown) => {
        record.depsLoading = undefined; // a later import tries again, as Node does
        throw error;
      },
    );
    return record.depsLoading;
  }

  /**
   * Links the new modules of a loaded graph: every import and re-export must
   * resolve (a SyntaxError otherwise, before anything is instantiated), then
   * each module registers its bindings and the export views are filled.
   */
  private async link(root: SourceRecord): Promise<void> {
    const fresh: SourceRecord[] = [];
    const pending: Promise<unknown>[] = [];
    const visited = new Set<SourceRecord>();
    const visit = (record: SourceRecord): void => {
      visited.add(record);
      for (const dep of depsOf(record)) if (dep.kind === 'source' && !visited.has(dep)) visit(dep);
      if (record.status === 'new') fresh.push(record);
      if (record.instantiating) pending.push(record.instantiating);
    };
    visit(root);
    for (const record of fresh) checkImports(record);
    for (const record of fresh) this.instantiate(record);
    for (const record of fresh) {
      fillView(record, (module) => this.namespace(module));
      record.status = 'linked';
      if (record.instantiating) pending.push(record.instantiating);
    }
    // An async module's first step (registering its bindings) settles a tick later; its body must start synchronously.
    if (pending.length > 0) await Promise.all(pending);
  }

  private instantiate(record: SourceRecord): void {
    const context = moduleContext(record, this.runtime);
    const stackURL = this.host.stackURL ? this.host.stackURL(record.url) : record.url;
    const body: Body = compile(record.transform, stackURL, this.sourceMaps)(context);
    record.body = body;
    const first = body.next();
    if (first instanceof Promise) {
      record.instantiating = first.finally(() => (record.instantiating = undefined));
    }
  }

  private namespace(record: ModuleRecord): object {
    if (record.kind === 'native') return record.namespace;
    return (record.namespace ??= createNamespace(record.view, namespaceNames(record)));
  }

  private async dynamicImport(specifier: unknown, options: unknown, parentURL: string): Promise<object> {
    const attributes = importAttributes(options);
    const resolved = this.host.resolve(String(specifier), parentURL, attributes);
    return this.importResolved(resolved, attributes);
  }
}

/** A batch's answer for one import: its resolution, or (it failed) the function that asks it alone. */
function answerOf(answer: ResolvedModule | (() => ResolvedModule) | undefined): ResolvedModule | undefined {
  return typeof answer === 'function' ? answer() : answer;
}
