/**
 * Builds the record the hooks consult for one space from its validated
 * options. Pure apart from reading the file system to resolve keys: live
 * values are returned, not registered, so a failure leaves nothing behind.
 */
import { ErrorCodes, ModspaceError } from '../core/errors.js';
import { resolveKey } from './keys.js';
import { OverrideCompiler, partialOfNothing, unresolved } from './override-compiler.js';
import { classifyOverride } from './overrides.js';
import { compilePolicy } from './policy-compiler.js';
import type { SpaceConfig } from './options.js';
import { resolutionRecord } from './resolution-options.js';
import { emptyOverrideTable, type OverrideTable, type PolicyRecord, type SpaceRecord } from '../core/state.js';
import { DEFAULT_ARCHIVE } from '../core/places/archive.js';

export interface BuiltRecord {
  record: SpaceRecord;
  /** Live override values to register under their keys once the space commits. */
  liveValues: Array<[key: string, value: object]>;
  /** Compiles later overrides (a mapper's answers) into the same record. */
  compiler: OverrideCompiler;
}

/** `inheritedPolicies`: the parent's, which bind the child whatever policy it gives itself. */
export function buildRecord(
  id: number,
  name: string,
  parent: number | null,
  config: SpaceConfig,
  inheritedPolicies: readonly PolicyRecord[] = [],
  engine: 'native' | 'runner' = 'native',
): BuiltRecord {
  const own = compilePolicy(config.policy, config.base, name);
  const record: SpaceRecord = {
    id,
    name,
    parent,
    baseURL: config.base,
    generation: 1,
    base: 1,
    versions: new Map(),
    runner: engine === 'runner',
    hot: false,
    modules: new Map(),
    known: new Set(),
    conditions: config.conditions ? [...config.conditions] : null,
    resolution: resolutionRecord(config.imports, config.roots),
    overrides: emptyOverrideTable(),
    scoped: new Map(),
    hasMapper: config.mapper !== undefined,
    share: new Set(),
    policies: own ? [...inheritedPolicies, own] : [...inheritedPolicies],
    remote: config.remote ?? null,
    archive: config.archive ?? DEFAULT_ARCHIVE,
    transforms: config.transforms ? { ...config.transforms } : null,
    generated: new Map(),
  };
  const compiler = new OverrideCompiler(record, config.conditions);
  const liveValues: BuiltRecord['liveValues'] = [];
  const addAll = (table: OverrideTable, overrides: SpaceConfig['overrides']) => {
    const claimedBy = new Map<string, string>();
    for (const [key, value] of overrides) {
      const override = classifyOverride(key, value, name);
      const resolution = resolveKey(key, config.base, config.conditions, record);
      const missing = resolution.kind === 'missing' ? resolution.reason : undefined;
      if (missing !== undefined && override.kind === 'live' && override.partial) throw partialOfNothing(name, key, config.base, missing);
      if (resolution.kind === 'missing' && !override.virtual) {
        throw unresolved(name, key, config.base, resolution.reason, 'Override key resolves to no module; wrap it in virtual() or use source() to declare a module that does not exist');
      }
      const target = resolution.target;
      const slot = target ?? `bare:${key}`;
      const earlier = claimedBy.get(slot);
      if (earlier !== undefined) {
        throw new ModspaceError(ErrorCodes.INVALID_OVERRIDE, `Override keys "${earlier}" and "${key}" name the same module`, { space: name, specifier: key });
      }
      claimedBy.set(slot, key);

      const compiled = compiler.compile(override, key, target, config.base, missing);
      if (compiled.generated) record.generated.set(...compiled.generated);
      if (compiled.live) liveValues.push(compiled.live);
      if (target === undefined) table.byBare.set(key, compiled.action);
      else table.byTarget.set(target, compiled.action);
      if (resolution.kind === 'missing' && target !== undefined) table.hasVirtualFiles = true;
    }
  };

  addAll(record.overrides, config.overrides);
  for (const [importerKey, overrides] of config.scoped) {
    const importer = resolveKey(importerKey, config.base, config.conditions, record);
    if (importer.kind === 'missing') throw unresolved(name, importerKey, config.base, importer.reason, 'Scoped override importer resolves to no module');
    const table = record.scoped.get(importer.target) ?? emptyOverrideTable();
    record.scoped.set(importer.target, table);
    addAll(table, overrides);
  }

  for (const key of config.share) {
    const resolution = resolveKey(key, config.base, config.conditions, record);
    if (resolution.kind === 'missing') throw unresolved(name, key, config.base, resolution.reason, 'Share key resolves to no module');
    record.share.add(resolution.target);
  }
  return { record, liveValues, compiler };
}
