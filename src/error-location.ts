/**
 * Where a failed import went wrong, as a file, line and column a person can
 * open: always a file of the application, never one of modspace's own. Tried
 * in order, on the error and its causes:
 * - modspace's TypeScript transform names the file and line of its SyntaxError;
 * - Node prefixes a link error ("does not provide an export named") with the
 *   importer's URL and line and a caret under the name;
 * - a module that cannot be resolved ("Cannot find module ... imported from
 *   /app/x.js", a policy refusal) names its importer: the import of it is
 *   looked up in the importer's text;
 * - a SyntaxError from V8's module compiler names no place at all: the files
 *   that may hold it are parsed again (src/syntax-check.ts);
 * - otherwise the first stack frame in an application file (a top-level throw).
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader } from 'esbuild';
import { checkWithNode, parseWithEsbuild } from './syntax-check.js';

export interface SourceLocation {
  file: string;
  /** 1-based; `null` when only the file is known. */
  line: number | null;
  /** 1-based; `null` when only the file is known. */
  column: number | null;
}

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  code?: unknown;
  cause?: unknown;
  /** modspace's TypeScript transform errors. */
  file?: unknown;
  line?: unknown;
  /** ModspaceError. */
  specifier?: unknown;
  importer?: unknown;
}

const LOADERS: Record<string, Loader> = { '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx', '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx' };
/** Files V8 itself can check (`node --check`). */
const CHECKABLE = new Set(['.js', '.mjs', '.cjs']);
/** At most this many `node --check` runs per failure (each starts a process). */
const MAX_NODE_CHECKS = 5;
/**
 * modspace's own files: frames in them are never the user's place. Compiled
 * (dist/), and, with source maps on (modspace turns them on), the TypeScript
 * sources its maps name beside dist/.
 */
const OWN_DIRS = ['../', '../../src/', '../../core/', '../../hooks/', '../../runner/'].map((path) => fileURLToPath(new URL(path, import.meta.url)));

/** `candidates`: the files most likely to hold a syntax error, most likely first. */
export function locateError(error: unknown, candidates: readonly string[]): SourceLocation | null {
  const chain = causeChain(error);
  return (
    firstOf(chain, transformLocation) ??
    firstOf(chain, linkLocation) ??
    firstOf(chain, importLocation) ??
    (isBareSyntaxError(chain[0]) ? syntaxErrorIn(candidates) : null) ??
    firstOf(chain, frameLocation)
  );
}

function causeChain(error: unknown): ErrorShape[] {
  const chain: ErrorShape[] = [];
  for (let at = error; typeof at === 'object' && at !== null && chain.length < 5; at = (at as ErrorShape).cause) chain.push(at as ErrorShape);
  return chain;
}

function firstOf(chain: ErrorShape[], locate: (error: ErrorShape) => SourceLocation | null): SourceLocation | null {
  for (const error of chain) {
    const found = locate(error);
    if (found) return found;
  }
  return null;
}

/** modspace's TypeScript transform: `file` and `line`, the column at the end of its message. */
function transformLocation({ file, line, message }: ErrorShape): SourceLocation | null {
  if (typeof file !== 'string') return null;
  const column = typeof message === 'string' ? /:\d+:(\d+)\)$/.exec(message) : null;
  return { file, line: typeof line === 'number' ? line : null, column: column ? Number(column[1]) : null };
}

/** Node's decorated stack: `url:line`, the source line, a caret line. */
export function decoratedLocation(stack: unknown): { url: string; line: number; column: number | null } | null {
  if (typeof stack !== 'string') return null;
  const [first = '', , caretLine = ''] = stack.split('\n', 3);
  const match = /^(.+):(\d+)\r?$/.exec(first);
  if (!match || !(/^[a-z][a-z0-9+.-]*:\/\//i.test(match[1]!) || isAbsolute(match[1]!))) return null;
  const caret = /^[ \t]*\^/.test(caretLine) ? caretLine.indexOf('^') : -1;
  return { url: match[1]!, line: Number(match[2]), column: caret === -1 ? null : caret + 1 };
}

function linkLocation({ stack }: ErrorShape): SourceLocation | null {
  const at = decoratedLocation(stack);
  const file = at ? filePath(at.url) : null;
  return at && file ? { file, line: at.line, column: at.column } : null;
}

/**
 * A module that could not be resolved or was refused: the importer from the
 * error (a ModspaceError's `importer`, or Node's "imported from <path>"), and
 * the line of the import that names the module.
 */
function importLocation({ message, importer, specifier }: ErrorShape): SourceLocation | null {
  const text = typeof message === 'string' ? message : '';
  const from = typeof importer === 'string' ? importer : / imported from (.+)$/m.exec(text)?.[1];
  if (from === undefined || !isAbsolute(from)) return null;
  // What the import names: as written (modspace), or as Node reports it (a path, a package, a subpath).
  const subject = typeof specifier === 'string' ? specifier : /'([^']+)'/.exec(text)?.[1];
  let source: string;
  try {
    source = readFileSync(from, 'utf8');
  } catch {
    return { file: from, line: null, column: null };
  }
  const at = subject === undefined ? null : findImport(source, from, subject);
  return { file: from, line: at?.line ?? null, column: at?.column ?? null };
}

