/**
 * ModuleSpace: the public face. Each call turns into a change of the space's
 * record (sent to the hooks through the channel) or an import whose entry the
 * hooks resolve inside the space. Data flow: API call → space state → hook
 * decision → Node.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installHooks, type HookChannel, type HookMode } from '../hooks/install.js';
import { encodeEntry, type EntryRequest } from '../hooks/decide.js';
import { ErrorCodes, ModspaceError } from './errors.js';
import { liveRegistry } from './live-registry.js';
import { describe, parseOptions, type ModuleSpaceOptions, type SpaceConfig } from './options.js';
import { mapperAnswer } from './mapper-host.js';
import { buildRecord } from './space-record.js';

/** A module namespace as `import()` returns it. */
export type ModuleNamespace = Record<string, unknown>;

export interface ImportOptions {
  /** Import attributes, as the second argument of `import()` takes them: `{ with: { type: 'json' } }`. */
  with?: Record<string, string>;
}

/** Options of `space.child()`: as a space's, inheriting `base`, `conditions`, `policy`, `imports` and `roots` when omitted. */
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
  readonly #id: number;
  readonly #channel: HookChannel;
  readonly #config: SpaceConfig;
  readonly #liveKeys: string[];
  readonly #children = new Set<ModuleSpace>();
  #generation = 1;
  #disposed = false;

  constructor(options?: ModuleSpaceOptions) {
    const parent = pendingParent;
    pendingParent = null;
    const config = parseOptions(options);
    const channel = installHooks();
    // TypeScript compiled in a space carries inline source maps, and Node only
    // reads them for modules compiled while source maps are on. Turned on by the
    // first space, not at registration: it slows every compile a little (Node 26).
    process.setSourceMapsEnabled(true);
    const id = nextSpaceId();
    const name = config.name ?? `space-${id}`;
    const { record, liveValues, compiler } = buildRecord(id, name, parent ? parent.#id : null, config);
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
    this.#id = id;
    this.#channel = channel;
    this.#config = config;
    this.#liveKeys = liveKeys;
    if (parent) parent.#children.add(this);
  }

  /** The generation the next `import()` uses; `fresh()` increments it. */
  get generation(): number {
    return this.#generation;
  }

  get disposed(): boolean {
    return this.#disposed;
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
    return this.#import(this.#entry('import', specifier, false), options);
  }

  /**
   * The real module behind an override, in this space: what `import()` would
   * give without the space's overrides and mapper (the instance a `partial()`
   * override shows through).
   */
  async importActual<T = ModuleNamespace>(specifier: string | URL, options?: ImportOptions): Promise<T> {
    return this.#import(this.#entry('importActual', specifier, true), options);
  }

  /** The URL `import(specifier)` would load in this space (with its token). */
  resolve(specifier: string | URL): string {
    return import.meta.resolve(this.#entry('resolve', specifier, false));
  }

  /** Starts a new generation: the next imports get new instances of every non-shared module. */
  fresh(): this {
    this.#assertUsable('fresh');
    this.#generation += 1;
    this.#channel.apply({ op: 'generation', space: this.#id, generation: this.#generation });
    return this;
  }

  /** A space that delegates its `share` list to this one. */
  child(options: ChildOptions = {}): ModuleSpace {
    this.#assertUsable('child');
    const inherited: ModuleSpaceOptions = { base: this.base };
    if (this.#config.conditions) inherited.conditions = this.#config.conditions;
    if (this.#config.policy) inherited.policy = this.#config.policy;
    if (this.#config.imports) inherited.imports = this.#config.imports;
    if (this.#config.roots) inherited.roots = this.#config.roots;
    pendingParent = this;
    try {
      return new ModuleSpace({ ...inherited, ...options });
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
    if (this.#disposed) return;
    const spaces = this.#subtree();
    for (const space of spaces) space.#disposed = true;
    if (this.parent) this.parent.#children.delete(this);
    this.#channel.apply({ op: 'drop', spaces: spaces.map((space) => space.#id) });
    for (const space of spaces) this.#channel.mappers.delete(space.#id);
    liveRegistry().release(spaces.flatMap((space) => space.#liveKeys));
    for (const space of spaces) space.#children.clear();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  /** This space and its descendants, parents first. */
  #subtree(): ModuleSpace[] {
    return [this, ...[...this.#children].flatMap((child) => child.#subtree())];
  }

  #import<T>(entry: string, options: ImportOptions | undefined): Promise<T> {
    return (options?.with ? import(entry, { with: options.with }) : import(entry)) as Promise<T>;
  }

  #entry(operation: string, specifier: string | URL, actual: boolean): string {
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
    return encodeEntry(request);
  }

  #assertUsable(operation: string, specifier?: string | URL): void {
    if (!this.#disposed) return;
    throw new ModspaceError(ErrorCodes.DISPOSED, `Cannot ${operation}(): the space was disposed`, {
      space: this.name,
      specifier: specifier === undefined ? undefined : String(specifier),
    });
  }
}

/** Set by `child()` for the constructor it calls; never visible to users. */
let pendingParent: ModuleSpace | null = null;
