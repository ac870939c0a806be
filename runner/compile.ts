// Turns a transformed module into its generator function. Indirect eval keeps
// the code in this realm's global scope; the `sourceURL` comment names the
// module in stack traces, and an inline source map (when asked for) fixes the
// columns the rewrite moved — lines already match the original.
// Why indirect eval and not vm.Script#runInThisContext (measured, Node 20–26,
// bench/runner-micro.mjs): on a cache miss vm.Script compiles a 1.5 KB module
// 5–20% faster (~50 vs ~60 µs); but Node applies inline source maps only to eval'd code, and every
// vm.Script with a new filename stays in memory (~2.6 KB each, all versions).
// Eval'd code with a new sourceURL stays in memory too on Node 26 (not 20–24):
// a host should give every generation of a file the same stack URL.
import { sourceMapComment } from './source-map.js';
import type { ModuleContext, ModuleTransform } from './transform-types.js';

export type ModuleFunction = (context: ModuleContext) => Generator<undefined, void> | AsyncGenerator<undefined, void>;

const indirectEval = eval;

/**
 * The function for a transform shown in stack traces as `stackURL`. Calling
 * one function with a new context gives a new, independent instance, so the
 * function is compiled once per (source, stackURL) and kept with the
 * transform: a host that names every generation of a file alike in stack
 * traces pays for compilation once (V8 parses anew for every new sourceURL).
 */
const compiled = new WeakMap<ModuleTransform, Map<string, ModuleFunction>>();
const PER_TRANSFORM = 4;

export function compile(transform: ModuleTransform, stackURL: string, sourceMaps: boolean): ModuleFunction {
  let byURL = compiled.get(transform);
  // A transform has a map when maps were asked for, or when its source maps to another file (then always applied).
  const withMap = transform.map !== undefined && (sourceMaps || transform.map.sources !== undefined);
  const key = withMap ? `map:${stackURL}` : stackURL;
  const cached = byURL?.get(key);
  if (cached) return cached;
  const map = withMap && transform.map ? sourceMapComment(stackURL, transform.map) : '';
  const fn = indirectEval(`${transform.code}\n//# sourceURL=${stackURL}${map}`) as ModuleFunction;
  if (!byURL) compiled.set(transform, (byURL = new Map()));
  // Only the latest few names are kept: a host whose stack URLs change every generation gains nothing here.
  if (byURL.size >= PER_TRANSFORM) byURL.delete(byURL.keys().next().value as string);
  byURL.set(key, fn);
  return fn;
}
