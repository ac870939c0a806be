/**
 * Hot module replacement for a watched space (`space.watch({ hot: true })`):
 * the `import.meta.hot` objects modules get, and how a change is applied.
 *
 * A change renews the changed modules and their importers up to the nearest
 * accepting boundary (a module that accepts itself, or an importer that
 * accepts the changed dependency); the boundary's importers keep their
 * instances. Old instances' `dispose` callbacks run before the new ones
 * evaluate, with one `data` object per module carried across instances. A
 * change with no boundary on some path (or reaching a module that declined)
 * is not applied here: the watcher falls back (src/watch.ts).
 *
 * The objects live in the main thread, where modules evaluate on both engines
 * and hook paths; the native engine's load hook adds a statement that fetches
 * them from a global registry (core/hot-inject.ts), the runner's host puts
 * them on the `import.meta` it builds (src/runner-host.ts).
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Loader } from 'esbuild';
import { HOT_REGISTRY_KEY } from '../core/hot-inject.js';
import { readToken, targetOf, withoutToken } from '../core/token.js';
import { parseWithEsbuild } from './syntax-check.js';
import type { ModspaceHot, HotData, HotModule } from './hot-types.js';
import type { ModuleInfo } from './space.js';

export type { ModspaceHot, HotData, HotModule } from './hot-types.js';

/** What the runtime needs of its space: ModuleSpace's public calls and two internal ones (HOT_ACCESS). */
export interface HotSpace {
  readonly name: string;
  modules(): ModuleInfo[];
  import<T>(specifier: string | URL): Promise<T>;
}

/** ModuleSpace's internal calls for hot module replacement, behind a symbol. */
export interface HotAccess {
  readonly id: number;
  /** Modules loaded from now get `import.meta.hot`. */
  enable(): void;
  /** Exactly these targets get new instances; resolves to the plain URLs replaced. */
  renew(targets: string[]): Promise<string[]>;
}

export const HOT_ACCESS = Symbol('modspace.hot-access');

type Callback = (module: HotModule | undefined) => void;
type DepsCallback = (modules: Array<HotModule | undefined>) => void;
type Disposer = (data: HotData) => void | Promise<void>;

/** What one module instance declared through its `import.meta.hot`. */
interface InstanceState {
  url: string;
  selfAccepts: boolean;
  selfCallbacks: Callback[];
  /** Each `accept(deps, cb)`: the targets it names, and the callback (for one dep or a list). */
  depAccepts: Array<{ targets: string[]; single: boolean; callback: Callback | DepsCallback | undefined }>;
  disposers: Disposer[];
  declined: boolean;
}

/** What an update did: the modules renewed and the boundaries that took it. */
export interface HotResult {
  /** Plain URLs of the modules that got new instances. */
  modules: string[];
  /** Plain URLs of the modules that accepted the update (themselves or a dependency). */
  boundaries: string[];
}

/** An update that cannot be applied by replacing modules up to a boundary: why (for the fallback). */
export class NoBoundary {
  constructor(readonly reason: string) {}
}

interface GraphNode {
  url: string;
  importers: string[];
  /** An importer belongs to another space (a child): this space cannot renew it. */
  foreign: boolean;
}

/** The main-thread registry the injected statement and the runner's host ask, by the space in the URL's token. */
interface HotRegistry {
  runtimes: Map<number, HotRuntime>;
  get(url: string, resolve?: (specifier: string) => string): ModspaceHot | undefined;
}

function registry(): HotRegistry {
  const scope = globalThis as typeof globalThis & { [key: symbol]: HotRegistry | undefined };
  const key = Symbol.for(HOT_REGISTRY_KEY);
  return (scope[key] ??= {
    runtimes: new Map(),
    get(url, resolve) {
      const token = readToken(url);
      return token === undefined ? undefined : this.runtimes.get(token.space)?.context(url, resolve);
    },
  });
}

/** `import.meta.hot` for a module of a runner space (its host builds `import.meta`). */
export function hotContextFor(url: string, resolve: (specifier: string) => string): ModspaceHot | undefined {
  return registry().get(url, resolve);
}

export class HotRuntime {
  readonly #space: HotSpace;
  readonly #access: HotAccess;
  /** Instances by tokenized URL; an old instance leaves once its dispose callbacks ran. */
  readonly #instances = new Map<string, InstanceState>();
  /** One `data` object per module (target), carried from instance to instance. */
  readonly #data = new Map<string, HotData>();
  /** Modules that called `hot.invalidate()`: their importers take the next update. */
  readonly #invalidated = new Set<string>();
  readonly #onInvalidate: () => void;

  constructor(space: HotSpace, access: HotAccess, onInvalidate: () => void) {
    this.#space = space;
    this.#access = access;
    this.#onInvalidate = onInvalidate;
    registry().runtimes.set(access.id, this);
    access.enable();
  }

