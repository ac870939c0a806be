// The runtime object a transformed module receives (see ModuleContext): its
// dependencies' views and namespaces, export registration, `import()`,
// `import.meta` (created on first use, as Node does) and module-level
// `arguments`.
import type { ImportAttributes } from './host.js';
import { depsOf, viewOf, type ModuleRecord, type SourceRecord } from './records.js';
import type { ModuleContext } from './transform-types.js';

export interface ContextRuntime {
  namespaceOf(record: ModuleRecord): object;
  dynamicImport(specifier: unknown, options: unknown, parentURL: string): Promise<object>;
  importMeta(url: string): object;
}

export function moduleContext(record: SourceRecord, runtime: ContextRuntime): ModuleContext {
  const deps = depsOf(record);
  const { imports } = record.transform;
  let meta: object | undefined;
  return {
    d: deps.map(viewOf),
    n: deps.map((dep, n) => (imports.some((i) => i.request === n && i.importName === '*') ? runtime.namespaceOf(dep) : undefined)),
    e: (locals) => {
      record.locals = locals;
    },
    f: (fn) => {
      Object.defineProperty(fn, 'name', { value: 'default' });
    },
    i: (specifier, options) => runtime.dynamicImport(specifier, options, record.url),
    get m() {
      return (meta ??= runtime.importMeta(record.url));
    },
    g: globalThis,
    a: moduleArguments,
  };
}

/** A module has no `arguments`: the name is a global, usually missing. */
function moduleArguments(): unknown {
  if (!('arguments' in globalThis)) throw new ReferenceError('arguments is not defined');
  return (globalThis as { arguments?: unknown }).arguments;
}

/** Validates `import()`'s second argument as the spec does and returns its `with` attributes. */
export function importAttributes(options: unknown): ImportAttributes {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('The second argument to import() must be an object');
  }
  const attributes: unknown = (options as { with?: unknown }).with;
  if (attributes === undefined) return {};
  if (typeof attributes !== 'object' || attributes === null) {
    throw new TypeError("The 'with' option must be an object");
  }
  const result: Record<string, string> = {};
  for (const key of Object.keys(attributes)) {
    const value: unknown = (attributes as Record<string, unknown>)[key];
    if (typeof value !== 'string') throw new TypeError('Import attribute value must be a string');
    result[key] = value;
  }
  return result;
}
