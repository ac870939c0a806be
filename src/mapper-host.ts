/**
 * The main-thread side of a space's mapper function: the hooks ask it (in
 * thread, or by message from the hooks thread) what an import should be; it
 * runs the user's function and compiles the answer like an override.
 */
import type { MapperAnswer } from '../hooks/protocol.js';
import type { HookChannel } from '../hooks/install.js';
import type { OverrideAction, SpaceRecord } from '../core/state.js';
import { displayLocation, ErrorCodes, ModspaceError } from '../core/errors.js';
import { resolveKey } from './keys.js';
import { liveRegistry } from './live-registry.js';
import type { Mapper } from './options.js';
import type { OverrideCompiler } from './override-compiler.js';
import { classifyOverride } from './overrides.js';

export interface MapperHost {
  record: SpaceRecord;
  compiler: OverrideCompiler;
  channel: HookChannel;
  conditions: readonly string[] | undefined;
  /** Live keys of the space, so `dispose()` releases what the mapper registered too. */
  liveKeys: string[];
}

export function mapperAnswer(mapper: Mapper, host: MapperHost): MapperAnswer {
  const { record, compiler, channel, conditions, liveKeys } = host;
  // One generated module per value: a mapper that returns the same object for
  // every importer gives one instance, as an override would.
  const byValue = new Map<object, OverrideAction>();
  return ({ specifier, importer }) => {
    let value: unknown;
    try {
      value = mapper(specifier, importer);
    } catch (error) {
      throw new ModspaceError(ErrorCodes.MAPPER_FAILED, `The mapper threw: ${error instanceof Error ? error.message : String(error)}`, {
        space: record.name,
        specifier,
        importer: displayLocation(importer),
        cause: error,
      });
    }
    if (value === undefined || value === null) return undefined;
    const known = typeof value === 'object' || typeof value === 'function' ? byValue.get(value) : undefined;
    if (known) return known;

    const override = classifyOverride(specifier, value, record.name);
    // Only a partial module or a JSON snapshot needs to know what the specifier names.
    const needsTarget = (override.kind === 'live' && override.partial) || specifier.endsWith('.json');
    const resolution = needsTarget ? resolveKey(specifier, importer, conditions, record) : undefined;
    const target = resolution?.kind === 'target' ? resolution.target : undefined;
    const missing = resolution?.kind === 'missing' ? resolution.reason : undefined;
    const compiled = compiler.compile(override, specifier, target, importer, missing);
    if (compiled.live) {
      liveRegistry().put(...compiled.live);
      liveKeys.push(compiled.live[0]);
    }
    if (compiled.generated) {
      const [id, module] = compiled.generated;
      record.generated.set(id, module);
      channel.apply({ op: 'generated', space: record.id, id, module });
    }
    if (typeof value === 'object' || typeof value === 'function') byValue.set(value, compiled.action);
    return compiled.action;
  };
}
