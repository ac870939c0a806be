/**
 * Override values and their classification. A plain object or function is a
 * live value; a string is a redirect; `source()`, `redirect()`, `partial()`,
 * `live()` and `virtual()` say the rest explicitly.
 */
import { types } from 'node:util';
import { ErrorCodes, ModspaceError } from '../core/errors.js';
import { describe, isPlainObject, itemsOf } from './option-input.js';

const BRAND = Symbol('modspace.override');

/** An explicit override made by `source()`, `redirect()` or `virtual()`. */
export interface OverrideDescriptor {
  readonly [BRAND]: DescribedOverride;
}

type DescribedOverride =
  | { kind: 'source'; code: string }
  | { kind: 'redirect'; specifier: string }
  | { kind: 'virtual'; inner: OverrideValue }
  | { kind: 'live'; value: object; exports: readonly string[] | undefined; partial: boolean };

export interface LiveOptions {
  /** The export names, for values whose keys cannot be listed (a Proxy) or to pick some. */
  exports?: readonly string[];
}

/** Anything accepted as an override: a live object or function, a redirect specifier, or a descriptor. */
export type OverrideValue = object | string | OverrideDescriptor;

/** The module is this source text (its relative imports resolve beside the key, or against `base`). A key that names no existing module is allowed. */
export function source(code: string): OverrideDescriptor {
  if (typeof code !== 'string') {
    throw new ModspaceError(ErrorCodes.INVALID_OVERRIDE, `source() takes module source text, got ${describe(code)}`);
  }
  return { [BRAND]: { kind: 'source', code } };
}

/** Imports of the key load this other specifier instead (resolved against the space's `base`). */
export function redirect(specifier: string): OverrideDescriptor {
  if (typeof specifier !== 'string' || specifier === '') {
    throw new ModspaceError(ErrorCodes.INVALID_OVERRIDE, `redirect() takes a specifier, got ${describe(specifier)}`);
  }
  return { [BRAND]: { kind: 'redirect', specifier } };
}

/**
 * The real module, with these exports replaced (`default` included). The
 * other exports are the real ones, live.
 */
export function partial(value: object, options?: LiveOptions): OverrideDescriptor {
  return liveDescriptor('partial', value, options, true);
}

/**
 * A live value with explicit options: `exports` lists the export names of a
 * value whose properties are computed (a Proxy), read when the module evaluates.
 */
export function live(value: object, options?: LiveOptions): OverrideDescriptor {
  return liveDescriptor('live', value, options, false);
}

/** Checked when called, as `source()` and `redirect()` are: the mistake is on this line, not at the space. */
function liveDescriptor(maker: 'live' | 'partial', value: unknown, options: unknown, partial: boolean): OverrideDescriptor {
  const fail = (message: string, cause?: unknown): never => {
    throw new ModspaceError(ErrorCodes.INVALID_OVERRIDE, message, { cause });
  };
  if ((typeof value !== 'object' || value === null) && typeof value !== 'function') {
    return fail(`${maker}() takes an object or a function, got ${describe(value)}`);
  }
  let exports: string[] | undefined;
  try {
    exports = liveExports(maker, options);
  } catch (error) {
    if (error instanceof ModspaceError) throw error;
    return fail(`${maker}()'s options cannot be read (${describe(options)}): ${error instanceof Error ? error.message : String(error)}`, error);
  }
  return { [BRAND]: { kind: 'live', value, exports, partial } };
}

/** The `exports` option, copied: read once, so a getter or a later change cannot make it differ from what was checked. */
function liveExports(maker: string, options: unknown): string[] | undefined {
  if (options === undefined) return undefined;
  const fail = (message: string): never => {
    throw new ModspaceError(ErrorCodes.INVALID_OVERRIDE, message);
  };
  if (!isPlainObject(options)) return fail(`${maker}()'s options must be an object ({ exports }), got ${describe(options)}`);
  const unknown = Object.keys(options).find((key) => key !== 'exports');
  if (unknown !== undefined) return fail(`${maker}() has no option "${unknown}" (known: exports)`);
  const exports = options.exports;
  if (exports === undefined) return undefined;
  const names = Array.isArray(exports) ? itemsOf(exports) : undefined;
  if (names === undefined || names.some((name) => typeof name !== 'string' || !name.isWellFormed())) {
    return fail(`Export names must be an array of well-formed strings, got ${describe(exports)}`);
  }
  return names as string[];
}

/** Allows the key to name a module that does not exist (a package that is not installed). */
export function virtual(override: OverrideValue): OverrideDescriptor {
  return { [BRAND]: { kind: 'virtual', inner: override } };
}

/** An override after classification. */
export type ClassifiedOverride =
  | { kind: 'live'; value: object; exports: string[]; partial: boolean; virtual: boolean }
  | { kind: 'source'; code: string; virtual: true }
  | { kind: 'redirect'; specifier: string; virtual: boolean };

export function classifyOverride(key: string, value: unknown, space: string, virtualKey = false): ClassifiedOverride {
  const fail = (message: string): never => {
    throw new ModspaceError(ErrorCodes.INVALID_OVERRIDE, message, { space, specifier: key });
  };
  if (typeof value === 'string') return { kind: 'redirect', specifier: value, virtual: virtualKey };
  if (!((typeof value === 'object' && value !== null) || typeof value === 'function')) {
    return fail(`Override must be an object, a function, a redirect string or source(), got ${describe(value)}`);
  }
  // A Proxy is never a descriptor, and reading our brand through its traps would ask it.
  const described = types.isProxy(value) ? undefined : (value as Partial<OverrideDescriptor>)[BRAND];
  if (described?.kind === 'source') return { kind: 'source', code: described.code, virtual: true };
  if (described?.kind === 'redirect') return { kind: 'redirect', specifier: described.specifier, virtual: virtualKey };
  if (described?.kind === 'virtual') return classifyOverride(key, described.inner, space, true);
  const { value: liveValue, exports, partial } = described ?? { value, exports: undefined, partial: false };
  if ((typeof liveValue !== 'object' || liveValue === null) && typeof liveValue !== 'function') {
    return fail(`live() and partial() take an object or a function, got ${describe(liveValue)}`);
  }
  if (exports === undefined && types.isProxy(liveValue)) {
    return fail('A Proxy cannot list its export names: pass them, live(proxy, { exports: [...] })');
  }
  if (exports !== undefined && (!Array.isArray(exports) || exports.some((name) => typeof name !== 'string' || !name.isWellFormed()))) {
    return fail(`Export names must be an array of well-formed strings, got ${describe(exports)}`);
  }
  const names = exports === undefined ? Object.keys(liveValue) : [...new Set(exports)];
  return { kind: 'live', value: liveValue, exports: names, partial, virtual: virtualKey };
}
