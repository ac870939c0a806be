/**
 * Override values and their classification. A plain object or function is a
 * live value; a string is a redirect; `source()`, `redirect()` and
 * `virtual()` say the rest explicitly.
 */
import { ErrorCodes, ModspaceError } from './errors.js';
import { describe } from './options.js';

const BRAND = Symbol('modspace.override');

/** An explicit override made by `source()`, `redirect()` or `virtual()`. */
export interface OverrideDescriptor {
  readonly [BRAND]: DescribedOverride;
}

type DescribedOverride =
  | { kind: 'source'; code: string }
  | { kind: 'redirect'; specifier: string }
  | { kind: 'virtual'; inner: OverrideValue };

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

/** Allows the key to name a module that does not exist (a package that is not installed). */
export function virtual(override: OverrideValue): OverrideDescriptor {
  return { [BRAND]: { kind: 'virtual', inner: override } };
}

/** An override after classification. */
export type ClassifiedOverride =
  | { kind: 'live'; value: object; virtual: boolean }
  | { kind: 'source'; code: string; virtual: true }
  | { kind: 'redirect'; specifier: string; virtual: boolean };

export function classifyOverride(key: string, value: unknown, space: string, virtualKey = false): ClassifiedOverride {
  if (typeof value === 'string') return { kind: 'redirect', specifier: value, virtual: virtualKey };
  if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
    const described = (value as Partial<OverrideDescriptor>)[BRAND];
    if (described === undefined) return { kind: 'live', value, virtual: virtualKey };
    if (described.kind === 'source') return { kind: 'source', code: described.code, virtual: true };
    if (described.kind === 'redirect') return { kind: 'redirect', specifier: described.specifier, virtual: virtualKey };
    return classifyOverride(key, described.inner, space, true);
  }
  throw new ModspaceError(
    ErrorCodes.INVALID_OVERRIDE,
    `Override must be an object, a function, a redirect string or source(), got ${describe(value)}`,
    { space, specifier: key },
  );
}
