/**
 * `space.watch()`: keeps a space's modules in step with their files. It
 * watches the directories of the files the space has loaded (a directory
 * watch survives editors that save by renaming), lets a burst of writes
 * settle, drops writes that did not change the content, invalidates what
 * changed and re-imports the entry. A broken edit leaves the previous
 * namespace serving: the watcher reports the error and tries again on the
 * next change.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { watch as watchDirectory, readFileSync, type FSWatcher } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ErrorCodes, ModspaceError } from '../core/errors.js';
import { locateError, type SourceLocation } from './error-location.js';
import { describe, isPlainObject, rejectUnknown } from './options.js';
import type { ModuleKeys, ModuleInfo } from './space.js';
import { checkSyntax, HOT_ACCESS, HotRuntime, NoBoundary, type HotAccess } from './hot.js';

/** What the watcher needs of its space (ModuleSpace, without an import cycle of values). */
export interface WatchedSpace {
  readonly name: string;
  readonly generation: number;
  modules(): ModuleInfo[];
  invalidate(modules: ModuleKeys): Promise<string[]>;
  import<T>(specifier: string | URL): Promise<T>;
  fresh(): unknown;
  /** Hot module replacement's internal calls (ModuleSpace has them). */
  [HOT_ACCESS]?(): HotAccess;
}

export interface WatchOptions<T> {
  /** Re-imported after each change; its new namespace goes to `onReload` and the `reload` event. */
  entry?: string | URL;
  /** Quiet time after the last write before reloading, in ms. Default 50. */
  debounce?: number;
  /** Keep the process alive while watching, as `fs.watch` does. Default true. */
  persistent?: boolean;
  /** How often to look for modules the space loaded since (lazy imports), in ms; 0: only after reloads. Default 1000. */
  rescan?: number;
  /** Called with the entry's new namespace after each successful reload. */
  onReload?: (namespace: T, event: ReloadEvent<T>) => void;
  /**
   * Hot module replacement: modules loaded from now get `import.meta.hot`, and
   * a change replaces the changed modules and their importers up to the
   * nearest accepting boundary. With an `entry`, the watcher imports it
   * (`ready`). Default false.
   */
  hot?: boolean;
  /**
   * With `hot`, what a change with no accepting boundary does: `'reimport'`
   * (default) invalidates as without `hot` and re-imports the entry;
   * `'restart'` runs every dispose callback, starts a fresh generation and
   * imports the entry again (`modspace run --watch`).
   */
  fallback?: 'reimport' | 'restart';
}

/** With `hot`: how a change was applied. */
export interface HotReload {
  /** `'hot'`: replaced up to the accepting boundaries; otherwise the fallback that ran. */
  kind: 'hot' | 'reimport' | 'restart';
  /** Plain URLs of the modules that accepted the update (themselves or a dependency); empty for a fallback. */
  boundaries: string[];
  /** Why the fallback ran (no boundary on some path, a module declined); `null` for `'hot'`. */
  reason: string | null;
}

export interface ChangeEvent {
  /** Files whose content changed (plain paths). */
  files: string[];
}

export interface ReloadEvent<T> extends ChangeEvent {
  /** Plain URLs of the modules that got new instances (the changed ones and their importers). */
  modules: string[];
  /** The entry's new namespace; `undefined` without an `entry`. */
  namespace: T | undefined;
  /** The space's generation after the reload. */
  generation: number;
  /** With `hot`: how the change was applied; `null` without `hot`. */
  hot: HotReload | null;
}

export interface ReloadErrorEvent extends ChangeEvent {
  error: unknown;
  /** Where it went wrong, when it can be told: file, 1-based line and column. */
  location: SourceLocation | null;
}

interface WatcherEvents<T> {
  change: [ChangeEvent];
  reload: [ReloadEvent<T>];
  error: [ReloadErrorEvent];
  /** The watcher stopped (`close()`, or its space was disposed). */
  close: [];
}

const WATCH_OPTION_NAMES = ['entry', 'debounce', 'persistent', 'rescan', 'onReload', 'hot', 'fallback'];

export class SpaceWatcher<T> extends EventEmitter<WatcherEvents<T>> {
  readonly #space: WatchedSpace;
  readonly #entry: string | URL | undefined;
  readonly #debounce: number;
  readonly #persistent: boolean;
  readonly #onReload: ((namespace: T, event: ReloadEvent<T>) => void) | undefined;
  /** Watched file → fingerprint of the content last acted on (`null`: missing). */
  readonly #files = new Map<string, string | null>();
  readonly #directories = new Map<string, FSWatcher>();
  readonly #pending = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #rescan: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #closed = false;
  readonly #hot: HotRuntime | undefined;
  readonly #fallback: 'reimport' | 'restart';
  /** A module called `import.meta.hot.invalidate()`: its importers take an update. */
  #hotInvalidated = false;
  /** The last fallback re-import failed: nothing of the entry runs, the next change imports it again. */
  #down = false;
  /**
   * With `hot` and an `entry`: the entry's namespace once the watcher's own
   * first import of it settles (rejects with its error; the watcher then
   * imports it again on the next change). Otherwise `undefined`.
   */
  readonly ready: Promise<T> | undefined;

