/**
 * Command-line parsing: the commands, their flags, and a "did you mean" for
 * a mistyped one. Plain data out; nothing here loads modspace itself, so
 * `--debug` can set MODSPACE_DEBUG before the hooks read it.
 */
import { closest } from '../did-you-mean.js';
import { UsageError } from './usage-error.js';

export const COMMANDS = ['run', 'graph', 'explain', 'why'] as const;
export type Command = (typeof COMMANDS)[number];

interface FlagSpec {
  /** Takes a value (`--flag value` or `--flag=value`); otherwise a switch. */
  value: boolean;
  /** May be given more than once (values collected in order). */
  repeat?: boolean;
  short?: string;
}

/** The flags that make the space, shared by every command: each maps to one option of `new ModuleSpace()`. */
const SPACE_FLAGS: Record<string, FlagSpec> = {
  config: { value: true },
  override: { value: true, repeat: true },
  deny: { value: true, repeat: true },
  allow: { value: true, repeat: true },
  conditions: { value: true, repeat: true, short: 'C' },
  imports: { value: true, repeat: true },
  root: { value: true, repeat: true },
  engine: { value: true },
  debug: { value: false },
  help: { value: false, short: 'h' },
};

const FLAGS: Record<Command, Record<string, FlagSpec>> = {
  run: { ...SPACE_FLAGS, watch: { value: false } },
  graph: { ...SPACE_FLAGS, format: { value: true }, out: { value: true, short: 'o' } },
  explain: { ...SPACE_FLAGS, from: { value: true }, json: { value: false } },
  why: { ...SPACE_FLAGS, entry: { value: true }, json: { value: false } },
};

export interface ParsedArgs {
  command: Command;
  /** Flag name → its values (switches: `['true']`). */
  flags: Map<string, string[]>;
  /** Positional arguments before `run`'s entry, or all of them for the other commands. */
  positionals: string[];
  /** `run`: everything after the entry, passed to the program untouched. */
  rest: string[];
}

/** The command named first; `undefined` for none. A name that is not a command is a usage error, with a guess. */
export function readCommand(word: string | undefined): Command | undefined {
  if (word === undefined) return undefined;
  if ((COMMANDS as readonly string[]).includes(word)) return word as Command;
  const guess = closest(word, COMMANDS);
  throw new UsageError(`Unknown command "${word}"${guess ? `: did you mean "${guess}"?` : ''} (commands: ${COMMANDS.join(', ')})`);
}

/**
 * Parses the arguments after the command. For `run`, the first positional
 * is the entry and everything after it belongs to the program (as with
 * `node [options] entry [args]`).
 */
export function parseArgs(command: Command, argv: readonly string[]): ParsedArgs {
  const specs = FLAGS[command];
  const parsed: ParsedArgs = { command, flags: new Map(), positionals: [], rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      const after = argv.slice(i + 1);
      if (command === 'run' && after.length) {
        parsed.positionals.push(after[0]!);
        parsed.rest = after.slice(1);
      } else parsed.positionals.push(...after);
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      if (command === 'run') {
        parsed.rest = argv.slice(i + 1);
        break;
      }
      continue;
    }
    const { name, inline } = splitFlag(arg, specs);
    const spec = specs[name];
    if (!spec) throw unknownFlag(command, arg, name, specs);
    let value: string;
    if (!spec.value) {
      if (inline !== undefined) throw new UsageError(`Flag --${name} takes no value (got "${arg}")`, command);
      value = 'true';
    } else if (inline !== undefined) value = inline;
    else {
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`Flag --${name} needs a value`, command);
      value = next;
      i++;
    }
    const values = parsed.flags.get(name) ?? [];
    if (values.length && !spec.repeat) throw new UsageError(`Flag --${name} is given twice`, command);
    values.push(value);
    parsed.flags.set(name, values);
  }
  return parsed;
}

/** `--name=value`, `--name`, `-x`: the long name and an inline value. */
function splitFlag(arg: string, specs: Record<string, FlagSpec>): { name: string; inline: string | undefined } {
  if (!arg.startsWith('--')) {
    const short = arg.slice(1);
    const long = Object.entries(specs).find(([, spec]) => spec.short === short.slice(0, 1))?.[0];
    // `-Cdevelopment` as node takes it, or `-C development`.
    if (long !== undefined) return { name: long, inline: short.length > 1 ? short.slice(1) : undefined };
    return { name: short, inline: undefined };
  }
  const at = arg.indexOf('=');
  return at === -1 ? { name: arg.slice(2), inline: undefined } : { name: arg.slice(2, at), inline: arg.slice(at + 1) };
}

function unknownFlag(command: Command, arg: string, name: string, specs: Record<string, FlagSpec>): UsageError {
  const known = Object.keys(specs);
  const guess = closest(name.replace(/^-+/, ''), known);
  return new UsageError(`Unknown flag "${arg}" for modspace ${command}${guess ? `: did you mean "--${guess}"?` : ''}`, command);
}

/** The one value of a flag, or `undefined`. */
export function flag(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.[0];
}

export function flags(args: ParsedArgs, name: string): string[] {
  return args.flags.get(name) ?? [];
}

export function has(args: ParsedArgs, name: string): boolean {
  return args.flags.has(name);
}

/** `key=value` of --override and --imports. */
export function keyValue(text: string, option: string, command: Command): [key: string, value: string] {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) throw new UsageError(`--${option} takes <key>=<value>, got "${text}"`, command);
  return [text.slice(0, at), text.slice(at + 1)];
}
