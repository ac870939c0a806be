// Export resolution over loaded records, as the spec's GetExportedNames and
// ResolveExport: `export *` skips `default` and names it finds twice with
// different targets (ambiguous), cycles of re-exports resolve to nothing.
import { depsOf, type ModuleRecord, type SourceRecord } from './records.js';

/** The binding a name resolves to; bindingName NAMESPACE means the module's namespace object. */
export interface Resolution {
  readonly module: ModuleRecord;
  readonly bindingName: string;
}
export const NAMESPACE = '*namespace*';
export const AMBIGUOUS = 'ambiguous';

export function exportedNames(record: ModuleRecord, visited = new Set<ModuleRecord>()): string[] {
  if (record.kind === 'native') return Object.keys(record.namespace);
  if (visited.has(record)) return [];
  visited.add(record);
  const t = record.transform;
  const names = [...t.localExports.map((e) => e.exportName), ...t.indirectExports.map((e) => e.exportName)];
  const deps = depsOf(record);
  for (const request of t.starExports) {
    for (const name of exportedNames(deps[request] as ModuleRecord, visited)) {
      if (name !== 'default' && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

export function resolveExport(
  record: ModuleRecord,
  name: string,
  resolveSet: Array<[ModuleRecord, string]> = [],
): Resolution | null | typeof AMBIGUOUS {
  if (record.kind === 'native') return name in record.namespace ? { module: record, bindingName: name } : null;
  if (resolveSet.some(([m, n]) => m === record && n === name)) return null; // a circular import request
  resolveSet.push([record, name]);
  const t = record.transform;
  const local = t.localExports.find((e) => e.exportName === name);
  if (local) return { module: record, bindingName: local.localName };
  const deps = depsOf(record);
  const indirect = t.indirectExports.find((e) => e.exportName === name);
  if (indirect) {
    const target = deps[indirect.request] as ModuleRecord;
    if (indirect.importName === '*') return { module: target, bindingName: NAMESPACE };
    return resolveExport(target, indirect.importName, resolveSet);
  }
  if (name === 'default') return null;
  let star: Resolution | null = null;
  for (const request of t.starExports) {
    const resolution = resolveExport(deps[request] as ModuleRecord, name, resolveSet);
    if (resolution === AMBIGUOUS) return AMBIGUOUS;
    if (!resolution) continue;
    if (!star) star = resolution;
    else if (star.module !== resolution.module || star.bindingName !== resolution.bindingName) return AMBIGUOUS;
  }
  return star;
}

/** Only local exports: every name resolves to the module's own binding (the common case, resolved without search). */
export const onlyLocalExports = (record: SourceRecord): boolean =>
  record.transform.indirectExports.length === 0 && record.transform.starExports.length === 0;

/** The names a namespace shows: every exported name that resolves unambiguously. */
export function namespaceNames(record: SourceRecord): string[] {
  if (onlyLocalExports(record)) return record.transform.localExports.map((e) => e.exportName);
  return exportedNames(record).filter((name) => {
    const resolution = resolveExport(record, name);
    return resolution !== null && resolution !== AMBIGUOUS;
  });
}