  constructor(space: WatchedSpace, options: WatchOptions<T>) {
    super();
    const { entry, debounce = 50, persistent = true, rescan = 1000, onReload, hot = false, fallback = 'reimport' } = checkOptions(space.name, options);
    this.#space = space;
    this.#entry = entry;
    this.#debounce = debounce;
    this.#persistent = persistent;
    this.#onReload = onReload;
    this.#fallback = fallback;
    const access = hot ? space[HOT_ACCESS]?.() : undefined;
    if (access) this.#hot = new HotRuntime(space, access, () => this.#invalidatedByModule());
    if (this.#hot && entry !== undefined) {
      this.ready = space.import<T>(entry).finally(() => this.refresh());
      this.ready.catch(() => (this.#down = true));
    }
    this.refresh();
    if (rescan > 0) {
      this.#rescan = setInterval(() => this.refresh(), rescan);
      this.#rescan.unref(); // the directory watchers, not this timer, keep a persistent watcher alive
    }
  }

  /** The files watched now (plain paths). */
  get files(): string[] {
    return [...this.#files.keys()];
  }

  /** Starts watching files of modules the space loaded since the last look; the watcher also does this by itself. */
  refresh(): void {
    if (this.#closed) return;
    for (const module of this.#space.modules()) {
      const file = module.file;
      if (file === null || this.#files.has(file) || file.includes(`${sep}node_modules${sep}`)) continue;
      this.#files.set(file, fingerprint(file));
      this.#watchDirectory(dirname(file));
    }
  }

  /** Stops watching. Leaves no handle behind: a process with nothing else to do exits. Waits for a reload in progress. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#hot?.close();
    clearTimeout(this.#timer);
    clearInterval(this.#rescan);
    for (const watcher of this.#directories.values()) watcher.close();
    this.#directories.clear();
    this.#pending.clear();
    this.emit('close');
    await this.#running;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Files of modules the space loaded that are not watched yet (the last import's new ones), outside node_modules as watched ones are. */
  #unwatched(): string[] {
    try {
      return this.#space
        .modules()
        .map((module) => module.file)
        .filter((file): file is string => file !== null && !this.#files.has(file) && !file.includes(`${sep}node_modules${sep}`));
    } catch {
      return []; // the space was disposed meanwhile
    }
  }

  #watchDirectory(directory: string): void {
    if (this.#directories.has(directory)) return;
    let watcher: FSWatcher;
    try {
      watcher = watchDirectory(directory, { persistent: this.#persistent }, (_event, name) => {
        if (name === null) for (const file of this.#files.keys()) if (dirname(file) === directory) this.#touched(file);
        if (name !== null) this.#touched(join(directory, name.toString()));
      });
    } catch {
      return; // the directory went away; the next refresh tries again
    }
    watcher.on('error', () => {
      watcher.close();
      this.#directories.delete(directory);
    });
    this.#directories.set(directory, watcher);
  }

  #touched(file: string): void {
    if (this.#closed || !this.#files.has(file)) return;
    this.#pending.add(file);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#flush(), this.#debounce);
    if (!this.#persistent) this.#timer.unref();
  }

  #invalidatedByModule(): void {
    if (this.#closed) return;
    this.#hotInvalidated = true;
    if (!this.#running) queueMicrotask(() => this.#flush());
  }

  #flush(): void {
    if (this.#running) return; // #reload flushes again when it ends
    const changed: string[] = [];
    for (const file of this.#pending) {
      const now = fingerprint(file);
      if (now !== this.#files.get(file)) changed.push(file);
      this.#files.set(file, now);
    }
    this.#pending.clear();
    const invalidated = this.#hotInvalidated ? (this.#hot?.takeInvalidated() ?? []) : [];
    this.#hotInvalidated = false;
    if ((changed.length === 0 && invalidated.length === 0) || this.#closed) return;
    this.#running = this.#reload(changed.sort(), invalidated).finally(() => {
      this.#running = undefined;
      if ((this.#pending.size || this.#hotInvalidated) && !this.#closed) this.#flush();
    });
  }

  async #reload(files: string[], invalidated: string[]): Promise<void> {
    if (files.length) this.emit('change', { files });
    try {
      const { modules, namespace, hot } = this.#hot ? await this.#hotReload(this.#hot, files, invalidated) : await this.#reimport(files);
      if (this.#closed) return;
      const event: ReloadEvent<T> = { files, modules, namespace, generation: this.#space.generation, hot };
      if (namespace !== undefined) this.#onReload?.(namespace, event);
      this.emit('reload', event);
    } catch (error) {
      if (this.#closed) return;
      // A syntax error is in a changed file, or in one this reload imported for the first time.
      const event: ReloadErrorEvent = { files, error, location: locateError(error, [...files, ...this.#unwatched(), ...this.files]) };
      // A watcher in a server must not bring it down: without a listener the error is printed, not thrown.
      if (this.listenerCount('error') > 0) this.emit('error', event);
      else process.stderr.write(`[modspace:${this.#space.name}] reload failed${where(event.location)}: ${String(error)}\n`);
    }
    this.refresh();
  }

  /** Without `hot` (and `hot`'s default fallback): invalidate what changed, re-import the entry. */
  async #reimport(keys: string[]): Promise<{ modules: string[]; namespace: T | undefined; hot: null }> {
    const modules = keys.length ? await this.#space.invalidate(keys) : [];
    const namespace = this.#entry === undefined ? undefined : await this.#space.import<T>(this.#entry);
    return { modules, namespace, hot: null };
  }

  async #hotReload(hot: HotRuntime, files: string[], invalidated: string[]): Promise<{ modules: string[]; namespace: T | undefined; hot: HotReload }> {
    const targets = files.map((file) => pathToFileURL(file).href);
    let reason: string;
    if (this.#down) reason = 'the last re-import of the entry failed';
    else {
      try {
        const { modules, boundaries } = await hot.update(targets, invalidated);
        return { modules, namespace: undefined, hot: { kind: 'hot', boundaries, reason: null } };
      } catch (error) {
        if (!(error instanceof NoBoundary)) throw error;
        reason = error.reason;
      }
    }
    // A broken edit leaves the running code alone: checked before anything is disposed.
    checkSyntax(targets);
    let modules: string[];
    if (this.#fallback === 'restart') {
      modules = [];
      await hot.disposeAll();
      this.#space.fresh();
    } else {
      const keys = [...targets, ...invalidated];
      modules = keys.length ? await this.#space.invalidate(keys) : [];
      await hot.disposeAll(modules.map((url) => url));
    }
    this.#down = this.#entry !== undefined;
    const namespace = this.#entry === undefined ? undefined : await this.#space.import<T>(this.#entry);
    this.#down = false;
    return { modules, namespace, hot: { kind: this.#fallback, boundaries: [], reason } };
  }
}

function where(location: SourceLocation | null): string {
  if (!location) return '';
  return ` at ${location.file}${location.line === null ? '' : `:${location.line}`}${location.column === null ? '' : `:${location.column}`}`;
}

/** Content, not mtime: editors and `touch` write without changing anything. */
function fingerprint(file: string): string | null {
  try {
    return createHash('sha1').update(readFileSync(file)).digest('base64');
  } catch {
    return null;
  }
}

function checkOptions<T>(space: string, options: unknown): WatchOptions<T> {
  const invalid = (message: string, key: string) => new ModspaceError(ErrorCodes.INVALID_OPTION, message, { space, specifier: key });
  if (!isPlainObject(options)) throw invalid(`watch() options must be an object, got ${describe(options)}`, 'options');
  rejectUnknown(options, WATCH_OPTION_NAMES, 'watch() option');
  const { entry, debounce, persistent, rescan, onReload, hot, fallback } = options;
  if (entry !== undefined && !(entry instanceof URL) && (typeof entry !== 'string' || entry === '')) {
    throw invalid(`watch() option "entry" must be a specifier string or URL, got ${describe(entry)}`, 'entry');
  }
  for (const [key, value] of [['debounce', debounce], ['rescan', rescan]] as const) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      throw invalid(`watch() option "${key}" must be a number of milliseconds >= 0, got ${describe(value)}`, key);
    }
  }
  if (persistent !== undefined && typeof persistent !== 'boolean') throw invalid(`watch() option "persistent" must be a boolean, got ${describe(persistent)}`, 'persistent');
  if (hot !== undefined && typeof hot !== 'boolean') throw invalid(`watch() option "hot" must be a boolean, got ${describe(hot)}`, 'hot');
  if (fallback !== undefined && fallback !== 'reimport' && fallback !== 'restart') {
    throw invalid(`watch() option "fallback" must be 'reimport' or 'restart', got ${describe(fallback)}`, 'fallback');
  }
  if (onReload !== undefined && typeof onReload !== 'function') throw invalid(`watch() option "onReload" must be a function, got ${describe(onReload)}`, 'onReload');
  return options as WatchOptions<T>;
}
