/**
 * ModuleSpace: the public face. Each call turns into a change of the space's
 * record (sent to the hooks through the channel) or an import whose entry the
 * hooks resolve inside the space. Data flow: API call → space state → hook
 * decision → Node.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installHooks, type HookChannel, type HookMode } from '../hooks/install.js';
import { encodeEntry, type EntryRequest } from '../core/decide.js';
import type { GraphEntry, InvalidateReply, ModuleEntry, ModuleOverride } from '../core/state.js';
import { buildGraph, type SpaceGraph } from './space-graph.js';
import { readExplainURL, type Decision } from '../core/trace.js';
import { readToken, targetOf, withoutToken } from '../core/token.js';
import { ErrorCodes, ModspaceError, displayLocation } from '../core/errors.js';
import { resolveKey, type KeyResolution } from './keys.js';
import { unresolved } from './override-compiler.js';
import { overrideError, type FailedSpace } from './import-errors.js';
import { SpaceWatcher, type WatchOptions } from './watch.js';
import { HOT_ACCESS, type HotAccess } from './hot.js';
import { liveRegistry } from './live-registry.js';
import { describe, parseOptions, type Engine, type ModuleSpaceOptions, type SpaceConfig } from './options.js';
import type { ModuleRunner } from '../runner/runner.js';
import type { SpaceRunnerHost } from './runner-host.js';
import { markRunnerSpace } from './runner-spaces.js';
import { mapperAnswer } from './mapper-host.js';
import { buildRecord } from './space-record.js';
import { resolutionRecord } from './resolution-options.js';
import { SpaceRoots } from './space-roots.js';
import { rememberCacheDir } from './caches.js';
import { flushAtExit, flushPins, writesLockfile } from './lockfile-flush.js';
import { addBridge, type GeneratedModule, type SpaceRecord } from '../core/state.js';
import { generatedURL } from '../core/generated.js';

/** A module namespace as `import()` returns it. */
export type ModuleNamespace = Record<string, unknown>;

export interface ImportOptions {
  /** Import attributes, as the second argument of `import()` takes them: `{ with: { type: 'json' } }`. */
  with?: Record<string, string>;
}

/** A loaded module of a space, as `space.modules()` lists it. */
export interface ModuleInfo {
  /** The module's URL in the space (with its token), as `import.meta.url` shows it. */
  url: string;
  /** The file behind it, or `null` for a module that is not a file on disk (an override, an archive entry, a memory or remote module). */
  file: string | null;
  /** The generation of this instance. */
  generation: number;
  /** URLs (with token) of the loaded modules that import it, including modules of child spaces. */
  importers: string[];
  /** For a module modspace generated from an override (a live value, `partial()`, `source()`): its key and kind; `null` for others. */
  override: ModuleOverride | null;
}

/** What `invalidate()` accepts: a path, a file URL, a specifier the space resolves, or a list of them. */
export type ModuleKeys = string | URL | ReadonlyArray<string | URL>;

/** Options of `space.child()`: as a space's, inheriting `base`, `conditions`, `policy`, `imports`, `roots`, `remote`, `archive` and `transforms` when omitted. */
export type ChildOptions = ModuleSpaceOptions;

const SPACE_COUNTER = Symbol.for('modspace.space-counter');
type GlobalWithCounter = typeof globalThis & { [SPACE_COUNTER]?: { next: number } };

/** Ids are unique per thread even across several copies of modspace: they name URL namespaces. */
function nextSpaceId(): number {
  const scope = globalThis as GlobalWithCounter;
  const counter = (scope[SPACE_COUNTER] ??= { next: 1 });
  return counter.next++;
}

