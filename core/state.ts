/**
 * The state the hooks consult: one plain, structured-cloneable record per
 * space. The main thread builds records (src/space-record.ts); the hooks only
 * read them. In-thread, the table is shared by reference; off-thread, updates
 * are posted and acknowledged before the API call that made them returns.
 */
import type { PolicyRecord } from './policy.js';

export type { PolicyRecord, PolicyRule } from './policy.js';

import { forgetModules, graphOf, invalidate, listModules, renew, unknownTargets } from './graph.js';
import type { MemoryRoot } from './places/memory.js';
import { forgetArchives, type ArchiveSettings } from './places/archive.js';
import { forgetRemote } from './places/remote.js';
import { readRemoteOf } from './places/load.js';
import { ErrorCodes, ModspaceError } from './errors.js';
import { recordError, type ErrorRecord } from './error-record.js';
import { clearCache } from './remote/cache.js';
import { flushLockfiles } from './remote/lockfile.js';
import type { RemoteSettings } from './remote/settings.js';

/** A space's remote settings as the hooks read them. */
export interface RemotePolicy extends RemoteSettings {
  /** Remote code may import `file:` modules, builtins, archives and memory roots too. */
  allowLocal: boolean;
}

/** What an override turns a resolved target into. */
export type OverrideAction =
  /** A module modspace generates (a live value or source text), by id. */
  | { kind: 'generated'; id: string }
  /** Another module, loaded in the same space. */
  | { kind: 'redirect'; url: string };

export type GeneratedModule =
  /**
   * Re-exports a main-thread value held in the live registry under `key`.
   * `json` is a snapshot for imports made `with { type: 'json' }`.
   */
  | {
      kind: 'live';
      /** The override key as the user wrote it (for a mapper's answer: the specifier it was asked about). */
      overrideKey: string;
      key: string;
      exports: string[];
      defaultIsProperty: boolean;
      json: string | null;
      /** For a partial override: the real module's target, whose other exports show through. */
      actual: string | null;
      /**
       * A native space's view of a module it shares with a runner space (the
       * runner's instance, as a live value): the module's target. Not an
       * override; `modules()` shows it as the shared module it is.
       */
      shared?: string;
      /** The value has no `default` export to give (a shared module without one). */
      withoutDefault?: boolean;
    }
  /** Source text; its relative imports resolve against `resolveBase`. */
  | { kind: 'source'; overrideKey: string; source: string; resolveBase: string };

/** Which override a generated module stands for, as `modules()` reports it. */
export interface ModuleOverride {
  /** The override key as written (for a mapper's answer: the specifier it was asked about). */
  key: string;
  /**
   * `live`: a live value (or `live()`); `partial`: `partial()`; `source`: `source()`;
   * `shared`: in a native space, a module it shares with a runner space (that space's instance; `key` is its file).
   */
  kind: 'live' | 'partial' | 'source' | 'shared';
}

/** An override as `graph()` shows it: a generated module's, or the key a redirect came from. */
export interface GraphOverride {
  /** The override key as written (for a mapper's answer, or a redirect: the specifier imported). */
  key: string;
  kind: ModuleOverride['kind'] | 'redirect';
}

/** Overrides as the hooks look them up. */
export interface OverrideTable {
  /** By target (URL without query/fragment, or `node:x`). */
  byTarget: Map<string, OverrideAction>;
  /** By bare specifier, for packages that resolve to nothing (virtual). */
  byBare: Map<string, OverrideAction>;
  /** Some targets are files that do not exist: match them before Node resolves. */
  hasVirtualFiles: boolean;
}

export function emptyOverrideTable(): OverrideTable {
  return { byTarget: new Map(), byBare: new Map(), hasVirtualFiles: false };
}

/**
 * Per-space resolution (the space's `sys.path`): aliases rewrite bare
 * specifiers, roots are folders searched for bare specifiers before Node's
 * node_modules walk. Values are absolute URLs (`file:`, `archive:`,
 * `memory:`, `http(s):`) or bare specifiers; a value ending in `/` names a folder.
 */
export interface ResolutionRecord {
  /** Exact aliases: `lib` → `file:///app/vendor/lib/index.js`, `lib` → `lib2`. */
  exact: Map<string, string>;
  /** Prefix aliases (key and value end in `/`), longest key first. */
  prefixes: Array<[prefix: string, value: string]>;
  /** Folder URLs (ending in `/`), searched in order: on disk, in archives, in memory, on web servers. */
  roots: string[];
  /** The files of the memory roots among `roots`. */
  memory: MemoryRoot[];
}

