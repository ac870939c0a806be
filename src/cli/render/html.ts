/**
 * The graph as one self-contained HTML page: an SVG drawn here (a layered
 * layout: each module one column right of its deepest importer), a legend
 * of the groups, a table of the modules, and the graph's JSON. No script,
 * style sheet or font is fetched: it opens offline, from a file.
 */
import type { SpaceGraph } from '../../space-graph.js';
import type { GraphView, ViewNode } from './view.js';

const WIDTH = 230;
const LINE = 15;
const GAP_X = 70;
const GAP_Y = 16;
const PAD = 20;
const PALETTE = ['#e0f2fe', '#fef3c7', '#dcfce7', '#fce7f3', '#ede9fe', '#ffedd5', '#f1f5f9', '#ccfbf1', '#fee2e2', '#e0e7ff'];

interface Box {
  id: string;
  lines: string[];
  x: number;
  y: number;
  height: number;
  fill: string;
  stroke: string;
  dashed: boolean;
  tooltip: string;
}

export function renderHtml(view: GraphView, graph: SpaceGraph): string {
  const colors = new Map(view.groups.map((group, index) => [group.id, PALETTE[index % PALETTE.length]!]));
  const items: Array<{ id: string; lines: string[]; fill: string; stroke: string; dashed: boolean; tooltip: string }> = [];
  for (const group of view.groups) {
    for (const node of group.nodes) items.push({ id: node.id, lines: [node.label, ...node.notes], fill: colors.get(group.id)!, ...strokeOf(node), tooltip: node.node.url });
  }
  for (const denied of view.denied) items.push({ id: denied.id, lines: [`denied: ${denied.specifier}`, denied.rule], fill: '#fee2e2', stroke: '#dc2626', dashed: false, tooltip: denied.rule });
  const links = [...view.edges.map((edge) => ({ ...edge, denied: false })), ...view.denied.map((denied) => ({ from: denied.from, to: denied.id, denied: true }))];
  const boxes = layout(items, links);
  const byId = new Map(boxes.map((box) => [box.id, box]));
  const width = Math.max(...boxes.map((box) => box.x + WIDTH), 200) + PAD;
  const height = Math.max(...boxes.map((box) => box.y + box.height), 60) + PAD;

  const svg: string[] = [`<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(view.title)}">`];
  svg.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#475569"/></marker>');
  svg.push('<marker id="arrow-denied" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#dc2626"/></marker></defs>');
  for (const link of links) {
    const from = byId.get(link.from);
    const to = byId.get(link.to);
    if (!from || !to) continue;
    const [x1, y1, x2, y2] = [from.x + WIDTH, from.y + from.height / 2, to.x, to.y + to.height / 2];
    const bend = Math.max(40, Math.abs(x2 - x1) / 2);
    const color = link.denied ? '#dc2626' : '#475569';
    svg.push(
      `<path class="edge" data-from="${link.from}" data-to="${link.to}" d="M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}" fill="none" stroke="${color}"${link.denied ? ' stroke-dasharray="5 4"' : ''} marker-end="url(#${link.denied ? 'arrow-denied' : 'arrow'})"/>`,
    );
  }
  for (const box of boxes) {
    svg.push(`<g class="node" data-id="${box.id}"><title>${escape(box.tooltip)}</title>`);
    svg.push(`<rect x="${box.x}" y="${box.y}" width="${WIDTH}" height="${box.height}" rx="5" fill="${box.fill}" stroke="${box.stroke}" stroke-width="1.5"${box.dashed ? ' stroke-dasharray="4 3"' : ''}/>`);
    box.lines.forEach((line, index) => {
      svg.push(`<text x="${box.x + 8}" y="${box.y + 16 + index * LINE}"${index ? ' class="note"' : ''}>${escape(clip(line))}</text>`);
    });
    svg.push('</g>');
  }
  svg.push('</svg>');

  const legend = view.groups.map((group) => `<li><span class="swatch" style="background:${colors.get(group.id)}"></span>${escape(group.title)} (${group.nodes.length})</li>`);
  const rows = graph.nodes.map(
    (node) =>
      `<tr><td>${escape(node.url)}</td><td>${escape(node.group.kind)} ${escape(node.group.name)}</td><td>${node.place}</td><td>${node.override ? escape(`${node.override.key} (${node.override.kind})`) : ''}</td><td>${node.sharedFrom === null ? '' : escape(node.sharedFrom)}</td></tr>`,
  );
  const deniedRows = graph.denied.map((denied) => `<tr><td>${escape(denied.specifier)}</td><td>${escape(denied.importer)}</td><td>${escape(denied.rule)}</td></tr>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(view.title)}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 20px; color: #0f172a; }
svg text { font: 12px system-ui, sans-serif; fill: #0f172a; }
svg text.note { fill: #475569; font-size: 11px; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 12px; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 4px; border: 1px solid #94a3b8; vertical-align: middle; }
table { border-collapse: collapse; margin-top: 12px; }
td, th { border: 1px solid #cbd5e1; padding: 3px 6px; text-align: left; font-size: 12px; }
.graph { overflow: auto; border: 1px solid #e2e8f0; }
</style>
</head>
<body>
<h1>${escape(view.title)}</h1>
<p>Boxes are module instances, coloured by package or folder; filled orange-bordered: overrides; dashed border: shared from another space; red: imports the policy denied.</p>
<ul class="legend">${legend.join('')}</ul>
<div class="graph">
${svg.join('\n')}
</div>
<h2>Modules</h2>
<table><tr><th>url</th><th>group</th><th>place</th><th>override</th><th>shared from</th></tr>
${rows.join('\n')}
</table>
${deniedRows.length ? `<h2>Denied imports</h2>\n<table><tr><th>specifier</th><th>importer</th><th>rule</th></tr>\n${deniedRows.join('\n')}\n</table>` : ''}
<script type="application/json" id="modspace-graph">${JSON.stringify(graph).replace(/</g, '\\u003c')}</script>
</body>
</html>
`;
}

function strokeOf(node: ViewNode): { stroke: string; dashed: boolean } {
  switch (node.kind) {
    case 'override':
      return { stroke: '#d97706', dashed: false };
    case 'shared':
      return { stroke: '#2563eb', dashed: true };
    case 'builtin':
      return { stroke: '#64748b', dashed: false };
    case 'place':
      return { stroke: '#16a34a', dashed: false };
    case 'module':
      return { stroke: '#64748b', dashed: false };
  }
}

/**
 * Columns by longest path from the modules nothing imports (relaxed at most
 * once per node, so a cycle cannot loop), rows in group order.
 */
function layout(items: Array<Omit<Box, 'x' | 'y' | 'height'>>, links: Array<{ from: string; to: string }>): Box[] {
  const column = new Map(items.map((item) => [item.id, 0]));
  for (let round = 0; round < items.length; round++) {
    let changed = false;
    for (const link of links) {
      const next = (column.get(link.from) ?? 0) + 1;
      if (link.from !== link.to && next > (column.get(link.to) ?? 0) && next < items.length) {
        column.set(link.to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const nextY = new Map<number, number>();
  return items.map((item) => {
    const at = column.get(item.id) ?? 0;
    const y = nextY.get(at) ?? PAD;
    const height = 10 + item.lines.length * LINE;
    nextY.set(at, y + height + GAP_Y);
    return { ...item, x: PAD + at * (WIDTH + GAP_X), y, height };
  });
}

function clip(text: string): string {
  return text.length > 34 ? `…${text.slice(-33)}` : text;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