export class ModuleSpace implements AsyncDisposable {
  /** Shows up in errors and traces. */
  readonly name: string;
  /** The file URL relative specifiers and keys resolve against. */
  readonly base: string;
  /** The space this one delegates shared modules to; `null` for Node's own graph. */
  readonly parent: ModuleSpace | null;
  readonly #engine: Engine;
  readonly #id: number;
  readonly #channel: HookChannel;
  readonly #config: SpaceConfig;
  readonly #record: SpaceRecord;
  readonly #liveKeys: string[];
  #roots: SpaceRoots | undefined;
  /** The runner engine's instances (runner spaces only), made on first import. */
  #runner: { runner: ModuleRunner; host: SpaceRunnerHost } | undefined;
  #runnerReady: Promise<{ runner: ModuleRunner; host: SpaceRunnerHost }> | undefined;
  readonly #children = new Set<ModuleSpace>();
  /** Native spaces: the modules they share with a runner space (its instance reaches them as a live value). */
  #runnerShares: ReadonlyArray<{ target: string; owner: ModuleSpace }> = [];
  readonly #bridges = new Map<string, { key: string; generated: string; namespace: object }>();
  #bridging: Promise<void> | undefined;
  #generation = 1;
  #disposed = false;
  /** `space.import()` calls not yet settled; state changes wait for none to be left. */
  #inFlight = 0;
  /** Changes (fresh, invalidate) made while imports were in flight, applied when they settle (told if the space was disposed meanwhile). */
  #deferred: Array<(disposed: boolean) => void> = [];
  /** Woken when the imports in flight have settled (imports waiting for a change, and `dispose()`). */
  #idle: Array<() => void> = [];
  readonly #watchers = new Set<SpaceWatcher<unknown>>();
  #disposing: Promise<void> | undefined;
  #explained = 0;

