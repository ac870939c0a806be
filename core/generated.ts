import type { ImportAttributes, LoadFnOutput } from 'node:module';
import type { GeneratedModule, ModuleOverride } from './state.js';
import { ACTUAL_PREFIX, GENERATED_SCHEME, targetOf } from './token.js';

/** The global through which generated modules reach main-thread values (src/live-registry.ts). */
export const LIVE_REGISTRY_SYMBOL = 'modspace.live';

/**
 * The source of a generated module. A live value is re-exported property by
 * property; every binding is a `let` so that `dispose()` can release the value
 * even though V8 keeps the module record itself for the life of the process.
 */
export function renderGenerated(generated: GeneratedModule, attributes: ImportAttributes): LoadFnOutput {
  if (generated.kind === 'source') return { format: 'module', source: generated.source };
  if (attributes.type === 'json') {
    return { format: 'json', source: generated.json ?? 'null' };
  }
  const locals = generated.exports.map((_, index) => `__modspace_e${index}`);
  // A partial override: the real module's other exports show through `export *`
  // (explicit exports below take precedence over it, as the language defines).
  const actual = generated.actual === null ? null : JSON.stringify(ACTUAL_PREFIX + generated.actual);
  const fallbackDefault = actual === null ? '__modspace_value' : '__modspace_actual.default';
  const lines = [
    ...(actual === null ? [] : [`import * as __modspace_actual from ${actual};`, `export * from ${actual};`]),
    `const __modspace_live = globalThis[Symbol.for(${JSON.stringify(LIVE_REGISTRY_SYMBOL)})].claim(${JSON.stringify(generated.key)});`,
    'let __modspace_value = __modspace_live.value;',
    `let __modspace_default = ${generated.defaultIsProperty ? '__modspace_value.default' : fallbackDefault};`,
    ...generated.exports.map((name, index) => `let ${locals[index]} = __modspace_value[${JSON.stringify(name)}];`),
    `export { ${[...(generated.withoutDefault ? [] : ['__modspace_default as default']), ...generated.exports.map((name, index) => `${locals[index]} as ${JSON.stringify(name)}`)].join(', ')} };`,
    // One statement per binding: a chain `a = b = ... = undefined` nests, and a value with 100,000 keys overflowed V8's parser.
    `__modspace_live.onRelease(() => { ${['__modspace_value', '__modspace_default', ...locals].map((local) => `${local} = undefined;`).join(' ')} });`,
  ];
  return { format: 'module', source: lines.join('\n') };
}

/**
 * `modspace:///<space>/<id>/<key>`: the id names the module; the override key
 * is there for people reading stack traces and `modules()`. It is one encoded
 * path segment (`./db.js` → `.%2Fdb.js`), so URL parsing cannot normalise it
 * away; `:` and `@` stay readable (`node:fs`, `@scope%2Fpkg`). A key that is
 * only a dot segment (`.`, `..`) is left out, since URL parsing would remove it.
 */
export function generatedURL(space: number, id: string, key: string): string {
  const segment = encodeURIComponent(key).replace(/%3A/g, ':').replace(/%40/g, '@');
  return `${GENERATED_SCHEME}///${space}/${id}/${segment === '.' || segment === '..' ? '' : segment}`;
}

/** `modspace:///3/o1/node:fs?modspace=s3.g1` → `o1`. */
export function generatedIdOf(url: string): string {
  const path = targetOf(url).slice(`${GENERATED_SCHEME}///`.length);
  const start = path.indexOf('/') + 1;
  const end = path.indexOf('/', start);
  return end === -1 ? path.slice(start) : path.slice(start, end);
}

/** What `modules()` says a generated module stands for. */
export function overrideOf(generated: GeneratedModule): ModuleOverride {
  if (generated.kind === 'live' && generated.shared !== undefined) return { key: generated.overrideKey, kind: 'shared' };
  const kind = generated.kind === 'source' ? 'source' : generated.actual === null ? 'live' : 'partial';
  return { key: generated.overrideKey, kind };
}
