/**
 * Where a piece of JavaScript has its syntax error. V8's SyntaxError from
 * Node's module compiler carries no location Node exposes (it keeps it in a
 * private symbol), so modspace parses the text again: first with esbuild
 * (in-process, well under a millisecond once started), then, for the early
 * errors esbuild accepts (`return` at the top level, duplicate parameters,
 * octal escapes, duplicate regexp group names, `eval = 1`...), with V8 itself
 * through `node --check` in a child process (tens of milliseconds). Both run
 * only after an import has failed.
 */
import { createRequire } from 'node:module';
import type { Loader } from 'esbuild';
import { tryLoadEsbuild } from '../core/typescript.js';

export interface SyntaxProblem {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
}

/** esbuild's parse of `source`; `null` when esbuild accepts it or is not installed (then `node --check` alone decides). */
export function parseWithEsbuild(source: string, loader: Loader, name: string): SyntaxProblem | null {
  const esbuild = tryLoadEsbuild();
  if (!esbuild) return null;
  try {
    esbuild.transformSync(source, { loader, format: 'esm', sourcefile: name, logLevel: 'silent' });
    return null;
  } catch (failure) {
    const first = (failure as { errors?: Array<{ text: string; location?: { line: number; column: number } | null }> }).errors?.[0];
    if (!first?.location) return null;
    return { line: first.location.line, column: first.location.column + 1, message: first.text };
  }
}

/** How long one `node --check` may take before it is given up. */
const CHECK_TIMEOUT_MS = 10_000;

/**
 * V8's own verdict on a file (its format as Node decides it) or on module
 * source text: `null` when it compiles, or when the check could not run.
 */
export function checkWithNode(input: { file: string } | { source: string }): SyntaxProblem | null {
  const args = 'file' in input ? ['--check', input.file] : ['--input-type=module', '--check'];
  const result = childProcess().spawnSync(process.execPath, args, {
    input: 'source' in input ? input.source : undefined,
    encoding: 'utf8',
    timeout: CHECK_TIMEOUT_MS,
    // The check is of the text alone: no preloaded hooks or other options of this process.
    env: { ...process.env, NODE_OPTIONS: '' },
    windowsHide: true,
  });
  if (result.status === 0 || typeof result.stderr !== 'string') return null;
  return readCheckOutput(result.stderr);
}

/**
 * Node prints a syntax error as `name:line`, the source line, a caret line
 * under the offending token, a blank line, then `SyntaxError: message`.
 */
function readCheckOutput(stderr: string): SyntaxProblem | null {
  const lines = stderr.split(/\r?\n/);
  const at = /:(\d+)$/.exec(lines[0] ?? '');
  const caret = (lines[2] ?? '').indexOf('^');
  const message = lines.find((line) => line.startsWith('SyntaxError: '));
  if (!at || caret === -1 || message === undefined) return null;
  return { line: Number(at[1]), column: caret + 1, message: message.slice('SyntaxError: '.length) };
}

/** Loaded on a failure only: modspace's own start-up imports no process-spawning module. */
function childProcess(): typeof import('node:child_process') {
  return createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
}
