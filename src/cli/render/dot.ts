/** The graph in Graphviz DOT: one cluster per package or folder, denied imports as red octagons. */
import type { GraphView, ViewNode } from './view.js';

const STYLE: Record<ViewNode['kind'], string> = {
  module: '',
  override: ', style=filled, fillcolor="#fde68a"',
  shared: ', style="filled,dashed", fillcolor="#dbeafe"',
  builtin: ', shape=ellipse, style=filled, fillcolor="#e5e7eb"',
  place: ', style=filled, fillcolor="#dcfce7"',
};

export function renderDot(view: GraphView): string {
  const lines = ['digraph modspace {', `  label=${quote(view.title)};`, '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];'];
  for (const group of view.groups) {
    lines.push(`  subgraph cluster_${group.id} {`, `    label=${quote(group.title)};`);
    for (const node of group.nodes) lines.push(`    ${node.id} [label=${quote([node.label, ...node.notes].join('\n'))}${STYLE[node.kind]}];`);
    lines.push('  }');
  }
  for (const edge of view.edges) lines.push(`  ${edge.from} -> ${edge.to};`);
  for (const denied of view.denied) {
    lines.push(`  ${denied.id} [label=${quote(`denied: ${denied.specifier}`)}, shape=octagon, color=red, fontcolor=red];`);
    lines.push(`  ${denied.from} -> ${denied.id} [style=dashed, color=red, label=${quote(denied.rule)}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** A DOT string: backslashes and quotes escaped, line breaks as `\n`. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}
