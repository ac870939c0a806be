/**
 * `import type {} from 'modspace/hot'` or `/// <reference types="modspace/hot" />`:
 * `import.meta.hot` typed in the user's modules (undefined outside hot spaces).
 */
import type { ModspaceHot } from './hot-types.js';

export type { HotData, HotModule, ModspaceHot } from './hot-types.js';

declare global {
  interface ImportMeta {
    /** Hot module replacement (modspace): defined in the modules of a space watched with `hot: true`, `undefined` elsewhere. */
    readonly hot?: ModspaceHot;
  }
}
