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
  | { kind: 'live'; key: string; exports: string[]; defaultIsProperty: boolean; json: string | null }
  /** Source text; its relative imports resolve against `resolveBase`. */
  | { kind: 'source'; source: string; resolveBase: string };

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

export interface SpaceRecord {
  id: number;
  name: string;
  /** Parent space id; `null` when the parent is Node's own module graph. */
  parent: number | null;
  /** The generation `space.import()` uses now; children sharing into it read it. */
  generation: number;
  /** Extra export conditions for resolution in this space, or `null`. */
  conditions: string[] | null;
  /** Overrides keyed by target (URL without query/fragment, or `node:x`). */
  overrides: Map<string, OverrideAction>;
  /** Overrides of bare specifiers that resolve to nothing (virtual packages). */
  bareOverrides: Map<string, OverrideAction>;
  /** Some override targets are files that do not exist: match them before Node resolves. */
  hasVirtualFiles: boolean;
  /** Targets delegated to the parent space. */
  share: Set<string>;
  policy: PolicyRecord | null;
  /** Generated modules by id (the path part of their `modspace:` URL). */
  generated: Map<string, GeneratedModule>;
}

export type StateUpdate =
  | { op: 'put'; record: SpaceRecord }
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
    case 'drop':
      for (const id of update.spaces) table.delete(id);
      return;
  }
}
