/**
 * The space a command runs in: options from a config file
 * (`modspace.config.js` / `.mjs` / `.ts`, given by --config or found beside
 * the entry, then in the working directory) plus the flags, each flag adding
 * to one option. Paths in flags are relative to the working directory and are
 * made absolute here; the config's own relative paths keep resolving against
 * the config file (its `base` by default).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ModuleSpaceOptions, PolicyOptions } from '../options.js';
import type { OverrideValue } from '../overrides.js';
import type { RootOption } from '../resolution-options.js';
import { flag, flags, has, keyValue, type ParsedArgs } from './args.js';
import { UsageError } from './usage-error.js';

export const CONFIG_NAMES = ['modspace.config.js', 'modspace.config.mjs', 'modspace.config.ts'] as const;

/** The config file to use: --config, else the first config beside `near` (a file), else in the working directory. */
export function findConfig(args: ParsedArgs, near: string | undefined, cwd: string): string | undefined {
  const given = flag(args, 'config');
  if (given !== undefined) {
    const path = resolve(cwd, given);
    if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`Config file not found: ${path}`, args.command);
    return path;
  }
  const folders = [...new Set([near === undefined ? undefined : dirname(near), cwd].filter((folder): folder is string => folder !== undefined))];
  for (const folder of folders) {
    for (const name of CONFIG_NAMES) {
      const path = join(folder, name);
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}

/**
 * The config's options: its default export, an object of space options or a
 * function (maybe async) returning one. A `.ts` config is loaded in a space
 * of its own (modspace compiles TypeScript on every Node it supports).
 */
export async function loadConfig(path: string, command: string): Promise<ModuleSpaceOptions> {
  let namespace: Record<string, unknown>;
  try {
    if (path.endsWith('.ts')) {
      const { ModuleSpace } = await import('../index.js');
      // Kept for the life of the process: the options' live values may come from its modules.
      namespace = await new ModuleSpace({ name: 'modspace.config', base: pathToFileURL(path).href }).import(path);
    } else namespace = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`Config file ${path} failed to load: ${messageOf(error)}`, command, error);
  }
  let options = namespace.default;
  if (typeof options === 'function') {
    try {
      options = await (options as () => unknown)();
    } catch (error) {
      throw new UsageError(`Config file ${path}: its default export threw: ${messageOf(error)}`, command, error);
    }
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new UsageError(
      `Config file ${path} must export default the space's options (an object, or a function returning one), got ${options === undefined ? 'no default export' : Array.isArray(options) ? 'an array' : typeof options}`,
      command,
    );
  }
  return options as ModuleSpaceOptions;
}

/**
 * The space's options: the config's, then each flag added to its option.
 * `base` defaults to the config file, else the working directory.
 */
export function spaceOptions(args: ParsedArgs, config: ModuleSpaceOptions | undefined, configPath: string | undefined, cwd: string): ModuleSpaceOptions {
  const options: ModuleSpaceOptions = { name: 'main', ...config };
  if (options.base === undefined) options.base = configPath === undefined ? pathToFileURL(join(cwd, '/')).href : pathToFileURL(configPath).href;
  // Flag paths are relative to the working directory: kept as written (so a denial names the rule as typed)
  // when that is the space's base folder, made absolute otherwise.
  const cwdIsBase = new URL('.', options.base).href === pathToFileURL(join(cwd, '/')).href;
  const fromCwd = (value: string): string => (cwdIsBase ? value : absolute(value, cwd));

  const overrides = flags(args, 'override');
  if (overrides.length) {
    const table: Record<string, OverrideValue> = { ...options.overrides };
    for (const text of overrides) {
      const [key, target] = keyValue(text, 'override', args.command);
      const flagKey = fromCwd(key);
      // A flag replaces the config's override of the same module (two keys of one module are an error).
      for (const configKey of Object.keys(table)) if (sameKey(configKey, absolute(flagKey, cwd), options.base)) delete table[configKey];
      table[flagKey] = fromCwd(target);
    }
    options.overrides = table;
  }

  const deny = flags(args, 'deny').map(fromCwd);
  const allow = flags(args, 'allow').map(fromCwd);
  if (deny.length || allow.length) {
    if (options.policy === 'none') throw new UsageError(`--deny and --allow cannot add to the config's policy 'none'`, args.command);
    const policy: PolicyOptions = { ...options.policy };
    if (deny.length) policy.deny = [...(policy.deny ?? []), ...deny];
    if (allow.length) policy.allow = [...(policy.allow ?? []), ...allow];
    options.policy = policy;
  }

  const conditions = flags(args, 'conditions');
  if (conditions.length) options.conditions = [...(options.conditions ?? []), ...conditions];

  const imports = flags(args, 'imports');
  if (imports.length) {
    const table: Record<string, string | URL> = { ...options.imports };
    for (const text of imports) {
      const [key, target] = keyValue(text, 'imports', args.command);
      table[key] = fromCwd(target);
    }
    options.imports = table;
  }

  const roots = flags(args, 'root');
  if (roots.length) options.roots = [...((options.roots ?? []) as RootOption[]), ...roots.map(fromCwd)];

  const engine = flag(args, 'engine');
  if (engine !== undefined) {
    if (engine !== 'native' && engine !== 'runner') throw new UsageError(`--engine must be "native" or "runner", got "${engine}"`, args.command);
    options.engine = engine;
  }
  return options;
}

/** A relative path (`./x`, `../x`, `.`) made absolute against the working directory, keeping a trailing `/` (a folder pattern); anything else unchanged. */
export function absolute(value: string, cwd: string): string {
  if (!/^\.\.?(?:\/|$)/.test(value)) return value;
  const path = resolve(cwd, value);
  return value.endsWith('/') && !path.endsWith('/') ? `${path}/` : path;
}

/** Whether a config key (relative to `base`) and a flag key (made absolute) name one path, or are the same text. */
function sameKey(configKey: string, flagKey: string, base: string | URL): boolean {
  if (configKey === flagKey) return true;
  if (!/^\.\.?\//.test(configKey) || !isAbsolute(flagKey)) return false;
  try {
    return fileURLToPath(new URL(configKey, base)) === flagKey;
  } catch {
    return false;
  }
}

/** The entry or importer file named on the command line, as an absolute path. */
export function filePath(value: string, cwd: string): string {
  return isAbsolute(value) ? value : resolve(cwd, value);
}

export function hasDebug(args: ParsedArgs): boolean {
  return has(args, 'debug');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
