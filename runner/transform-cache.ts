// Transforms keyed by source text: the same file in every generation and
// every runner is parsed once. Bounded; the oldest entry goes first.
import { transformModule } from './transform.js';
import type { ModuleTransform } from './transform-types.js';
import type { TransformStore } from './transform-store.js';

const LIMIT = 2000;
const caches = { plain: new Map<string, ModuleTransform>(), mapped: new Map<string, ModuleTransform>() };

export function cachedTransform(source: string, url: string, sourceMaps: boolean, store?: TransformStore): ModuleTransform {
  const cache = sourceMaps ? caches.mapped : caches.plain;
  let result = cache.get(source);
  if (!result) {
    result = store?.read(source, sourceMaps);
    if (!result) {
      result = transformModule(source, url, sourceMaps);
      store?.write(source, sourceMaps, result);
    }
    if (cache.size >= LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(source, result);
  }
  return result;
}