export interface SpaceRecord {
  id: number;
  name: string;
  /** Parent space id; `null` when the parent is Node's own module graph. */
  parent: number | null;
  /** The space's `base` (a file URL): where Node resolves what a module in memory or on a web server imports from node_modules. */
  baseURL: string;
  /**
   * The space's latest generation: `fresh()` and `invalidate()` each start a
   * new one. It names the entry request, so Node's resolve cache never answers
   * an entry from before the change.
   */
  generation: number;
  /** The generation of every module not invalidated since the last `fresh()`. */
  base: number;
  /** Modules invalidated since the last `fresh()`: target → the generation of their current instance. */
  versions: Map<string, number>;
  /** The runner engine evaluates the space's ES modules (src/runner-host.ts asks the hooks). */
  runner: boolean;
  /** Hot module replacement is on: modules loaded from now get `import.meta.hot` (core/hot-inject.ts). */
  hot: boolean;
  /** The module graph as the hooks saw it: target → node (core/graph.ts). */
  modules: Map<string, ModuleNode>;
  /** Every target the space has had a node for, across generations: what `invalidate()` accepts. */
  known: Set<string>;
  /** Extra export conditions for resolution in this space, or `null`. */
  conditions: string[] | null;
  /** Aliases and roots, or `null` when the space resolves like Node. */
  resolution: ResolutionRecord | null;
  /** Overrides for every import in the space. */
  overrides: OverrideTable;
  /** Overrides for the imports of one module only, keyed by that importer's target. */
  scoped: Map<string, OverrideTable>;
  /** The space has a mapper function (it lives in the main thread; see hooks/mapper.ts). */
  hasMapper: boolean;
  /** Targets delegated to the parent space. */
  share: Set<string>;
  /**
   * The policies every import made by the space's modules must pass: its
   * ancestors' first, then its own. A child cannot loosen what its parent
   * denies; empty when no policy applies.
   */
  policies: PolicyRecord[];
  /** How remote modules are fetched and pinned; `null`: no origin is allowed. */
  remote: RemotePolicy | null;
  /** How archives are read: the size limit. */
  archive: ArchiveSettings;
  /** File extension (`.coffee`) → file URL of the module exporting its `transform()`. */
  transforms: Record<string, string> | null;
  /** Generated modules by id (the path part of their `modspace:` URL). */
  generated: Map<string, GeneratedModule>;
}

/**
 * One module of a space as the hooks saw it. Edges point at nodes directly
 * (cheap to add on every resolve); a child space's modules can import the
 * nodes of modules their parent shares.
 */
export interface ModuleNode {
  space: number;
  target: string;
  /** The URL (with token) of the current instance. */
  url: string;
  version: number;
  /** The load hook has seen the current instance's URL. */
  loaded: boolean;
  importers: Set<ModuleNode>;
  imports: Set<ModuleNode>;
  /** Imports of modules outside every space (builtins, Node's own instances), as resolved URLs; made on first use. */
  outside?: Set<string>;
  /** Imports the policy refused: specifier → the rule as written; made on first use. */
  denied?: Map<string, string>;
  /** The specifier a redirect override (or a mapper's redirect) led here from, if one did. */
  redirectedFrom?: string;
}

/** A space's graph as the hooks hold it, for `space.graph()` (URLs with token). */
export interface GraphEntry {
  /** The space's loaded modules, then the modules of other spaces they import. */
  nodes: Array<{ url: string; space: number; version: number; override: GraphOverride | null }>;
  /** Importer URL → imported URL. */
  edges: Array<[from: string, to: string]>;
  /** Importer URL → URL of a module outside every space. */
  outside: Array<[from: string, to: string]>;
  denied: Array<{ importer: string; specifier: string; rule: string }>;
}

/** What `invalidate` answers: who got a new generation, and which modules were dropped. */
export interface InvalidateReply {
  generations: Array<[space: number, generation: number]>;
  /** URLs (with token) of the instances the next import replaces. */
  modules: string[];
}

/** A loaded module as `space.modules()` reports it (URLs with token). */
export interface ModuleEntry {
  url: string;
  version: number;
  importers: string[];
  /** For a generated module: the override it stands for. */
  override: ModuleOverride | null;
}

export type StateUpdate =
  | { op: 'put'; record: SpaceRecord }
  /** A generated module created after the space was (a mapper's answer). */
  | { op: 'generated'; space: number; id: string; module: GeneratedModule }
  /** A native space imports `target`, shared with a runner space, as this generated module (the runner's instance). */
  | { op: 'bridge'; space: number; target: string; id: string; module: GeneratedModule }
  /** `fresh()`: every module of the space gets a new instance. */
  | { op: 'generation'; space: number; generation: number }
  | { op: 'drop'; spaces: number[] }
  /** `invalidate()`: these targets and their importers, transitively. Answers an InvalidateReply. */
  | { op: 'invalidate'; space: number; targets: string[] }
  /** Hot module replacement: exactly these targets get new instances, their importers keep theirs. Answers an InvalidateReply. */
  | { op: 'renew'; space: number; targets: string[] }
  /** Turns `import.meta.hot` on for the modules the space loads from now. */
  | { op: 'hot'; space: number }
  /** Answers which of `targets` the space never had a module of (string[]). */
  | { op: 'unknown'; space: number; targets: string[] }
  /** `modules()`: answers the space's loaded modules as ModuleEntry[]. */
  | { op: 'modules'; space: number }
  /** `graph()`: answers the space's GraphEntry. */
  | { op: 'graph'; space: number }
  /** The space's roots or aliases changed: later resolutions use these. */
  | { op: 'resolution'; space: number; resolution: ResolutionRecord | null }
  /**
   * A copy of modspace's space module (its own `import.meta.url`, never a
   * tokenized one): entry requests are honoured only from these parents.
   */
  | { op: 'trust'; url: string }
  /** `invalidateCaches()`: forget opened archives and remote lookups (and these disk caches). */
  | { op: 'caches'; disk: boolean; cacheDirs: string[] }
  /** Write the lockfile pins made so far (a batch of imports ended). Answers a FlushReply on failure. */
  | { op: 'flush' }
  /**
   * The bytes of a remote module as this thread has them (a RemoteReply): the
   * runner engine loads in the main thread what off-thread hooks fetched while
   * resolving, so one thread fetches, pins and writes the lockfile.
   */
  | { op: 'remote'; space: number; url: string };