  close(): void {
    const runtimes = registry().runtimes;
    if (runtimes.get(this.#access.id) === this) runtimes.delete(this.#access.id);
  }

  /** Targets whose modules called `hot.invalidate()` since the last look (taken). */
  takeInvalidated(): string[] {
    const targets = [...this.#invalidated];
    this.#invalidated.clear();
    return targets;
  }

  /** The `import.meta.hot` of one instance, made when its top level first reads it. */
  context(url: string, resolve: ((specifier: string) => string) | undefined): ModspaceHot {
    const target = targetOf(url);
    let state = this.#instances.get(url);
    if (!state) {
      state = { url, selfAccepts: false, selfCallbacks: [], depAccepts: [], disposers: [], declined: false };
      this.#instances.set(url, state);
    }
    let data = this.#data.get(target);
    if (!data) this.#data.set(target, (data = {}));
    return makeHot(state, data, (specifier) => resolveTarget(specifier, url, resolve), () => {
      this.#invalidated.add(target);
      this.#onInvalidate();
    });
  }

  /**
   * Applies a change of `changed` (targets whose files changed) or of
   * `invalidated` (modules that asked their importers to take it). Throws
   * NoBoundary when some path has no boundary (nothing was changed then), or
   * the error of a new instance (its old instance was disposed; the
   * acceptance it declared still holds for the next change).
   */
  async update(changed: string[], invalidated: string[] = []): Promise<HotResult> {
    const graph = this.#graph();
    const renew = new Set<string>();
    const selfBoundaries = new Set<string>();
    const depBoundaries = new Map<string, Set<string>>(); // importer target → accepted dep targets that changed
    const fail = (reason: string): never => {
      throw new NoBoundary(reason);
    };
    const acceptsDep = (importer: string, dep: string): boolean => {
      const node = graph.get(importer);
      const state = node && this.#instances.get(node.url);
      return state?.depAccepts.some((accept) => accept.targets.includes(dep)) ?? false;
    };
    const walkImporters = (target: string, node: GraphNode): void => {
      if (node.foreign) fail(`${plain(target)} is imported by a module of another space`);
      if (node.importers.length === 0) fail(`no module accepts the update: it reaches ${plain(target)}, which nothing imports`);
      for (const importer of node.importers) {
        if (acceptsDep(importer, target)) {
          let deps = depBoundaries.get(importer);
          if (!deps) depBoundaries.set(importer, (deps = new Set()));
          deps.add(target);
        } else walk(importer);
      }
    };
    const walk = (target: string): void => {
      if (renew.has(target)) return;
      const node = graph.get(target);
      if (!node) return; // not loaded in this space (any more): nothing to replace
      const state = this.#instances.get(node.url);
      if (state?.declined) fail(`${plain(target)} declined hot updates`);
      renew.add(target);
      if (state?.selfAccepts) selfBoundaries.add(target);
      else walkImporters(target, node);
    };
    for (const target of changed) walk(target);
    for (const target of invalidated) {
      const node = graph.get(target);
      if (node) walkImporters(target, node);
    }
    // An importer renewed through another path imports the new dependency anyway.
    for (const importer of depBoundaries.keys()) if (renew.has(importer)) depBoundaries.delete(importer);
    if (renew.size === 0 && depBoundaries.size === 0) return { modules: [], boundaries: [] };
    checkSyntax(changed);

    // The old instances let go (timers, sockets) before the new ones evaluate.
    const old = new Map<string, InstanceState>();
    for (const target of renew) {
      const state = this.#instances.get(graph.get(target)!.url);
      if (!state) continue;
      old.set(target, state);
      this.#instances.delete(state.url);
      const data = this.#data.get(target) ?? {};
      for (const disposer of state.disposers) await disposer(data);
    }
    const modules = await this.#access.renew([...renew]);

    try {
      const imported = new Map<string, HotModule>();
      const load = async (target: string): Promise<HotModule> => {
        let namespace = imported.get(target);
        if (!namespace) imported.set(target, (namespace = await this.#space.import<HotModule>(new URL(target))));
        return namespace;
      };
      for (const target of selfBoundaries) {
        const namespace = await load(target);
        for (const callback of old.get(target)?.selfCallbacks ?? []) callback(namespace);
      }
      for (const [importer, deps] of depBoundaries) {
        const node = graph.get(importer)!;
        const state = this.#instances.get(node.url);
        for (const accept of state?.depAccepts ?? []) {
          if (!accept.targets.some((target) => deps.has(target))) continue;
          const namespaces = await Promise.all(accept.targets.map((target) => (deps.has(target) ? load(target) : undefined)));
          if (accept.single) (accept.callback as Callback | undefined)?.(namespaces[0]);
          else (accept.callback as DepsCallback | undefined)?.(namespaces);
        }
      }
    } catch (error) {
      this.#keepAcceptance(old);
      throw error;
    }
    return { modules, boundaries: [...selfBoundaries, ...depBoundaries.keys()].map(plain) };
  }

  /**
   * Runs the dispose callbacks of the instances of these targets (or of every
   * instance, last loaded first): before the watcher's fallback re-imports.
   */
  async disposeAll(targets?: string[]): Promise<void> {
    const only = targets && new Set(targets);
    for (const [url, state] of [...this.#instances].reverse()) {
      if (only && !only.has(targetOf(url))) continue;
      this.#instances.delete(url);
      const data = this.#data.get(targetOf(url)) ?? {};
      for (const disposer of state.disposers) await disposer(data);
    }
  }

  /**
   * A new instance failed (its top level threw, or it could not link): what
   * its old instance accepted still describes the module for the next change;
   * dispose callbacks the failed one registered before throwing are kept.
   */
  #keepAcceptance(old: Map<string, InstanceState>): void {
    const graph = this.#graph();
    for (const [target, previous] of old) {
      const url = graph.get(target)?.url;
      if (url === undefined) continue;
      const failed = this.#instances.get(url);
      if (failed && (failed.selfAccepts || failed.depAccepts.length || failed.declined)) continue;
      this.#instances.set(url, { ...previous, url, disposers: failed?.disposers ?? [], selfCallbacks: failed?.selfCallbacks ?? previous.selfCallbacks });
    }
  }

  /** The space's module graph by target, importers as targets of the same space. */
  #graph(): Map<string, GraphNode> {
    const spaceOf = (url: string) => readToken(url)?.space;
    const own = this.#access.id;
    const graph = new Map<string, GraphNode>();
    for (const module of this.#space.modules()) {
      const importers = module.importers.filter((url) => spaceOf(url) === own).map(targetOf);
      graph.set(targetOf(module.url), { url: module.url, importers, foreign: importers.length !== module.importers.length });
    }
    return graph;
  }
}

/** The `import.meta.hot` object of one instance, in the shape of Vite's. */
function makeHot(state: InstanceState, data: HotData, resolve: (specifier: string) => string, invalidate: () => void): ModspaceHot {
  function accept(first?: unknown, callback?: unknown): void {
    if (first === undefined || typeof first === 'function') {
      state.selfAccepts = true;
      if (typeof first === 'function') state.selfCallbacks.push(first as Callback);
      return;
    }
    const single = typeof first === 'string';
    const list: unknown[] = single ? [first] : Array.isArray(first) ? first : [];
    if (list.length === 0 || list.some((item) => typeof item !== 'string')) {
      throw new TypeError('import.meta.hot.accept() takes nothing, a callback, a specifier or an array of specifiers');
    }
    if (callback !== undefined && typeof callback !== 'function') throw new TypeError('import.meta.hot.accept(): the callback must be a function');
    state.depAccepts.push({ targets: (list as string[]).map(resolve), single, callback: callback as Callback | DepsCallback | undefined });
  }
  const hot: ModspaceHot = {
    data,
    accept: accept as ModspaceHot['accept'],
    dispose(callback) {
      if (typeof callback !== 'function') throw new TypeError('import.meta.hot.dispose() takes a function');
      state.disposers.push(callback);
    },
    decline() {
      state.declined = true;
    },
    invalidate() {
      invalidate();
    },
  };
  return Object.freeze(hot);
}

/** A dependency named in `accept()`, as the target the graph knows it by. */
function resolveTarget(specifier: string, url: string, resolve: ((specifier: string) => string) | undefined): string {
  if (resolve) {
    try {
      return targetOf(resolve(specifier));
    } catch {
      // not resolvable (yet): relative to the module, as written
    }
  }
  return targetOf(new URL(specifier, url).href);
}

function plain(target: string): string {
  const url = withoutToken(target);
  return url.startsWith('file:') ? fileURLToPath(url) : url;
}

const LOADERS: Record<string, Loader> = { '.js': 'js', '.mjs': 'js', '.jsx': 'jsx', '.ts': 'ts', '.mts': 'ts', '.tsx': 'tsx' };

/**
 * A changed file that does not parse is reported before any old instance is
 * disposed, so a syntax error leaves the old code serving untouched. (esbuild
 * accepts a few early errors V8 refuses; those fail at import, after dispose.)
 */
export function checkSyntax(targets: string[]): void {
  for (const target of targets) {
    if (!target.startsWith('file:')) continue;
    const path = fileURLToPath(target);
    const loader = LOADERS[extname(path)];
    if (!loader) continue;
    let source: string;
    try {
      source = readFileSync(path, 'utf8');
    } catch {
      continue; // deleted: the import reports it
    }
    const problem = parseWithEsbuild(source, loader, path);
    if (problem) {
      throw Object.assign(new SyntaxError(`${problem.message} (${path}:${problem.line}:${problem.column})`), { file: path, line: problem.line, url: pathToFileURL(path).href });
    }
  }
}
