export { ModuleSpace } from './space.js';
export type { ChildOptions, ImportOptions, ModuleNamespace } from './space.js';
export type { Mapper, ModuleSpaceOptions, PolicyOptions } from './options.js';
export { live, partial, redirect, source, virtual } from './overrides.js';
export type { LiveOptions, OverrideDescriptor, OverrideValue } from './overrides.js';
export { ErrorCodes, ModspaceError } from './errors.js';
export type { ErrorCode, ModspaceErrorDetails } from './errors.js';
export type { HookMode } from '../hooks/install.js';