/** The bytes of a remote module, or why it cannot be had. */
export type RemoteReply = { bytes: Uint8Array } | { error: ErrorRecord };

/** A lockfile that could not be written (why, for ERR_MODSPACE_LOCKFILE): its pins stay pending for the next flush. */
export interface FlushReply {
  failed: string;
}

/** The answer of an update that asks something (`invalidate`, `modules`, `unknown`, a failed `flush`). */
export type StateReply = InvalidateReply | ModuleEntry[] | GraphEntry | string[] | FlushReply | RemoteReply | undefined;

export type SpaceTable = Map<number, SpaceRecord>;

/**
 * The modules allowed to make entry requests (`space.import()`,
 * `resolve()`, `explain()`): the space modules of the host's copies of
 * modspace. A module of a space that forges an entry is refused.
 */
const trustedEntryParents = new Set<string>();

export function isTrustedEntryParent(parentURL: string | undefined): boolean {
  return parentURL !== undefined && trustedEntryParents.has(parentURL);
}

/** Set once a space with `transforms` exists in this thread: until then no load looks for one. */
let someSpaceTransforms = false;

export function anySpaceTransforms(): boolean {
  return someSpaceTransforms;
}

/** Set once a space turns hot module replacement on in this thread: until then no load looks. */
let someSpaceHot = false;

export function anySpaceHot(): boolean {
  return someSpaceHot;
}

export function applyUpdate(table: SpaceTable, update: StateUpdate): StateReply {
  switch (update.op) {
    case 'put':
      table.set(update.record.id, update.record);
      if (update.record.transforms) someSpaceTransforms = true;
      return undefined;
    case 'generation': {
      const record = table.get(update.space);
      if (!record) return undefined;
      forgetModules(record);
      record.generation = record.base = update.generation;
      record.versions.clear();
      return undefined;
    }
    case 'generated':
      table.get(update.space)?.generated.set(update.id, update.module);
      return undefined;
    case 'bridge':
      addBridge(table.get(update.space), update.target, update.id, update.module);
      return undefined;
    case 'drop':
      for (const id of update.spaces) {
        const record = table.get(id);
        if (record) forgetModules(record);
        table.delete(id);
      }
      return undefined;
    case 'invalidate':
      return invalidate(table, update.space, update.targets);
    case 'renew':
      return renew(table, update.space, update.targets);
    case 'hot': {
      const record = table.get(update.space);
      if (record) record.hot = someSpaceHot = true;
      return undefined;
    }
    case 'unknown':
      return unknownTargets(table, update.space, update.targets);
    case 'modules':
      return listModules(table, update.space);
    case 'graph':
      return graphOf(table, update.space);
    case 'resolution': {
      const record = table.get(update.space);
      if (record) record.resolution = update.resolution;
      return undefined;
    }
    case 'trust':
      trustedEntryParents.add(update.url);
      return undefined;
    case 'caches':
      forgetArchives();
      forgetRemote();
      // Every cache folder a space was given, fetched from in this process or not.
      if (update.disk) for (const cacheDir of update.cacheDirs) clearCache(cacheDir);
      return undefined;
    case 'flush': {
      const failure = flushLockfiles();
      return failure === undefined ? undefined : { failed: failure };
    }
    case 'remote': {
      const record = table.get(update.space);
      try {
        if (!record) throw new ModspaceError(ErrorCodes.DISPOSED, `${update.url} was asked for by a space that no longer exists`);
        return { bytes: readRemoteOf(record, update.url) };
      } catch (error) {
        return { error: recordError(error) };
      }
    }
  }
}

/** The generation of the instance a space's import of `target` gets now. */
export function versionOf(record: SpaceRecord, target: string): number {
  return record.versions.get(target) ?? record.base;
}

/**
 * The space's imports of `target` go to the generated module `id` from now
 * on: its own override table decides before sharing does (the main thread
 * keeps the same entry in its copy of the record).
 */
export function addBridge(record: SpaceRecord | undefined, target: string, id: string, module: GeneratedModule): void {
  if (!record) return;
  record.generated.set(id, module);
  record.overrides.byTarget.set(target, { kind: 'generated', id });
}
