/**
 * `modspace run <entry> [args...]`: the entry runs as the program's main
 * module, inside a space. It shares the process with the command, so exit
 * codes, `process.exit()`, signals and uncaught exceptions are the program's
 * own; the entry's failure to load or evaluate is re-thrown to the command's
 * top-level `await`, which Node reports exactly as it reports a failing main
 * module (exit code 1).
 */
import type { ModuleNamespace, ModuleSpace } from '../space.js';
import type { ModuleSpaceOptions } from '../options.js';
import { makeSpace } from './space.js';
import { runWatched } from '../hot-run.js';
import type { SpaceWatcher } from '../watch.js';

export interface ProgramRequest {
  /** The entry file, absolute. */
  entry: string;
  /** The program's own arguments (after the entry). */
  args: readonly string[];
  /** The space's options (config file and flags merged). */
  options: ModuleSpaceOptions;
}

export interface Program {
  space: ModuleSpace;
  /** Settles when the entry (and its graph) has evaluated; rejects with the program's own error. */
  loaded: Promise<ModuleNamespace>;
}

/**
 * Makes the space and starts the entry in it. Kept apart from argument
 * parsing so that other ways of running (a watch mode) reuse it: the space
 * is returned before the entry settles.
 */
export async function startProgram(request: ProgramRequest): Promise<Program> {
  const space = await makeSpace(request.options, 'run');
  // As `node entry args` gives it: [execPath, absolute entry, ...args].
  process.argv.splice(0, process.argv.length, process.execPath, request.entry, ...request.args);
  return { space, loaded: space.import(request.entry) };
}

/**
 * `modspace run --watch <entry>`: the entry in a hot space (src/hot-run.ts).
 * An edit replaces modules up to the nearest boundary that accepts it; a
 * change with no boundary runs every dispose callback and re-runs the entry
 * in a fresh generation. The entry's failure is reported, not thrown.
 */
export async function startWatched(request: ProgramRequest): Promise<SpaceWatcher<unknown>> {
  const space = await makeSpace(request.options, 'run');
  process.argv.splice(0, process.argv.length, process.execPath, request.entry, ...request.args);
  return runWatched(space, request.entry);
}
