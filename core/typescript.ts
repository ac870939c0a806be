/**
 * TypeScript files loaded in a space (`.ts`, `.mts`, `.cts`) are compiled by
 * esbuild in the load hook, with an inline source map so stack traces name
 * the TypeScript file and line. Files outside every space are left to Node
 * (or to tsx): only URLs carrying a space token are ours.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { LoadFnOutput } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { TransformFailure } from 'esbuild';
import { ErrorCodes, ModspaceError, displayLocation } from './errors.js';
import { targetOf } from './token.js';

const TYPESCRIPT = /\.(?:[cm]?ts|tsx)$/;

type Esbuild = typeof import('esbuild');
let esbuild: Esbuild | null | undefined;
/**
 * esbuild loads on the first TypeScript file: registering the hooks must stay
 * cheap for everyone else. It is an optional peer dependency (80% of an
 * install's size, with an install script): `null` when it is not installed.
 */
export function tryLoadEsbuild(): Esbuild | null {
  if (esbuild !== undefined) return esbuild;
  try {
    esbuild = createRequire(import.meta.url)('esbuild') as Esbuild;
  } catch (error) {
    // Only "not installed"; a broken install (missing binary) keeps its own error.
    if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND' || !/'esbuild'/.test((error as Error).message)) throw error;
    esbuild = null;
  }
  return esbuild;
}

/** esbuild, or ERR_MODSPACE_MISSING_PEER naming it and how to install it. */
export function loadEsbuild(file: string, space?: string): Esbuild {
  const loaded = tryLoadEsbuild();
  if (loaded) return loaded;
  throw new ModspaceError(
    ErrorCodes.MISSING_PEER,
    `${displayLocation(file)} is TypeScript, which modspace compiles with the package "esbuild", an optional peer dependency that is not installed: run \`npm install --save-dev esbuild\``,
    { space },
  );
}

/** Whether a load of this URL is a TypeScript module of a space. */
export function isSpaceTypeScript(url: string): boolean {
  return url.startsWith('file:') && url.includes('modspace=') && TYPESCRIPT.test(targetOf(url));
}

/**
 * TypeScript imports name the compiled file (`./util.js`) while only
 * `util.ts` exists: from a TypeScript module, a relative `.js`/`.mjs`/`.cjs`
 * specifier with no such file but a `.ts`/`.mts`/`.cts` sibling names the sibling.
 */
export function typeScriptSibling(specifier: string, parentURL: string): string {
  // Every import of a space comes here: string checks before any URL or file system work.
  if (!specifier.startsWith('.') || !/\.[cm]?js$/.test(specifier) || !TYPESCRIPT.test(targetOf(parentURL))) return specifier;
  const url = new URL(specifier, parentURL);
  if (url.protocol !== 'file:') return specifier;
  return typeScriptSiblingURL(url.href, parentURL, (candidate) => existsSync(new URL(candidate))) === undefined ? specifier : specifier.replace(/js$/, 'ts');
}

/** The same rule for a resolved URL, read through `isFile` (a place's, in an archive or memory): the `.ts` sibling, or `undefined`. */
export function typeScriptSiblingURL(url: string, parentURL: string, isFile: (url: string) => boolean): string | undefined {
  if (!/\.[cm]?js$/.test(url) || !TYPESCRIPT.test(targetOf(parentURL)) || isFile(url)) return undefined;
  const sibling = url.replace(/js$/, 'ts');
  return isFile(sibling) ? sibling : undefined;
}

/** Whether a file (by URL or path) is TypeScript: `.ts`, `.mts`, `.cts`, `.tsx`. */
export function isTypeScript(target: string): boolean {
  return TYPESCRIPT.test(target);
}

/** The module format Node would give this file: `.mts` ESM, `.cts` CommonJS, `.ts` by package type. */
export function typeScriptFormat(url: string): 'module' | 'commonjs' {
  const path = fileURLToPath(targetOf(url));
  if (path.endsWith('.mts')) return 'module';
  if (path.endsWith('.cts')) return 'commonjs';
  return packageTypeOf(dirname(path)) === 'module' ? 'module' : 'commonjs';
}

/**
 * Compiles what the rest of the chain loaded. If another loader (tsx) already
 * turned the file into JavaScript with its own source map, its output is kept:
 * compiling it again would lose the map back to the TypeScript lines.
 */
export function compileTypeScript(url: string, loaded: LoadFnOutput, format: 'module' | 'commonjs', space?: string): LoadFnOutput {
  const path = fileURLToPath(targetOf(url));
  // Node's default load gives CommonJS no source (its own loader reads the file).
  const source = loaded.source == null ? readFileSync(path, 'utf8') : typeof loaded.source === 'string' ? loaded.source : Buffer.from(loaded.source as Uint8Array).toString('utf8');
  if (/\/\/# sourceMappingURL=data:/.test(source) && (loaded.format === 'module' || loaded.format === 'commonjs')) return loaded;
  return { format, source: transpileTypeScript(source, path, format, space), shortCircuit: true };
}

/** TypeScript source to JavaScript with an inline source map naming `sourcefile` (a path, or the URL of a module in a place). */
export function transpileTypeScript(source: string, sourcefile: string, format: 'module' | 'commonjs', space?: string): string {
  const compiler = loadEsbuild(sourcefile, space);
  try {
    return compiler.transformSync(source, {
      loader: sourcefile.endsWith('x') ? 'tsx' : 'ts',
      format: format === 'module' ? 'esm' : 'cjs',
      sourcemap: 'inline',
      sourcefile,
      target: `node${process.versions.node.split('.')[0]}`,
    }).code;
  } catch (error) {
    throw syntaxError(error as TransformFailure, sourcefile);
  }
}

function syntaxError(failure: TransformFailure, path: string): SyntaxError {
  const first = failure.errors?.[0];
  const where = first?.location ? `${path}:${first.location.line}:${first.location.column + 1}` : path;
  const error = new SyntaxError(`${first?.text ?? failure.message} (${where})`);
  return Object.assign(error, { code: 'ERR_MODSPACE_TRANSFORM', file: path, line: first?.location?.line });
}

const typeCache = new Map<string, 'module' | 'commonjs' | undefined>();

/**
 * The `type` field of the nearest package.json: `undefined` when it names
 * none (or there is none), where Node treats `.js` as CommonJS unless the
 * source has module syntax.
 */
export function packageTypeOf(directory: string): 'module' | 'commonjs' | undefined {
  if (typeCache.has(directory)) return typeCache.get(directory);
  let type: 'module' | 'commonjs' | undefined;
  try {
    const field = (JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { type?: unknown }).type;
    type = field === 'module' ? 'module' : field === 'commonjs' ? 'commonjs' : undefined;
  } catch {
    const parent = dirname(directory);
    type = parent === directory ? undefined : packageTypeOf(parent);
  }
  typeCache.set(directory, type);
  return type;
}
