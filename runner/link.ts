// Linking checks and export views. Before anything is instantiated every
// import and re-export of a new module must resolve (V8's SyntaxError texts);
// after instantiation each module's view gets one getter per export name that
// goes straight to the binding's own getter.
import { AMBIGUOUS, NAMESPACE, exportedNames, onlyLocalExports, resolveExport } from './exports.js';
import { depsOf, type ModuleRecord, type SourceRecord } from './records.js';
import type { SourcePosition } from './transform-types.js';

export function checkImports(record: SourceRecord): void {
  const { imports, indirectExports, requests } = record.transform;
  const deps = depsOf(record);
  const checks = [
    ...imports.filter((entry) => entry.importName !== '*'),
    ...indirectExports.filter((entry) => entry.importName !== '*'),
  ];
  for (const { request, importName, where } of checks) {
    const resolution = resolveExport(deps[request] as ModuleRecord, importName);
    const specifier = (requests[request] as { specifier: string }).specifier;
    if (resolution === null) {
      throw linkError(`The requested module '${specifier}' does not provide an export named '${importName}'`, record.url, where);
    }
    if (resolution === AMBIGUOUS) {
      throw linkError(`The requested module '${specifier}' contains conflicting star exports for name '${importName}'`, record.url, where);
    }
  }
}

/**
 * A link error as V8 decorates its own: the stack starts with `url:line`, the
 * line and a caret under the import, so tools that read Node's errors (the
 * space's error messages, the watcher's locations) read these the same way.
 */
function linkError(message: string, url: string, where: SourcePosition | undefined): SyntaxError {
  const error = new SyntaxError(message);
  if (where) error.stack = `${url}:${where.line}\n${where.text}\n${' '.repeat(where.column)}^\n${error.stack ?? ''}`;
  return error;
}

const ownGetter = (locals: object | undefined, name: string): (() => unknown) =>
  Object.getOwnPropertyDescriptor(locals, name)?.get as () => unknown;

/** Fills `record.view`; `namespaceOf` gives the namespace object an `export * as` binding reads. */
export function fillView(record: SourceRecord, namespaceOf: (record: ModuleRecord) => object): void {
  const define = (name: string, get: () => unknown): void => {
    Object.defineProperty(record.view, name, { get, enumerable: true, configurable: false });
  };
  if (onlyLocalExports(record)) {
    for (const { exportName, localName } of record.transform.localExports) define(exportName, ownGetter(record.locals, localName));
    return;
  }
  for (const name of exportedNames(record)) {
    const resolution = resolveExport(record, name);
    if (resolution === null || resolution === AMBIGUOUS) continue;
    const { module, bindingName } = resolution;
    if (bindingName === NAMESPACE) define(name, () => namespaceOf(module));
    else if (module.kind === 'native') define(name, () => (module.namespace as Record<string, unknown>)[bindingName]);
    else define(name, ownGetter(module.locals, bindingName));
  }
}
