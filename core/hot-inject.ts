/**
 * `import.meta.hot` on the native engine: the load hook puts one statement in
 * front of the source text of a hot space's ES modules, on line 1 (after a
 * hashbang line), so every line keeps its number and only line 1's columns
 * move. The statement asks the main thread's hot registry (src/hot.ts) for the
 * instance's context by its tokenized URL; spaces that are not hot get no
 * statement, so `import.meta.hot` stays undefined there and in the host.
 */
import type { LoadFnOutput } from 'node:module';

/** The global the injected statement reads: a registry `get(url)` (src/hot.ts). */
export const HOT_REGISTRY_KEY = 'modspace.hot';

/** `import.meta.resolve` goes along: `accept('pkg', cb)` names a dependency as the module's imports do. */
const PREFIX = `import.meta.hot=globalThis[Symbol.for(${JSON.stringify(HOT_REGISTRY_KEY)})]?.get(import.meta.url,import.meta.resolve);`;

/** Source text with the statement on line 1; text that never mentions `import.meta` is left as it is. */
export function injectHot(source: string): string {
  if (!source.includes('import.meta')) return source;
  if (!source.startsWith('#!')) return PREFIX + source;
  const end = source.indexOf('\n');
  if (end === -1) return source;
  return `${source.slice(0, end + 1)}${PREFIX}${source.slice(end + 1)}`;
}

/** A load result of an ES module, with the statement; other formats pass unchanged. */
export function withHot(loaded: LoadFnOutput): LoadFnOutput {
  if (loaded.format !== 'module' || loaded.source == null) return loaded;
  const text = typeof loaded.source === 'string' ? loaded.source : Buffer.from(loaded.source as Uint8Array).toString('utf8');
  return { ...loaded, source: injectHot(text) };
}
