export { ModuleSpace } from './space.js';
export type { ChildOptions, ImportOptions, ModuleNamespace } from './space.js';
export type { ModuleSpaceOptions, PolicyOptions } from './options.js';
export { redirect, source, virtual } from './overrides.js';
export type { OverrideDescriptor, OverrideValue } from './overrides.js';
export { ErrorCodes, ModspaceError } from './errors.js';
export type { ErrorCode, ModspaceErrorDetails } from './errors.js';
export type { HookMode } from '../hooks/install.js';
