/**
 * Builds the record the hooks consult for one space from its validated
 * options. Pure apart from reading the file system to resolve keys: live
 * values are returned, not registered, so a failure leaves nothing behind.
 */
import { isBuiltin } from 'node:module';
import { displayLocation, ErrorCodes, ModspaceError } from './errors.js';
import { builtinTarget, isPathLike, resolveKey } from './keys.js';
import { classifyOverride, type ClassifiedOverride } from './overrides.js';
import type { PolicyOptions, SpaceConfig } from './options.js';
import type { GeneratedModule, OverrideAction, PolicyRecord, PolicyRules, SpaceRecord } from '../hooks/state.js';

export interface BuiltRecord {
  record: SpaceRecord;
  /** Live override values to register under their keys once the space commits. */
  liveValues: Array<[key: string, value: object]>;
}

export function buildRecord(id: number, name: string, parent: number | null, config: SpaceConfig): BuiltRecord {
  const record: SpaceRecord = {
    id,
    name,
    parent,
    generation: 1,
    conditions: config.conditions ? [...config.conditions] : null,
    overrides: new Map(),
    bareOverrides: new Map(),
    hasVirtualFiles: false,
    share: new Set(),
    policy: compilePolicy(config.policy, config.base, name),
    generated: new Map(),
  };
  const liveValues: BuiltRecord['liveValues'] = [];
  const claimedBy = new Map<string, string>();

  for (const [key, value] of config.overrides) {
    const override = classifyOverride(key, value, name);
    const resolution = resolveKey(key, config.base, config.conditions);
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

    const action = buildAction(record, override, key, target, config, liveValues);
    if (target === undefined) record.bareOverrides.set(key, action);
    else record.overrides.set(target, action);
    if (resolution.kind === 'missing' && target !== undefined) record.hasVirtualFiles = true;
  }

  for (const key of config.share) {
    const resolution = resolveKey(key, config.base, config.conditions);
    if (resolution.kind === 'missing') throw unresolved(name, key, config.base, resolution.reason, 'Share key resolves to no module');
    record.share.add(resolution.target);
  }
  return { record, liveValues };
}

function buildAction(
  record: SpaceRecord,
  override: ClassifiedOverride,
  key: string,
  target: string | undefined,
  config: SpaceConfig,
  liveValues: BuiltRecord['liveValues'],
): OverrideAction {
  if (override.kind === 'redirect') {
    const resolution = resolveKey(override.specifier, config.base, config.conditions);
    if (resolution.kind === 'missing') {
      throw unresolved(record.name, override.specifier, config.base, resolution.reason, `Redirect target of "${key}" resolves to no module`);
    }
    return { kind: 'redirect', url: resolution.target };
  }
  const id = `o${record.generated.size + 1}`;
  let generated: GeneratedModule;
  if (override.kind === 'source') {
    const resolveBase = target !== undefined && target.startsWith('file:') ? target : config.base;
    generated = { kind: 'source', source: override.code, resolveBase };
  } else {
    const liveKey = `${record.id}:${id}`;
    liveValues.push([liveKey, override.value]);
    generated = {
      kind: 'live',
      key: liveKey,
      exports: Object.keys(override.value).filter((name) => name !== 'default'),
      defaultIsProperty: Object.hasOwn(override.value, 'default'),
      json: target?.endsWith('.json') ? jsonSnapshot(override.value) : null,
    };
  }
  record.generated.set(id, generated);
  return { kind: 'generated', id };
}

function jsonSnapshot(value: object): string | null {
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}

function compilePolicy(policy: PolicyOptions | 'none' | undefined, base: string, space: string): PolicyRecord | null {
  if (policy === undefined) return null;
  if (policy === 'none') return { mode: 'none' };
  return {
    mode: 'rules',
    deny: compileRules(policy.deny ?? [], base, space),
    allow: policy.allow ? compileRules(policy.allow, base, space) : null,
  };
}

function compileRules(patterns: readonly string[], base: string, space: string): PolicyRules {
  const rules: PolicyRules = { builtins: [], packages: [], paths: [] };
  for (const pattern of patterns) {
    if (isBuiltin(pattern)) rules.builtins.push(builtinTarget(pattern));
    else if (isPathLike(pattern)) {
      // A folder pattern ends in '/' and covers everything below it.
      const url = new URL(pattern, base).href;
      rules.paths.push(pattern.endsWith('/') ? url : url.replace(/[?#].*$/, ''));
    } else if (/^(?:@[^/\s]+\/)?[^/\s@:][^\s:]*$/.test(pattern)) rules.packages.push(pattern);
    else {
      throw new ModspaceError(ErrorCodes.INVALID_OPTION, `Policy pattern "${pattern}" is neither a builtin, a package name nor a path`, {
        space,
        specifier: pattern,
      });
    }
  }
  return rules;
}

function unresolved(space: string, key: string, base: string, reason: string, message: string): ModspaceError {
  return new ModspaceError(ErrorCodes.UNRESOLVED_KEY, `${message}: ${reason}`, {
    space,
    specifier: key,
    importer: displayLocation(base),
  });
}