/** `from 'x'`, `import 'x'`, `import('x')`: the string literals that name modules. */
const IMPORT_SPECIFIER = /\b(?:from|import)\s*\(?\s*(['"])([^'"\n]+)\1/g;

/** The first import in `source` whose specifier names `subject`, by its position (the opening quote). */
function findImport(source: string, importer: string, subject: string): { line: number; column: number } | null {
  for (const match of source.matchAll(IMPORT_SPECIFIER)) {
    const quote = match.index + match[0].length - match[2]!.length - 2;
    const lineStart = source.lastIndexOf('\n', quote) + 1;
    if (source.slice(lineStart, quote).includes('//')) continue; // a commented-out import
    if (!names(match[2]!, subject, importer)) continue;
    const line = source.slice(0, lineStart).split('\n').length;
    return { line, column: quote - lineStart + 1 };
  }
  return null;
}

/** Whether `specifier`, written in `importer`, is the module an error calls `subject`. */
function names(specifier: string, subject: string, importer: string): boolean {
  if (specifier === subject) return true;
  if (/^\.{0,2}\//.test(specifier)) return resolve(dirname(importer), specifier) === subject;
  if (specifier.startsWith('file:')) return filePath(specifier) === subject;
  // A package ("Cannot find package 'pkg'") or one of its subpaths ("Package subpath './x' is not defined").
  return specifier.startsWith(`${subject}/`) || (subject.startsWith('./') && !specifier.startsWith('.') && specifier.endsWith(subject.slice(1)));
}

/** A SyntaxError from V8's module compiler: no location anywhere on it. */
function isBareSyntaxError(error: ErrorShape | undefined): boolean {
  return error?.name === 'SyntaxError' && decoratedLocation(error.stack) === null && typeof error.file !== 'string';
}

function syntaxErrorIn(candidates: readonly string[]): SourceLocation | null {
  const files = [...new Set(candidates)];
  const sources = new Map<string, string>();
  for (const file of files) {
    const loader = LOADERS[extname(file)];
    const source = loader ? readSource(file) : undefined;
    if (source === undefined) continue;
    sources.set(file, source);
    const problem = parseWithEsbuild(source, loader!, file);
    if (problem) return { file, line: problem.line, column: problem.column };
  }
  // esbuild accepted them all: an early error only V8 reports.
  let checks = 0;
  for (const file of files) {
    if (!sources.has(file) || !CHECKABLE.has(extname(file))) continue;
    if (checks++ === MAX_NODE_CHECKS) break;
    const problem = checkWithNode({ file });
    if (problem) return { file, line: problem.line, column: problem.column };
  }
  return null;
}

function readSource(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The first frame of the stack in an application file: `at fn (file:///app/x.js?modspace=s1.g1:3:7)` or `at /app/x.cjs:3:7`. */
function frameLocation({ stack }: ErrorShape): SourceLocation | null {
  if (typeof stack !== 'string') return null;
  for (const line of stack.split('\n')) {
    const frame = /^\s+at (?:.*\()?(.+?):(\d+):(\d+)\)?$/.exec(line);
    const file = frame ? filePath(frame[1]!) : null;
    if (!frame || file === null || OWN_DIRS.some((dir) => file.startsWith(dir))) continue;
    return { file, line: Number(frame[2]), column: Number(frame[3]) };
  }
  return null;
}

/** A plain path for a `file:` URL (its query and fragment dropped) or an absolute path; `null` for anything else. */
function filePath(location: string): string | null {
  if (location.startsWith('file:')) {
    try {
      return fileURLToPath(location.replace(/[?#].*$/, ''));
    } catch {
      return null;
    }
  }
  return isAbsolute(location) ? location : null;
}
