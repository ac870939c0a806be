// What a ModuleRunner needs from its host (the space, or a test's file-system
// host). The runner itself knows nothing of files, hooks or spaces.

import type { TransformStore } from './transform-store.js';

export type ImportAttributes = Readonly<Record<string, string>>;

export interface ResolvedModule {
  /** The instance's URL (with whatever token the host adds); instances are keyed by it. */
  readonly url: string;
  /** Evaluated by the host's own loader (builtins, CommonJS, addons, wasm) and shared, not by the runner. */
  readonly native: boolean;
}

/** An import made by the module at `parentURL`. */
export interface ImportRequest {
  readonly specifier: string;
  readonly parentURL: string;
  readonly attributes: ImportAttributes;
}

export interface LoadedModule {
  /** 'module' and 'json' are evaluated by the runner; any other format goes to importNative. */
  readonly format: string;
  readonly source?: string;
}

export interface RunnerHost {
  /** Resolves `specifier` as imported by `parentURL` (undefined for an entry). Throws for a missing module. */
  resolve(specifier: string, parentURL: string | undefined, attributes: ImportAttributes): ResolvedModule;
  /**
   * Optional: resolves many imports in one call (the imports of a level of a graph being loaded), a result per
   * request in order; for one that failed, a function the runner calls where that import is made (it throws the error).
   */
  resolveMany?(requests: ReadonlyArray<ImportRequest>): Array<ResolvedModule | (() => ResolvedModule)>;
  /**
   * Reads a module the runner evaluates; throws (or rejects) for a missing file or a refused attribute.
   * `importer` is the URL of the module whose import first needed it (undefined for an entry), for messages.
   */
  load(url: string, attributes: ImportAttributes, importer?: string): LoadedModule | Promise<LoadedModule>;
  /** Imports a module natively and returns its namespace. */
  importNative(url: string, attributes: ImportAttributes): Promise<object>;
  /**
   * The URL stack traces show for the module at `url` (its `sourceURL`); default: `url` itself. A host that
   * gives every generation of a file the same name here lets the runner compile each file once, not once
   * per generation (see compile.ts).
   */
  stackURL?(url: string): string;
  /** Builds `import.meta` for `url`; the default has dirname/filename (file: URLs), resolve and url. */
  importMeta?(url: string, resolve: (specifier: string) => string): object;
}

export interface RunnerOptions {
  /** Append an inline source map to each evaluated module (columns; lines are kept anyway). Default: whether Node's source maps are enabled. */
  readonly sourceMaps?: boolean;
  /** Where transforms are kept between processes (runner/transform-store.ts); none by default. */
  readonly transformStore?: TransformStore;
}
