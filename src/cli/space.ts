/**
 * Making the space a command works in, from parsed arguments: config file,
 * flags, then `new ModuleSpace()`. Any failure here is the command line's
 * (a usage error, exit code 2), before the program runs.
 */
import type { ModuleSpace } from '../space.js';
import type { ModuleSpaceOptions } from '../options.js';
import type { ParsedArgs } from './args.js';
import { findConfig, loadConfig, spaceOptions } from './config.js';
import { UsageError } from './usage-error.js';

/** What a command needs to make its space; `near` is the file whose folder is searched for a config first. */
export async function resolveSpaceOptions(args: ParsedArgs, near: string | undefined, cwd: string): Promise<ModuleSpaceOptions> {
  const configPath = findConfig(args, near, cwd);
  const config = configPath === undefined ? undefined : await loadConfig(configPath, args.command);
  return spaceOptions(args, config, configPath, cwd);
}

export async function makeSpace(options: ModuleSpaceOptions, command: string): Promise<ModuleSpace> {
  const { ModuleSpace } = await import('../index.js');
  try {
    return new ModuleSpace(options);
  } catch (error) {
    // The options' own errors (an unknown option in the config, a bad pattern, a key naming nothing) keep their code.
    if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') throw Object.assign(error, { usage: command });
    throw new UsageError(`Cannot make the space: ${String(error)}`, command, error);
  }
}
