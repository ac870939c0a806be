/** `modspace graph <entry>`: loads the entry in a space and draws its module graph. */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { SpaceGraph } from '../space-graph.js';
import { flag, type ParsedArgs } from './args.js';
import { filePath } from './config.js';
import { loadForInspection, writeOut } from './load.js';
import { renderDot } from './render/dot.js';
import { renderHtml } from './render/html.js';
import { renderMermaid } from './render/mermaid.js';
import { viewOf } from './render/view.js';
import { UsageError } from './usage-error.js';

export const FORMATS = ['mermaid', 'dot', 'json', 'html'] as const;
export type Format = (typeof FORMATS)[number];

const BY_EXTENSION: Record<string, Format> = { '.mmd': 'mermaid', '.mermaid': 'mermaid', '.dot': 'dot', '.gv': 'dot', '.json': 'json', '.html': 'html', '.htm': 'html' };

export function render(graph: SpaceGraph, format: Format): string {
  switch (format) {
    case 'json':
      return JSON.stringify(graph, null, 2) + '\n';
    case 'dot':
      return renderDot(viewOf(graph));
    case 'mermaid':
      return renderMermaid(viewOf(graph));
    case 'html':
      return renderHtml(viewOf(graph), graph);
  }
}

/** `--format`, else the `--out` file's extension, else Mermaid. */
function formatOf(args: ParsedArgs): Format {
  const given = flag(args, 'format');
  if (given !== undefined) {
    if (!(FORMATS as readonly string[]).includes(given)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${given}"`, 'graph');
    return given as Format;
  }
  const out = flag(args, 'out');
  return (out !== undefined && BY_EXTENSION[extname(out).toLowerCase()]) || 'mermaid';
}

export async function graphCommand(args: ParsedArgs, cwd: string): Promise<number> {
  if (args.positionals.length > 1) throw new UsageError(`modspace graph takes one entry, got ${args.positionals.length}`, 'graph');
  const format = formatOf(args);
  const { space, error } = await loadForInspection(args, args.positionals[0], cwd);
  const text = render(space.graph(), format);
  const out = flag(args, 'out');
  if (out === undefined) await writeOut(text);
  else writeFileSync(filePath(out, cwd), text);
  return error === undefined ? 0 : 1;
}
