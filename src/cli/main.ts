#!/usr/bin/env node
/**
 * The `modspace` command: parses the command line, then loads the command
 * (and modspace itself, after `--debug` has set MODSPACE_DEBUG, which the
 * hooks read once). Usage errors print their code and exit 2; `run` leaves
 * everything after the program starts to Node.
 */
import { readFileSync } from 'node:fs';
import { has, parseArgs, readCommand, type ParsedArgs } from './args.js';
import { filePath } from './config.js';
import { helpText } from './help.js';
import { USAGE_EXIT, UsageError } from './usage-error.js';

async function main(argv: readonly string[]): Promise<number | 'running'> {
  const [first, ...more] = argv;
  if (first === '--version' || first === '-v') {
    const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(helpText(readCommand(first === 'help' ? more[0] : undefined)));
    return first === undefined ? USAGE_EXIT : 0;
  }
  const command = readCommand(first)!;
  const args = parseArgs(command, more);
  if (has(args, 'help')) {
    process.stdout.write(helpText(command));
    return 0;
  }
  if (has(args, 'debug')) process.env.MODSPACE_DEBUG = '1';
  const cwd = process.cwd();
  switch (command) {
    case 'run':
      return run(args, cwd);
    case 'graph':
      return (await import('./graph.js')).graphCommand(args, cwd);
    case 'explain':
      return (await import('./explain.js')).explainCommand(args, cwd);
    case 'why':
      return (await import('./why.js')).whyCommand(args, cwd);
  }
}

async function run(args: ParsedArgs, cwd: string): Promise<'running'> {
  const [entryArg] = args.positionals;
  if (entryArg === undefined) throw new UsageError('modspace run needs an entry file', 'run');
  const entry = filePath(entryArg, cwd);
  const { resolveSpaceOptions } = await import('./space.js');
  const { startProgram } = await import('./run.js');
  const request = { entry, args: args.rest, options: await resolveSpaceOptions(args, entry, cwd) };
  if (has(args, 'watch')) {
    // Hot module replacement: failures are reported and the next edit tries again; the process stays up.
    await (await import('./run.js')).startWatched(request);
    return 'running';
  }
  const program = await startProgram(request);
  // The program's own failure: re-thrown to this module's top-level await, so Node reports it as a main module's.
  await program.loaded;
  return 'running';
}

/** A mistake of the command line: its code and message, a pointer to help, exit code 2. */
function reportUsage(error: unknown): boolean {
  const usage = error instanceof UsageError ? error.command : (error as { usage?: unknown } | null)?.usage;
  if (!(error instanceof UsageError) && typeof usage !== 'string') return false;
  const { code, message } = error as { code?: unknown; message: string };
  process.stderr.write(`modspace: ${typeof code === 'string' ? `${code}: ` : ''}${message.replace(/^\[modspace\] /, '')}\n`);
  process.stderr.write(`Run "modspace ${typeof usage === 'string' ? `${usage} ` : ''}--help" for usage.\n`);
  return true;
}

// Read before a command rewrites process.argv for the program it loads.
const commandWord = process.argv[2];
let outcome: number | 'running';
try {
  outcome = await main(process.argv.slice(2));
} catch (error) {
  if (!reportUsage(error)) throw error;
  outcome = USAGE_EXIT;
}
if (outcome !== 'running') {
  // graph and why loaded a program that may keep handles open: they are done.
  process.exitCode = outcome;
  if (commandWord === 'graph' || commandWord === 'why' || outcome !== 0) process.exit(outcome);
}
