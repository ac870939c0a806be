// Source maps for transformed modules. The runner's own map (magic-string,
// transformed → source) is composed with a map the source already carries
// inline (say, TypeScript compiled by esbuild), so that with source maps
// enabled stack traces name the original file, as Node does for the same
// module loaded natively.
import { decode, encode, type SourceMapMappings, type SourceMapSegment } from '@jridgewell/sourcemap-codec';

export interface TransformMap {
  readonly mappings: string;
  /** The original sources, as the input map names them (relative to the module); undefined: the module itself. */
  readonly sources: readonly string[] | undefined;
  readonly sourceRoot: string | undefined;
  readonly names: readonly string[];
}

interface InputMap {
  readonly sources: string[];
  readonly sourceRoot?: string;
  readonly names?: string[];
  readonly mappings: string;
}

const INLINE_MAP = /\/\/[#@] sourceMappingURL=data:application\/json[^,]*;base64,([A-Za-z0-9+/=]+)\s*$/;

/** Whether `source` ends with an inline source map (a module compiled from another file). */
export function carriesSourceMap(source: string): boolean {
  return INLINE_MAP.test(source.slice(source.lastIndexOf('//')));
}

/** The inline source map at the end of `source`, if any (a broken one is ignored, as Node ignores it). */
function inlineMap(source: string): InputMap | undefined {
  const tail = source.slice(source.lastIndexOf('//'));
  const match = INLINE_MAP.exec(tail);
  if (!match) return undefined;
  try {
    const map = JSON.parse(Buffer.from(match[1] as string, 'base64').toString('utf8')) as InputMap;
    return Array.isArray(map.sources) && typeof map.mappings === 'string' ? map : undefined;
  } catch {
    return undefined;
  }
}

/** The input map's segment covering `column` on `line`: the last one starting at or before it. */
function lookup(lines: SourceMapMappings, line: number, column: number): SourceMapSegment | undefined {
  let found: SourceMapSegment | undefined;
  for (const segment of lines[line] ?? []) {
    if (segment[0] > column) break;
    found = segment;
  }
  return found;
}

function compose(outer: string, input: InputMap): string {
  const inner = decode(input.mappings);
  const composed: SourceMapMappings = decode(outer).map((line) => {
    const out: SourceMapSegment[] = [];
    for (const segment of line) {
      if (segment.length === 1) continue;
      const hit = lookup(inner, segment[2], segment[3]);
      if (!hit || hit.length === 1) continue;
      out.push(hit.length === 5 ? [segment[0], hit[1], hit[2], hit[3], hit[4]] : [segment[0], hit[1], hit[2], hit[3]]);
    }
    return out;
  });
  return encode(composed);
}

/** The map for a transform whose own mappings are `mappings`, composed with the source's inline map if it has one. */
export function transformMap(source: string, mappings: string): TransformMap {
  const input = inlineMap(source);
  if (!input) return { mappings, sources: undefined, sourceRoot: undefined, names: [] };
  return { mappings: compose(mappings, input), sources: input.sources, sourceRoot: input.sourceRoot, names: input.names ?? [] };
}

/** The `//# sourceMappingURL=` comment for a module shown as `url`. */
export function sourceMapComment(url: string, map: TransformMap): string {
  const base = map.sourceRoot ? new URL(map.sourceRoot.endsWith('/') ? map.sourceRoot : `${map.sourceRoot}/`, url) : url;
  const sources = map.sources ? map.sources.map((source) => new URL(source, base).href) : [url];
  const json = JSON.stringify({ version: 3, file: url, sources, names: map.names, mappings: map.mappings });
  return `\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(json).toString('base64')}`;
}
