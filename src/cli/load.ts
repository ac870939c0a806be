/**
 * `graph` and `why` load the entry to see its graph, then exit: the
 * program's own output goes to stderr meanwhile (stdout carries the answer),
 * and a failing entry is reported and leaves the graph of what did load.
 */
import { inspect } from 'node:util';
import type { ModuleSpace } from '../space.js';
import type { ParsedArgs } from './args.js';
import { filePath } from './config.js';
import { makeSpace, resolveSpaceOptions } from './space.js';
import { UsageError } from './usage-error.js';

export interface Loaded {
  space: ModuleSpace;
  entry: string;
  /** The entry's error, already printed; `undefined` when it loaded. */
  error: unknown;
}

export async function loadForInspection(args: ParsedArgs, entryArg: string | undefined, cwd: string): Promise<Loaded> {
  if (entryArg === undefined) throw new UsageError(`modspace ${args.command} needs an entry file`, args.command);
  const entry = filePath(entryArg, cwd);
  const space = await makeSpace(await resolveSpaceOptions(args, entry, cwd), args.command);
  process.argv.splice(0, process.argv.length, process.execPath, entry);
  const write = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  let error: unknown;
  try {
    await space.import(entry);
  } catch (thrown) {
    error = thrown ?? new Error('the entry threw a nullish value');
    process.stderr.write(`modspace ${args.command}: the entry failed; the graph shows what loaded before.\n${inspect(thrown)}\n`);
  } finally {
    process.stdout.write = write;
  }
  return { space, entry, error };
}

/** Writes `text` to stdout and waits until it is handed to the OS (the command exits right after). */
export function writeOut(text: string): Promise<void> {
  return new Promise((done, fail) => process.stdout.write(text, (error) => (error ? fail(error) : done())));
}
