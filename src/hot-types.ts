/**
 * The types of `import.meta.hot`, in the shape of Vite's HMR API. Users get
 * them with `/// <reference types="modspace/hot" />` (or `"types":
 * ["modspace/hot"]` in tsconfig.json): that augments `ImportMeta` with an
 * optional `hot`, defined only in the modules of a hot space.
 */

/** A module namespace as an update hands it to an accept callback. */
export type HotModule = Record<string, unknown>;

/** Carried from a module's old instance to its new one (one object per module). */
export type HotData = Record<string, unknown>;

export interface ModspaceHot {
  /** The same object in every instance of this module: put what the next instance needs here in `dispose`. */
  readonly data: HotData;
  /** This module accepts its own updates: an edit re-runs it, its importers keep their instances. */
  accept(): void;
  /** Self-accepting; the callback (of the old instance) gets the new instance's namespace. */
  accept(callback: (module: HotModule | undefined) => void): void;
  /** Accepts updates of one dependency (a specifier as this module imports it); the callback gets its new namespace. */
  accept(dependency: string, callback?: (module: HotModule | undefined) => void): void;
  /** Accepts updates of these dependencies; the callback gets their namespaces, `undefined` for those that did not change. */
  accept(dependencies: readonly string[], callback?: (modules: Array<HotModule | undefined>) => void): void;
  /** Runs before this instance is replaced (or the entry re-run): close sockets, clear timers, save state in `data`. */
  dispose(callback: (data: HotData) => void | Promise<void>): void;
  /** This module cannot be updated in place: a change reaching it falls back (re-import or re-run of the entry). */
  decline(): void;
  /** This instance cannot take the update after all: its importers take it (replaced up to their boundary). */
  invalidate(message?: string): void;
}
