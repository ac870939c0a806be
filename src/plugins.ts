/**
 * `loadPlugins()`: every plugin of a folder, glob, package folder or file,
 * each in a space of its own (or all in one), in a deterministic order. A
 * plugin that fails to load is reported with its error and does not stop the
 * others; a mistake of the host (bad options, a missing folder) throws, after
 * disposing what was created.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, ModspaceError } from '../core/errors.js';
import { describe, isPlainObject, parseOptions, rejectUnknown, type ModuleSpaceOptions } from './options.js';
import { findPlugins, type PluginInfo } from './plugin-files.js';
import { parseArchive } from './archive-options.js';
import { ModuleSpace, type ModuleNamespace } from './space.js';

export type { PluginInfo } from './plugin-files.js';

export interface LoadPluginsOptions {
  /** Resolves a relative `source` and the relative paths of `space` options: a file URL or an absolute path. Default: `parent.base`, else the working directory. */
  base?: string | URL;
  /** `true` (default): each plugin in its own space. `false`: all plugins in one space. */
  isolate?: boolean;
  /**
   * Options of the plugin spaces (`share`, `policy`, `imports`, `roots`,
   * `conditions`, ...), or a function giving each plugin its own (not with
   * `isolate: false`). A space is named after its plugin unless the function names it.
   */
  space?: ModuleSpaceOptions | ((plugin: PluginInfo) => ModuleSpaceOptions);
  /** Create the plugin spaces as children of this space: disposing it disposes every plugin. */
  parent?: ModuleSpace;
}

export interface Plugin<T = ModuleNamespace> extends PluginInfo {
  /** The plugin's module namespace, or `undefined` when it failed. */
  namespace: T | undefined;
  /** The space the plugin lives in (disposed when an isolated plugin failed). */
  space: ModuleSpace;
  /** Why the plugin failed to load (a syntax error, a top-level throw, a denied import), or `undefined`. */
  error: Error | undefined;
}

/** The plugins in load order, plus a way to dispose every plugin space at once. */
export type Plugins<T = ModuleNamespace> = ReadonlyArray<Plugin<T>> & AsyncDisposable & {
  /** Disposes the plugin spaces this call created (not `parent`). */
  dispose(): Promise<void>;
};

const OPTION_NAMES = ['base', 'isolate', 'space', 'parent'] as const;
const DEFAULT_CONDITIONS = ['node', 'import'];

/**
 * Loads every plugin `source` names: a plugins folder (its top-level `.js`,
 * `.mjs`, `.ts` and `.mts` files and its sub-folders with a package.json
 * entry or an index file), a glob (`./plugins/*\/index.js`), a package folder
 * (its package.json names an entry) or one file. Plugins load one after the
 * other, sorted by name.
 */
export async function loadPlugins<T = ModuleNamespace>(source: string | URL, options: LoadPluginsOptions = {}): Promise<Plugins<T>> {
  const { base, isolate, spaceOptions, parent } = parse(source, options);
  const from =
    source instanceof URL || source.startsWith('file:') ? fileURLToPath(source) : isAbsolute(source) ? source : resolve(fileURLToPath(new URL('.', base)), source);
  const staticOptions = typeof spaceOptions === 'function' ? undefined : spaceOptions;
  // Archive plugins are opened to find their entry: under the static space options' archive settings (checked by parse()).
  const found = findPlugins(from, [...(staticOptions?.conditions ?? []), ...DEFAULT_CONDITIONS], parseArchive(staticOptions?.archive));

  const created: ModuleSpace[] = [];
  const dispose = async () => {
    for (const space of created.splice(0)) await space.dispose();
  };
  const newSpace = (options: ModuleSpaceOptions) => {
    const space = parent ? parent.child(options) : new ModuleSpace(options);
    created.push(space);
    return space;
  };
  const results: Array<Plugin<T>> = [];
  try {
    const shared = isolate ? undefined : newSpace({ base, name: 'plugins', ...staticOptions });
    for (const plugin of found) {
      const info: PluginInfo = { name: plugin.name, file: plugin.file, url: plugin.url, folder: plugin.folder };
      const space = shared ?? newSpace({ base, name: plugin.name, ...(typeof spaceOptions === 'function' ? spaceOptions(info) : staticOptions) });
      let namespace: T | undefined;
      let error: Error | undefined = plugin.problem;
      if (!error) {
        try {
          namespace = await space.import<T>(plugin.url);
        } catch (thrown) {
          error = thrown instanceof Error ? thrown : new Error(String(thrown), { cause: thrown });
        }
      }
      // A failed plugin's own space has nothing left to serve.
      if (error && !shared) await space.dispose();
      results.push({ ...info, namespace, space, error });
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  return Object.defineProperties(results, {
    dispose: { value: dispose },
    [Symbol.asyncDispose]: { value: dispose },
  }) as unknown as Plugins<T>;
}

interface Parsed {
  base: string;
  isolate: boolean;
  spaceOptions: LoadPluginsOptions['space'];
  parent: ModuleSpace | undefined;
}

function parse(source: unknown, options: unknown): Parsed {
  if (!(source instanceof URL) && (typeof source !== 'string' || source === '')) {
    invalid('source', `loadPlugins() takes a folder, file or glob (a path or file URL), got ${describe(source)}`);
  }
  const url = source instanceof URL ? source : /^[a-zA-Z][a-zA-Z\d+.-]+:/.test(source as string) ? new URL(source as string) : undefined;
  if (url && url.protocol !== 'file:') invalid('source', `loadPlugins() loads from folders, files and globs on disk (paths or file: URLs), got ${url.href}`);
  if (!isPlainObject(options)) invalid('options', `loadPlugins() options must be an object, got ${describe(options)}`);
  rejectUnknown(options, OPTION_NAMES, 'loadPlugins() option');
  const { base, isolate, space, parent } = options as Record<string, unknown>;
  if (isolate !== undefined && typeof isolate !== 'boolean') invalid('isolate', `Option "isolate" must be a boolean, got ${describe(isolate)}`);
  if (parent !== undefined && !(parent instanceof ModuleSpace)) invalid('parent', `Option "parent" must be a ModuleSpace, got ${describe(parent)}`);
  if (space !== undefined && typeof space !== 'function' && !isPlainObject(space)) {
    invalid('space', `Option "space" must be space options or a function (plugin) => space options, got ${describe(space)}`);
  }
  if (typeof space === 'function' && isolate === false) {
    invalid('space', 'Option "space" cannot be a function with isolate: false: all plugins share one space');
  }
  if (isPlainObject(space) && space.name !== undefined && isolate !== false) {
    invalid('space', 'Option "space.name" would give every plugin space one name; each is named after its plugin (use a function to name them)');
  }
  const baseURL = parseOptions({ base: base ?? (parent as ModuleSpace | undefined)?.base }).base;
  // Static space options are checked now, before any plugin loads.
  if (isPlainObject(space)) parseOptions({ base: baseURL, ...space });
  return { base: baseURL, isolate: isolate !== false, spaceOptions: space as LoadPluginsOptions['space'], parent: parent as ModuleSpace | undefined };
}

function invalid(option: string, message: string): never {
  throw new ModspaceError(ErrorCodes.INVALID_OPTION, message, { specifier: option });
}