  constructor(options?: ModuleSpaceOptions) {
    refuseInsideSpace();
    const parent = pendingParent ?? policedCaller();
    pendingParent = null;
    const config = parseOptions(options);
    if (parent) inherit(config, parent.#config, options ?? {});
    const channel = trustedChannel();
    // TypeScript compiled in a space carries inline source maps, and Node only
    // reads them for modules compiled while source maps are on. Turned on by the
    // first space, not at registration: it slows every compile a little (Node 26).
    process.setSourceMapsEnabled(true);
    const id = nextSpaceId();
    const name = config.name ?? `space-${id}`;
    const engine = config.engine ?? parent?.engine ?? defaultEngine();
    const { record, liveValues, compiler } = buildRecord(id, name, parent ? parent.#id : null, config, parent ? parent.#record.policies : [], engine);
    // Commit: values first (a generated module may claim one as soon as the
    // hooks know the record), and undo them if the hooks never got it.
    const registry = liveRegistry();
    for (const [key, value] of liveValues) registry.put(key, value);
    const liveKeys = liveValues.map(([key]) => key);
    try {
      channel.apply({ op: 'put', record });
    } catch (error) {
      registry.release(liveKeys);
      throw error;
    }
    if (config.mapper) {
      channel.mappers.set(id, mapperAnswer(config.mapper, { record, compiler, channel, conditions: config.conditions, liveKeys }));
    }
    this.name = name;
    this.base = config.base;
    this.parent = parent;
    this.#engine = engine;
    // Other runner spaces (children sharing from this one) import its modules through it.
    markRunnerSpace(id, this.engine === 'runner' ? (url, attributes) => this.#runnerImportURL(url, attributes) : undefined);
    this.#id = id;
    this.#channel = channel;
    this.#config = config;
    this.#record = record;
    this.#liveKeys = liveKeys;
    if (parent && engine === 'native') this.#runnerShares = runnerShares(record.share, parent, (space) => space.#record.share);
    if (config.remote?.cacheDir) rememberCacheDir(config.remote.cacheDir);
    if (writesLockfile(config)) flushAtExit(channel);
    if (parent) parent.#children.add(this);
    if (record.policies.length) {
      policedSpaces.set(id, this);
      if (engine === 'runner') runnerFiles.set(id, (target) => this.#runner?.host.evaluated(target) ?? false);
    }
  }

  /** The space's latest generation: `fresh()` and each `invalidate()` that replaces a module start a new one. */
  get generation(): number {
    return this.#generation;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * The space's roots, in search order, editable: `space.roots.add('./more')`,
   * `.add('https://host/mods/', 0)`, `.remove(url)`, `.set([...])`. Later
   * imports search the new list; loaded modules keep what they resolved.
   */
  get roots(): SpaceRoots {
    return (this.#roots ??= new SpaceRoots(this.#config.roots ?? [], this.base, this.#config.archive, (entries) => {
      this.#assertUsable('roots');
      const resolution = resolutionRecord(this.#config.imports, entries);
      this.#channel.apply({ op: 'resolution', space: this.#id, resolution });
      // Off-thread the hooks hold a copy; the main thread's (read by mappers and keys) follows.
      this.#record.resolution = resolution;
      this.#config.roots = entries;
    }));
  }

  /** Who evaluates the space's ES modules: Node (`'native'`) or modspace's runner (`'runner'`). Read-only. */
  get engine(): Engine {
    return this.#engine;
  }

  /** Which hook path this process uses. */
  get hookMode(): HookMode {
    return this.#channel.mode;
  }

  /**
   * Imports a module into the space: relative specifiers and paths resolve
   * against `base`, bare ones through Node's algorithm with the space's
   * conditions, and every import it makes stays in the space.
   */
  async import<T = ModuleNamespace>(specifier: string | URL, options?: ImportOptions): Promise<T> {
    return this.#import('import', specifier, false, options);
  }

  /**
   * The real module behind an override, in this space: what `import()` would
   * give without the space's overrides and mapper (the instance a `partial()`
   * override shows through).
   */
  async importActual<T = ModuleNamespace>(specifier: string | URL, options?: ImportOptions): Promise<T> {
    return this.#import('importActual', specifier, true, options);
  }

  /** The URL `import(specifier)` would load in this space (with its token). */
  resolve(specifier: string | URL): string {
    return import.meta.resolve(encodeEntry(this.#entry('resolve', specifier, false)));
  }

  /**
   * How an import of `specifier` by `importer` (a module of the space; default:
   * `base`) is decided, as data: the rule that decided, the URL it resolves to,
   * or the error it fails with. The same decision `MODSPACE_DEBUG=1` prints.
   */
  explain(specifier: string | URL, importer?: string | URL): Decision {
    const request = this.#entry('explain', specifier, false);
    if (importer !== undefined) request.parentURL = this.#moduleURL('explain', importer);
    request.explain = true;
    // Never served from Node's resolve cache: a mapper may answer differently each time.
    request.nonce = ++this.#explained;
    return readExplainURL(import.meta.resolve(encodeEntry(request)));
  }

  /** Starts a new generation: the next imports get new instances of every non-shared module. */
  fresh(): this {
    this.#assertUsable('fresh');
    this.#whenSettled((disposed) => {
      if (disposed) return;
      this.#generation += 1;
      this.#channel.apply({ op: 'generation', space: this.#id, generation: this.#generation });
      // The runner's old instances are garbage once nothing holds them.
      this.#runner?.runner.clear();
    });
    return this;
  }

  /**
   * The next import gives new instances of these modules and of every module
   * that imports them, transitively (in this space and in child spaces that
   * import what it shares); all other modules keep their instances. Modules
   * shared from a parent are untouched. While a `space.import()` is in flight
   * the change waits for it, so that import completes with one consistent
   * graph. Resolves to the plain URLs of the modules replaced.
   */
  invalidate(modules: ModuleKeys): Promise<string[]> {
    this.#assertUsable('invalidate');
    const keys = this.#keysOf(modules);
    const targets = keys.map(([key, resolution]) => resolution.target ?? this.#unresolved(key, resolution));
    // A wrong name must not be a silent no-op: every target must be a module the space has had.
    const unknown = this.#channel.apply({ op: 'unknown', space: this.#id, targets }) as string[];
    const wrong = keys.find(([, resolution]) => resolution.target !== undefined && unknown.includes(resolution.target));
    if (wrong) this.#unresolved(wrong[0], wrong[1]);
    return new Promise((resolve, reject) => {
      this.#whenSettled((disposed) => {
        if (disposed) return reject(this.#disposedError('invalidate'));
        resolve(this.#renewNow(targets));
      });
    });
  }

  /** Renews `targets` and their importers now (no import of the subtree in flight): generations and runners follow. */
  #renewNow(targets: string[]): string[] {
    const reply = this.#channel.apply({ op: 'invalidate', space: this.#id, targets }) as InvalidateReply;
    const byId = new Map(this.#subtree().map((space) => [space.#id, space]));
    for (const [id, generation] of reply.generations) {
      const space = byId.get(id);
      if (space) space.#generation = generation;
    }
    for (const url of reply.modules) {
      const owner = byId.get(readToken(url)?.space ?? -1);
      if (owner) owner.#runner?.runner.forget(url);
    }
    return reply.modules.map(withoutToken);
  }

  /**
   * Internal to hot module replacement (src/hot.ts): turning `import.meta.hot`
   * on, and renewing exactly the modules an update chose (their importers
   * outside the set keep their instances), deferred like `invalidate()`.
   */
  [HOT_ACCESS](): HotAccess {
    return {
      id: this.#id,
      enable: () => {
        this.#assertUsable('watch');
        this.#channel.apply({ op: 'hot', space: this.#id });
        this.#record.hot = true; // the runner's host reads the main thread's record
      },
      renew: (targets) =>
        new Promise((resolve, reject) => {
          this.#whenSettled((disposed) => {
            if (disposed) return reject(this.#disposedError('watch'));
            const reply = this.#channel.apply({ op: 'renew', space: this.#id, targets }) as InvalidateReply;
            for (const [, generation] of reply.generations) this.#generation = generation;
            for (const url of reply.modules) this.#runner?.runner.forget(url);
            resolve(reply.modules.map(withoutToken));
          });
        }),
    };
  }

  /** The modules this space has loaded (current instances only), in load order. */
  modules(): ModuleInfo[] {
    this.#assertUsable('modules');
    const entries = this.#channel.apply({ op: 'modules', space: this.#id }) as ModuleEntry[];
    return entries.map((entry) => {
      const plain = withoutToken(entry.url);
      return {
        url: entry.url,
        file: plain.startsWith('file:') ? (displayLocation(plain) ?? null) : null,
        generation: entry.version,
        importers: entry.importers,
        override: entry.override,
      };
    });
  }

  /**
   * The space's module graph, to draw or walk: its current instances (with
   * place, package or folder, override, and the space they are shared from),
   * their imports, and the imports its policy refused. See src/space-graph.ts.
   */
  graph(): SpaceGraph {
    this.#assertUsable('graph');
    const entry = this.#channel.apply({ op: 'graph', space: this.#id }) as GraphEntry;
    const names = new Map<number, string>();
    for (let space: ModuleSpace | null = this; space; space = space.parent) names.set(space.#id, space.name);
    return buildGraph(entry, { name: this.name, base: this.base, id: this.#id, names });
  }

  /**
   * Watches the files of the modules this space has loaded; on a change
   * (debounced) invalidates them and, if an `entry` is given, re-imports it
   * and hands the new namespace to `onReload` and the `reload` event. See
   * src/watch.ts.
   */
  watch<T = ModuleNamespace>(options: WatchOptions<T> = {}): SpaceWatcher<T> {
    this.#assertUsable('watch');
    const watcher = new SpaceWatcher<T>(this, options);
    // dispose() closes the space's watchers: a rescan must never meet a disposed space.
    this.#watchers.add(watcher as SpaceWatcher<unknown>);
    watcher.once('close', () => this.#watchers.delete(watcher as SpaceWatcher<unknown>));
    return watcher;
  }

  /** A space that delegates its `share` list to this one. */
  child(options: ChildOptions = {}): ModuleSpace {
    this.#assertUsable('child');
    pendingParent = this;
    try {
      // The archive settings before parsing: the child's own roots and imports open archives under them.
      const archive = options.archive === undefined && this.#config.archive ? { archive: this.#config.archive } : {};
      return new ModuleSpace({ base: this.base, ...options, ...archive });
    } finally {
      pendingParent = null;
    }
  }

  /**
   * Drops the space and its children: their state leaves the hooks, override
   * values are released, and further use throws ERR_MODSPACE_DISPOSED.
   * Modules already imported keep running (V8 keeps them), but imports they
   * make from now on fail.
   */
  async dispose(): Promise<void> {
    this.#disposing ??= this.#dispose();
    return this.#disposing;
  }

  async #dispose(): Promise<void> {
    const spaces = this.#subtree();
    // From now on every call throws; changes waiting for imports are told.
    for (const space of spaces) {
      space.#disposed = true;
      space.#disposing ??= this.#disposing;
      policedSpaces.delete(space.#id);
      runnerFiles.delete(space.#id);
    }
    if (this.parent) this.parent.#children.delete(this);
    await Promise.all(spaces.flatMap((space) => [...space.#watchers].map((watcher) => watcher.close())));
    // Imports in flight complete against the state they started with: their
    // overrides must not be released under them. (Not when the space's own
    // code disposes it: its import would be waiting for itself.)
    if (!spaces.some((space) => space.#calledFromOwnModule())) await Promise.all(spaces.map((space) => space.#drained()));
    this.#channel.apply({ op: 'drop', spaces: spaces.map((space) => space.#id) });
    for (const space of spaces) {
      this.#channel.mappers.delete(space.#id);
      markRunnerSpace(space.#id, undefined);
      space.#runner = space.#runnerReady = undefined;
    }
    liveRegistry().release(spaces.flatMap((space) => space.#liveKeys));
    for (const space of spaces) space.#children.clear();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  /**
   * A native space cannot import a runner space's instance itself (Node
   * would evaluate a second one): each module it shares with a runner space
   * is imported there, and reaches this space's modules as a live value, made
   * once and renewed (with the modules that import it) when the runner space
   * has a new instance of it.
   */
  async #bridgeRunnerShares(): Promise<void> {
    const registry = liveRegistry();
    for (const { target, owner } of this.#runnerShares) {
      const namespace = (await owner.import(target)) as object;
      const known = this.#bridges.get(target);
      if (known?.namespace === namespace) continue;
      if (known) {
        // Like invalidate(): after the imports in flight (this import waits for it), then the importers renewed.
        this.#whenSettled((disposed) => {
          if (disposed) return;
          registry.put(known.key, namespace);
          this.#renewNow([known.generated]);
        });
        known.namespace = namespace;
        continue;
      }
      const id = `b${this.#bridges.size + 1}`;
      const key = `${this.#id}:${id}`;
      const names = Object.keys(namespace);
      const module: GeneratedModule = {
        kind: 'live',
        overrideKey: target,
        key,
        exports: names.filter((name) => name !== 'default'),
        defaultIsProperty: true,
        withoutDefault: !names.includes('default'),
        json: null,
        actual: null,
        shared: target,
      };
      registry.put(key, namespace);
      this.#liveKeys.push(key);
      this.#channel.apply({ op: 'bridge', space: this.#id, target, id, module });
      addBridge(this.#record, target, id, module);
      this.#bridges.set(target, { key, generated: generatedURL(this.#id, id, target), namespace });
    }
  }

  /** This space and its descendants, parents first. */
  #subtree(): ModuleSpace[] {
    return [this, ...[...this.#children].flatMap((child) => child.#subtree())];
  }

  async #import<T>(operation: string, specifier: string | URL, actual: boolean, options: ImportOptions | undefined): Promise<T> {
    // A change made while other imports were in flight applies before this one
    // starts, unless this import is made by the space's own code (a module's
    // top level importing more while it evaluates): that would wait for itself.
    // Before the wait below: a module shared with a runner space that has a new instance is a change to wait for.
    if (this.#runnerShares.length > 0) await (this.#bridging ??= this.#bridgeRunnerShares().finally(() => (this.#bridging = undefined)));
    if (this.#deferred.length && !this.#calledFromOwnModule()) await new Promise<void>((wake) => this.#idle.push(wake));
    const request = this.#entry(operation, specifier, actual);
    this.#inFlight += 1;
    let namespace: T;
    try {
      if (this.engine === 'runner') namespace = (await this.#runnerImport(request, options?.with ?? {})) as T;
      else {
        const entry = encodeEntry(request);
        namespace = (await (options?.with ? import(entry, { with: options.with }) : import(entry))) as T;
      }
    } catch (error) {
      // The pins of what did load are kept; the import's own failure is the one to report.
      if (writesLockfile(this.#config)) this.#flushPins(false);
      // Node's own words about an override ("does not provide an export named"), said with its key.
      throw overrideError(error, this.#lineage()) ?? error;
    } finally {
      this.#inFlight -= 1;
      if (this.#inFlight === 0) this.#settle();
    }
    // One lockfile write per import, not one per fetched file.
    if (writesLockfile(this.#config)) this.#flushPins(true);
    return namespace;
  }

  #flushPins(report: boolean): void {
    try {
      flushPins(this.#channel, this.name);
    } catch (error) {
      if (report) throw error;
    }
  }

  /** `space.import()` on the runner engine: the same entry decision, evaluated by the space's runner. */
  async #runnerImport(request: EntryRequest, attributes: Record<string, string>): Promise<object> {
    // Loaded on first use: spaces on the native engine never load the parser.
    const { runner, host } = this.#runner ?? (await (this.#runnerReady ??= this.#makeRunner()));
    if (request.actual) return runner.importModule(host.resolveActual(request.specifier), attributes);
    return runner.import(request.specifier, undefined, attributes);
  }

  async #makeRunner(): Promise<{ runner: ModuleRunner; host: SpaceRunnerHost }> {
    const [{ ModuleRunner }, { SpaceRunnerHost, remoteReaderOf }, { runnerTransformStore }] = await Promise.all([
      import('../runner/runner.js'),
      import('./runner-host.js'),
      import('./transform-store-dir.js'),
    ]);
    const space = this;
    const mapper = this.#channel.mappers.get(this.#id);
    const host = new SpaceRunnerHost({
      id: this.#id,
      name: this.name,
      base: this.base,
      get generation() {
        return space.#generation;
      },
      record: this.#record,
      mapper,
      readRemote: remoteReaderOf(this.#channel),
    });
    const transformStore = runnerTransformStore();
    return (this.#runner = { runner: new ModuleRunner(host, transformStore ? { transformStore } : {}), host });
  }

  /** A module of this space that a child runner space shares: this space's instance. */
  async #runnerImportURL(url: string, attributes: Record<string, string>): Promise<object> {
    this.#assertUsable('import', url);
    const { runner } = this.#runner ?? (await (this.#runnerReady ??= this.#makeRunner()));
    return runner.importModule({ url, native: false }, attributes);
  }

  /** This space and its ancestors, as src/import-errors.ts reads them. */
  #lineage(): FailedSpace[] {
    const spaces: FailedSpace[] = [];
    for (let space: ModuleSpace | null = this; space && !space.#disposed; space = space.parent) {
      const at = space;
      spaces.push({
        id: at.#id,
        name: at.name,
        record: at.#record,
        explain: (specifier, importer) => at.explain(specifier, importer),
        modules: () => at.modules(),
        canExplain: !(at.#config.mapper && at.hookMode === 'off-thread'),
      });
    }
    return spaces;
  }

  /**
   * Whether a module of this space is on the calling stack. Only asked while a
   * change waits (rarely), so the stack capture costs nothing on the hot path;
   * AsyncLocalStorage would tell too, but on Node 20/22 it turns on promise
   * hooks that slowed every module load by ~20%.
   */
  #calledFromOwnModule(): boolean {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 200;
    const stack = new Error().stack ?? '';
    Error.stackTraceLimit = limit;
    if (stack.includes(`modspace=s${this.#id}.g`)) return true;
    const host = this.#runner?.host;
    return host !== undefined && plainFrames(stack).some((target) => host.evaluated(target));
  }

  /** Runs a state change now, or once the imports in flight have settled. */
  #whenSettled(change: (disposed: boolean) => void): void {
    if (this.#inFlight === 0) change(this.#disposed);
    else this.#deferred.push(change);
  }

  #settle(): void {
    const changes = this.#deferred;
    this.#deferred = [];
    for (const change of changes) change(this.#disposed);
    this.#wakeIdle();
  }

  /** Resolves once no `space.import()` of this space is in flight. */
  #drained(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((wake) => this.#idle.push(wake));
  }

  #wakeIdle(): void {
    const waiting = this.#idle;
    this.#idle = [];
    for (const wake of waiting) wake();
  }

  /**
   * Targets (plain URLs) of modules named the ways users name them. A path to
   * a file that is not there still names a target (a deleted module of the
   * space); a bare name that resolves to nothing has none. The hooks say which
   * targets the space has loaded.
   */
  #keysOf(modules: ModuleKeys): Array<[key: string | URL, resolution: KeyResolution]> {
    const list: ReadonlyArray<unknown> = typeof modules === 'string' || modules instanceof URL ? [modules] : Array.isArray(modules) ? modules : [modules];
    return list.map((key) => {
      if (key instanceof URL) return [key, { kind: 'target', target: targetOf(withoutToken(key.href)) }];
      if (typeof key !== 'string' || key === '') {
        throw new ModspaceError(ErrorCodes.INVALID_OPTION, `invalidate() takes paths, URLs or specifiers, got ${describe(key)}`, { space: this.name });
      }
      return [key, resolveKey(withoutToken(key), this.base, this.#config.conditions)];
    });
  }

  #unresolved(key: string | URL, resolution: KeyResolution): never {
    const reason = resolution.kind === 'missing' ? resolution.reason : 'the space has not loaded it';
    throw unresolved(this.name, String(key), this.base, reason, 'invalidate() key names no module of the space');
  }

  /** An importer named by path or URL, with its instance's token when the space has loaded it. */
  #moduleURL(operation: string, importer: string | URL): string {
    if (!(importer instanceof URL) && (typeof importer !== 'string' || importer === '')) {
      throw new ModspaceError(ErrorCodes.INVALID_OPTION, `${operation}() takes an importer path or URL, got ${describe(importer)}`, { space: this.name });
    }
    const text = importer instanceof URL ? importer.href : isAbsolute(importer) ? pathToFileURL(importer).href : new URL(importer, this.base).href;
    return withoutToken(text);
  }

  #entry(operation: string, specifier: string | URL, actual: boolean): EntryRequest {
    this.#assertUsable(operation, specifier);
    if (!(specifier instanceof URL) && (typeof specifier !== 'string' || specifier === '')) {
      throw new ModspaceError(ErrorCodes.INVALID_OPTION, `${operation}() takes a specifier string or URL, got ${describe(specifier)}`, {
        space: this.name,
      });
    }
    // An absolute path is a file, not a URL: '#' or '%' in it must not be read as URL syntax.
    const text = specifier instanceof URL ? specifier.href : isAbsolute(specifier) ? pathToFileURL(specifier).href : specifier;
    const request: EntryRequest = { space: this.#id, generation: this.#generation, specifier: text, parentURL: this.base };
    if (actual) request.actual = true;
    return request;
  }

  #assertUsable(operation: string, specifier?: string | URL): void {
    if (this.#disposed) throw this.#disposedError(operation, specifier);
  }

  #disposedError(operation: string, specifier?: string | URL): ModspaceError {
    return new ModspaceError(ErrorCodes.DISPOSED, `Cannot ${operation}(): the space was disposed`, {
      space: this.name,
      specifier: specifier === undefined ? undefined : String(specifier),
    });
  }
}

/** A child takes what it does not set from its parent's validated options (roots keep their memory folders and archive URLs). */
function inherit(config: SpaceConfig, parent: SpaceConfig, given: ModuleSpaceOptions): void {
  config.conditions = given.conditions === undefined ? parent.conditions : config.conditions;
  config.imports = given.imports === undefined ? parent.imports : config.imports;
  config.roots = given.roots === undefined ? parent.roots : config.roots;
  config.remote = given.remote === undefined ? parent.remote : config.remote;
  config.transforms = given.transforms === undefined ? parent.transforms : config.transforms;
}

/**
 * `MODSPACE_ENGINE=runner` makes the runner the default for spaces that do
 * not choose (to try a whole test suite on it); anything else is an error.
 */
function defaultEngine(): Engine {
  const forced = process.env.MODSPACE_ENGINE;
  if (forced === undefined || forced === '' || forced === 'native') return 'native';
  if (forced === 'runner') return 'runner';
  throw new ModspaceError(ErrorCodes.INVALID_OPTION, `MODSPACE_ENGINE must be "native" or "runner", got ${JSON.stringify(forced)}`, { specifier: 'MODSPACE_ENGINE' });
}

/** The targets of `share` whose instance is a runner space's (up the chain while each space shares it in turn). */
function runnerShares(share: ReadonlySet<string>, parent: ModuleSpace, sharesOf: (space: ModuleSpace) => ReadonlySet<string>): Array<{ target: string; owner: ModuleSpace }> {
  const found: Array<{ target: string; owner: ModuleSpace }> = [];
  for (const target of share) {
    let owner = parent;
    while (owner.parent && sharesOf(owner).has(target)) owner = owner.parent;
    if (owner.engine === 'runner') found.push({ target, owner });
  }
  return found;
}

/** Set by `child()` for the constructor it calls; never visible to users. */
let pendingParent: ModuleSpace | null = null;

const OWN_DIST = new URL('../', import.meta.url).href;

/** Spaces of this copy with a policy, by id: a space their code creates becomes their child. */
const policedSpaces = new Map<number, ModuleSpace>();
/** Of those on the runner engine: whether their runner evaluated a file (stack frames of runner modules name plain files). */
const runnerFiles = new Map<number, (target: string) => boolean>();

/**
 * A space created while a policed space's module is on the stack (its code
 * calling a shared `ModuleSpace`) is made that space's child, so it stays
 * bound by the policy. A guard against mistakes, not a sandbox: code that
 * constructs a space from a frame of its own (a promise reaction calling
 * `Reflect.construct`) is not seen.
 */
function policedCaller(): ModuleSpace | null {
  if (policedSpaces.size === 0) return null;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 200;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  for (const match of stack.matchAll(/[?&#]modspace=s(\d+)\.g\d+/g)) {
    const space = policedSpaces.get(Number(match[1]));
    if (space && !space.disposed) return space;
  }
  // Runner spaces' frames name plain files: a file a policed runner space evaluated counts as its code.
  if (runnerFiles.size === 0) return null;
  for (const target of plainFrames(stack)) {
    for (const [id, space] of policedSpaces) if (!space.disposed && runnerFiles.get(id)?.(target)) return space;
  }
  return null;
}

/** The files (plain URLs) of a stack's frames, modspace's own left out (a space may have evaluated its own copy). */
function plainFrames(stack: string): string[] {
  const targets: string[] = [];
  for (const match of stack.matchAll(/(file:\/\/[^\s)]+?|\/[^\s)]+?):\d+:\d+/g)) {
    const target = match[1]!.startsWith('file:') ? match[1]! : pathToFileURL(match[1]!).href;
    if (!target.startsWith(OWN_DIST)) targets.push(target);
  }
  return targets;
}

/**
 * A copy of modspace loaded inside a space (a plugin importing its own
 * `modspace`) is the space's code: the hooks honour entries from the host's
 * copies only, so it must not make spaces at all.
 */
function refuseInsideSpace(): void {
  const token = readToken(import.meta.url);
  if (token === undefined) return;
  throw new ModspaceError(
    ErrorCodes.DENIED,
    `This copy of modspace was loaded inside space s${token.space}, whose modules cannot create spaces; share 'modspace' with the space to let its code create child spaces`,
    { specifier: 'modspace', importer: displayLocation(withoutToken(import.meta.url)) },
  );
}

/** The hook channel, with this copy's space module trusted to make entries (once per copy). */
function trustedChannel(): HookChannel {
  const channel = installHooks();
  if (!trustedHere) {
    channel.apply({ op: 'trust', url: import.meta.url });
    channel.apply({ op: 'trust', url: new URL('./runner-host.js', import.meta.url).href });
    trustedHere = true;
  }
  return channel;
}
let trustedHere = false;
