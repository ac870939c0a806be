/**
 * Where a failed import went wrong, as a file and line a person can open.
 * A top-level throw names its frame in the stack; a SyntaxError from V8's
 * module compiler names nothing (Node keeps the location private), so the
 * files that may hold it are parsed again with esbuild to find the line.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader } from 'esbuild';
import { loadEsbuild } from '../hooks/typescript.js';

export interface SourceLocation {
  file: string;
  /** 1-based. */
  line: number | null;
  /** 1-based. */
  column: number | null;
}

const FRAME = /(file:\/\/\/[^\s?#:)]+)(?:\?[^\s#:)]*)?(?:#[^\s:)]*)?:(\d+):(\d+)/;
const LOADERS: Record<string, Loader> = { '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx', '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx' };

/** `candidates`: the files most likely to hold a syntax error (the ones just changed first). */
export function locateError(error: unknown, candidates: readonly string[]): SourceLocation | null {
  if (typeof error !== 'object' || error === null) return null;
  const { file, line, name, stack, message } = error as { file?: unknown; line?: unknown; name?: unknown; stack?: unknown; message?: unknown };
  // modspace's own TypeScript transform errors carry their place.
  if (typeof file === 'string') return { file, line: typeof line === 'number' ? line : null, column: null };
  if (name === 'SyntaxError') {
    for (const candidate of candidates) {
      const found = syntaxErrorIn(candidate);
      if (found) return found;
    }
  }
  const frame = typeof stack === 'string' ? FRAME.exec(stack) : null;
  if (frame) return { file: fileURLToPath(frame[1]!), line: Number(frame[2]), column: Number(frame[3]) };
  // Node's "Cannot find module ... imported from /path" names the importer only.
  const importer = typeof message === 'string' ? / imported from (\/\S+)$/.exec(message) : null;
  return importer ? { file: importer[1]!, line: null, column: null } : null;
}

function syntaxErrorIn(file: string): SourceLocation | null {
  const loader = LOADERS[extname(file)];
  if (!loader) return null;
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    loadEsbuild().transformSync(source, { loader, format: 'esm', sourcefile: file, logLevel: 'silent' });
    return null;
  } catch (failure) {
    const location = (failure as { errors?: Array<{ location?: { line: number; column: number } | null }> }).errors?.[0]?.location;
    return location ? { file, line: location.line, column: location.column + 1 } : { file, line: null, column: null };
  }
}
