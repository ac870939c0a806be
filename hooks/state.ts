/**
 * The state the hooks consult: one plain, structured-cloneable record per
 * space. The main thread builds records (src/space-record.ts); the hooks only
 * read them. In-thread, the table is shared by reference; off-thread, updates
 * are posted and acknowledged before the API call that made them returns.
 */

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
      key: string;
      exports: string[];
      defaultIsProperty: boolean;
      json: string | null;
      /** For a partial override: the real module's target, whose other exports show through. */
      actual: string | null;
    }
  /** Source text; its relative imports resolve against `resolveBase`. */
  | { kind: 'source'; source: string; resolveBase: string };

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

/** A compiled policy rule list. Builtins are `node:` URLs, packages bare names. */
export interface PolicyRules {
  builtins: string[];
  packages: string[];
  /** File targets (exact) and folder prefixes (ending in `/`). */
  paths: string[];
}

export type PolicyRecord =
  | { mode: 'none' }
  | { mode: 'rules'; deny: PolicyRules; allow: PolicyRules | null };

/**
 * Per-space resolution (the space's `sys.path`): aliases rewrite bare
 * specifiers, roots are folders searched for bare specifiers before Node's
 * node_modules walk. Values are absolute `file:` URLs or bare specifiers; a
 * value ending in `/` names a folder.
 */
export interface ResolutionRecord {
  /** Exact aliases: `lib` → `file:///app/vendor/lib/index.js`, `lib` → `lib2`. */
  exact: Map<string, string>;
  /** Prefix aliases (key and value end in `/`), longest key first. */
  prefixes: Array<[prefix: string, value: string]>;
  /** Folder URLs (ending in `/`), searched in order. */
  roots: string[];
}

export interface SpaceRecord {
  id: number;
  name: string;
  /** Parent space id; `null` when the parent is Node's own module graph. */
  parent: number | null;
  /** The generation `space.import()` uses now; children sharing into it read it. */
  generation: number;
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
  policy: PolicyRecord | null;
  /** Generated modules by id (the path part of their `modspace:` URL). */
  generated: Map<string, GeneratedModule>;
}

export type StateUpdate =
  | { op: 'put'; record: SpaceRecord }
  /** A generated module created after the space was (a mapper's answer). */
  | { op: 'generated'; space: number; id: string; module: GeneratedModule }
  | { op: 'generation'; space: number; generation: number }
  | { op: 'drop'; spaces: number[] };

export type SpaceTable = Map<number, SpaceRecord>;

export function applyUpdate(table: SpaceTable, update: StateUpdate): void {
  switch (update.op) {
    case 'put':
      table.set(update.record.id, update.record);
      return;
    case 'generation': {
      const record = table.get(update.space);
      if (record) record.generation = update.generation;
      return;
    }
    case 'generated':
      table.get(update.space)?.generated.set(update.id, update.module);
      return;
    case 'drop':
      for (const id of update.spaces) table.delete(id);
      return;
  }
}
