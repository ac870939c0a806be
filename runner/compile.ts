// Turns a transformed module into its generator function. Indirect eval keeps
// the code in this realm's global scope and hits V8's compilation cache; the
// `sourceURL` comment names the module's URL in stack traces, and an inline
// source map (when asked for) fixes the columns the rewrite moved — lines
// already match the original.
import type { ModuleContext, ModuleTransform } from './transform-types.js';

export type ModuleFunction = (context: ModuleContext) => Generator<undefined, void> | AsyncGenerator<undefined, void>;

const indirectEval = eval;

function inlineMap(url: string, mappings: string): string {
  const map = JSON.stringify({ version: 3, file: url, sources: [url], names: [], mappings });
  return `\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(map).toString('base64')}`;
}

export function compile(transform: ModuleTransform, url: string, sourceMaps: boolean): ModuleFunction {
  const map = sourceMaps && transform.mappings !== undefined ? inlineMap(url, transform.mappings) : '';
  return indirectEval(`${transform.code}\n//# sourceURL=${url}${map}`) as ModuleFunction;
}
