// What the transform tells the runner about one module's source.
import type { TransformMap } from './source-map.js';

/** One `import`/`export … from` target, in source order, deduplicated like the spec's module requests. */
export interface ModuleRequest {
  readonly specifier: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** Where an import names a binding: for link errors shaped like V8's (file:line, the line, a caret). */
export interface SourcePosition {
  /** 1-based. */
  readonly line: number;
  /** 0-based. */
  readonly column: number;
  /** The source line itself. */
  readonly text: string;
}

/** `import { importName as localName } from requests[request]`; importName '*' is a namespace import. */
export interface ImportEntry {
  readonly request: number;
  readonly importName: string;
  readonly localName: string;
  readonly where?: SourcePosition;
}

/** `export { localName as exportName }` of a binding declared in the module. */
export interface LocalExport {
  readonly exportName: string;
  readonly localName: string;
}

/** `export { importName as exportName } from …` (importName '*' for `export * as ns from`). */
export interface IndirectExport {
  readonly exportName: string;
  readonly request: number;
  readonly importName: string;
  readonly where?: SourcePosition;
}

export interface ModuleTransform {
  /**
   * A function expression, `(function* (ctx) {…})` or `(async function* …)`,
   * whose first step registers the export getters and yields, and whose second
   * step runs the module body. Line numbers are the source's.
   */
  readonly code: string;
  /** The source map (hires, composed with the source's own inline map) when source maps were asked for. */
  readonly map: TransformMap | undefined;
  readonly requests: readonly ModuleRequest[];
  readonly imports: readonly ImportEntry[];
  readonly localExports: readonly LocalExport[];
  readonly indirectExports: readonly IndirectExport[];
  /** Indexes into `requests` of `export * from`. */
  readonly starExports: readonly number[];
  readonly topLevelAwait: boolean;
}

/** The runtime object a transformed module receives (named by the transform's prefix). */
export interface ModuleContext {
  /** Dependencies' export views, by request index (getters for every export name). */
  readonly d: readonly object[];
  /** Dependencies' namespace objects, by request index (only those imported with `* as`). */
  readonly n: readonly (object | undefined)[];
  /** Registers the module's local bindings (an object of getters keyed by local name). */
  e(locals: object): void;
  /** Gives an anonymous default-exported function the name "default". */
  f(fn: object): void;
  /** `import()` */
  i(specifier: unknown, options?: unknown): Promise<object>;
  /** `import.meta` */
  readonly m: object;
  /** The global object, for `typeof arguments` at module level. */
  readonly g: object;
  /** Module-level `arguments`: the global binding, or a ReferenceError as for any missing global. */
  a(): unknown;
}
