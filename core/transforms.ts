/**
 * Per-space transforms by file extension: a module exporting
 * `transform(source, url)` turns a file into JavaScript wherever the file
 * comes from (disk, an archive, memory, a web server). TypeScript is built in
 * (esbuild, typescript.ts); a space's own transform for `.ts` replaces it.
 * A transform's source map is inlined, so stack traces name the original
 * file and line (source maps are on once a space exists).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, ModspaceError } from './errors.js';
import type { SpaceRecord } from './state.js';

/** What a transform returns: the code, or the code with a source map (an object or its JSON). */
export type TransformResult = string | { code: string; map?: string | object | null };

export type TransformFunction = (source: string, url: string) => TransformResult;

/** The extension a transform is registered under: `.coffee` for `x.coffee`, `''` for none. */
export function extensionOf(target: string): string {
  const path = target.slice(target.lastIndexOf('/') + 1);
  const dot = path.lastIndexOf('.');
  return dot <= 0 ? '' : path.slice(dot);
}

/** The file URL of the space's transform module for this file, if it has one. */
export function userTransformOf(record: SpaceRecord, target: string): string | undefined {
  if (!record.transforms) return undefined;
  return record.transforms[extensionOf(target)];
}

const loaded = new Map<string, TransformFunction>();

/**
 * The `transform` export of a transform module. Loaded with `require()` so
 * the load hook stays synchronous on both hook paths: the module must be
 * CommonJS or ESM without top-level await (Node ≥ 20.19, 22.12 require ESM).
 */
export function loadTransform(moduleURL: string): TransformFunction {
  let transform = loaded.get(moduleURL);
  if (transform) return transform;
  const exports = createRequire(import.meta.url)(fileURLToPath(moduleURL)) as { transform?: unknown; default?: { transform?: unknown } };
  const candidate = exports.transform ?? exports.default?.transform;
  if (typeof candidate !== 'function') {
    throw new ModspaceError(ErrorCodes.INVALID_OPTION, `The transform module ${fileURLToPath(moduleURL)} does not export a function transform(source, url)`);
  }
  transform = candidate as TransformFunction;
  loaded.set(moduleURL, transform);
  return transform;
}

/**
 * Runs the space's transform for `url` over `source`. `url` is the module's
 * URL without modspace's token: the name stack traces and source maps use.
 */
export function transformFile(moduleURL: string, source: string, url: string): string {
  const transform = loadTransform(moduleURL);
  let result: TransformResult;
  try {
    result = transform(source, url);
  } catch (error) {
    throw transformFailed(url, error);
  }
  if (typeof result === 'string') return result;
  if (typeof result !== 'object' || result === null || typeof result.code !== 'string') {
    throw transformFailed(url, new TypeError(`transform() must return a string or { code, map }, got ${result === null ? 'null' : typeof result}`));
  }
  return result.map ? withSourceMap(result.code, result.map, url) : result.code;
}

/** Inlines a source map; a map without sources is about `url` itself. */
function withSourceMap(code: string, map: string | object, url: string): string {
  const parsed = (typeof map === 'string' ? JSON.parse(map) : { ...map }) as { sources?: unknown[] };
  if (!Array.isArray(parsed.sources) || parsed.sources.length === 0) parsed.sources = [url];
  const encoded = Buffer.from(JSON.stringify(parsed)).toString('base64');
  return `${code.replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '')}\n//# sourceMappingURL=data:application/json;base64,${encoded}\n`;
}

function transformFailed(url: string, cause: unknown): ModspaceError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ModspaceError(ErrorCodes.TRANSFORM, `The transform of ${url.startsWith('file:') ? fileURLToPath(url) : url} failed: ${reason}`, { cause });
}
