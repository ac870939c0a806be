/** The graph as a Mermaid flowchart: one subgraph per package or folder, denied imports as red hexagons. */
import type { GraphView } from './view.js';

export function renderMermaid(view: GraphView): string {
  const lines = ['flowchart LR'];
  for (const group of view.groups) {
    lines.push(`  subgraph ${group.id}[${quote(group.title)}]`);
    for (const node of group.nodes) lines.push(`    ${node.id}[${quote([node.label, ...node.notes].join('<br/>'))}]`);
    lines.push('  end');
  }
  for (const edge of view.edges) lines.push(`  ${edge.from} --> ${edge.to}`);
  for (const denied of view.denied) {
    lines.push(`  ${denied.id}{{${quote(`denied: ${denied.specifier}`)}}}`);
    lines.push(`  ${denied.from} -.->|${quote(denied.rule)}| ${denied.id}`);
  }
  lines.push(
    '  classDef override fill:#fde68a',
    '  classDef shared fill:#dbeafe,stroke-dasharray:4',
    '  classDef builtin fill:#e5e7eb',
    '  classDef place fill:#dcfce7',
    '  classDef denied fill:#fee2e2,stroke:#dc2626,color:#dc2626',
  );
  for (const kind of ['override', 'shared', 'builtin', 'place'] as const) {
    const ids = view.groups.flatMap((group) => group.nodes.filter((node) => node.kind === kind).map((node) => node.id));
    if (ids.length) lines.push(`  class ${ids.join(',')} ${kind}`);
  }
  if (view.denied.length) lines.push(`  class ${view.denied.map((denied) => denied.id).join(',')} denied`);
  return lines.join('\n') + '\n';
}

/** A Mermaid quoted label: `"` and the characters Mermaid reads as markup written as entity codes. */
function quote(text: string): string {
  return `"${text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/#lt;br\/#gt;/g, '<br/>')}"`;
}
