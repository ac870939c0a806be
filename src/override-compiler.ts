/**
 * Turns classified overrides into what the hooks act on: a redirect URL or a
 * generated module. Used when a space is built (for its option keys) and
 * later by its mapper (for each answer). Live values are collected, not
 * registered: the caller commits them once nothing can fail any more.
 */
import { displayLocation, ErrorCodes, ModspaceError } from '../core/errors.js';
import { resolveKey } from './keys.js';
import type { ClassifiedOverride } from './overrides.js';
import type { GeneratedModule, OverrideAction, SpaceRecord } from '../core/state.js';

export interface CompiledOverride {
  action: OverrideAction;
  /** The generated module the action names, if any, under its id. */
  generated: [id: string, module: GeneratedModule] | undefined;
  /** A live value to register under its key. */
  live: [key: string, value: object] | undefined;
}

export class OverrideCompiler {
  #count = 0;

  constructor(
    private readonly record: SpaceRecord,
    private readonly conditions: readonly string[] | undefined,
  ) {}

  /**
   * `target` is what the key resolves to (undefined for a virtual package);
   * `missing` is why it names no existing module (a virtual key), if it does
   * not; `from` is where a redirect or a source module's relative imports resolve.
   */
  compile(override: ClassifiedOverride, key: string, target: string | undefined, from: string, missing?: string): CompiledOverride {
    if (override.kind === 'redirect') {
      const resolution = resolveKey(override.specifier, from, this.conditions, this.record);
      if (resolution.kind === 'missing') {
        throw unresolved(this.record.name, override.specifier, from, resolution.reason, `Redirect target of "${key}" resolves to no module`);
      }
      return { action: { kind: 'redirect', url: resolution.target }, generated: undefined, live: undefined };
    }
    const id = `o${++this.#count}`;
    const action: OverrideAction = { kind: 'generated', id };
    if (override.kind === 'source') {
      const resolveBase = target?.startsWith('file:') ? target : from;
      return { action, generated: [id, { kind: 'source', overrideKey: key, source: override.code, resolveBase }], live: undefined };
    }
    if (override.partial && (target === undefined || missing !== undefined)) {
      throw partialOfNothing(this.record.name, key, from, missing);
    }
    const liveKey = `${this.record.id}:${id}`;
    const module: GeneratedModule = {
      kind: 'live',
      overrideKey: key,
      key: liveKey,
      exports: override.exports.filter((name) => name !== 'default'),
      defaultIsProperty: override.exports.includes('default'),
      json: target?.endsWith('.json') ? jsonSnapshot(override.value) : null,
      actual: override.partial ? (target ?? null) : null,
    };
    return { action, generated: [id, module], live: [liveKey, override.value] };
  }
}

function jsonSnapshot(value: object): string | null {
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}

/**
 * `partial()` shows a real module through, so a key naming none is a mistake
 * in the override, whether or not it is wrapped in `virtual()`: refused where
 * the override is given, not with an ENOENT at import.
 */
export function partialOfNothing(space: string, key: string, from: string, reason: string | undefined): ModspaceError {
  const why = reason === undefined ? '' : `: ${reason}`;
  return new ModspaceError(
    ErrorCodes.INVALID_OVERRIDE,
    `partial() needs a real module to keep, and this key resolves to none${why}. Check the key, or give the whole module (source() or a live value) instead of partial()`,
    { space, specifier: key, importer: displayLocation(from) },
  );
}

export function unresolved(space: string, key: string, from: string, reason: string, message: string): ModspaceError {
  return new ModspaceError(ErrorCodes.UNRESOLVED_KEY, `${message}: ${reason}`, {
    space,
    specifier: key,
    importer: displayLocation(from),
  });
}
