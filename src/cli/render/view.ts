/**
 * What every drawing of a space's graph shows, computed once: short ids,
 * labels, groups (package or folder), node kinds (override, shared,
 * builtin, place) and the denied imports as nodes of their own. The
 * renderers only spell it in their format.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphNode, SpaceGraph } from '../../space-graph.js';
import { withoutToken } from '../../../core/token.js';

export interface ViewNode {
  id: string;
  /** First line: a path relative to the space's base folder, a package file, an override key, a URL. */
  label: string;
  /** Further lines: the override, the place, the space it is shared from. */
  notes: string[];
  /** Which style: the first that applies. */
  kind: 'override' | 'shared' | 'builtin' | 'place' | 'module';
  node: GraphNode;
}

export interface ViewGroup {
  id: string;
  title: string;
  nodes: ViewNode[];
}

export interface ViewDenied {
  id: string;
  from: string;
  specifier: string;
  rule: string;
}

export interface GraphView {
  title: string;
  groups: ViewGroup[];
  edges: Array<{ from: string; to: string }>;
  denied: ViewDenied[];
}

export function viewOf(graph: SpaceGraph): GraphView {
  const baseDir = graph.base.startsWith('file:') ? new URL('.', graph.base) : undefined;
  const ids = new Map<string, string>();
  const groups = new Map<string, ViewGroup>();
  graph.nodes.forEach((node, index) => {
    const id = `n${index}`;
    ids.set(node.url, id);
    const key = `${node.group.kind}:${node.group.name}`;
    let group = groups.get(key);
    if (!group) {
      group = { id: `g${groups.size}`, title: groupTitle(node), nodes: [] };
      groups.set(key, group);
    }
    group.nodes.push({ id, label: labelOf(node, baseDir), notes: notesOf(node), kind: kindOf(node), node });
  });
  const edges = graph.edges.flatMap((edge) => {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    return from && to ? [{ from, to }] : [];
  });
  const denied = graph.denied.flatMap((denied, index) => {
    const from = ids.get(denied.importer);
    return from ? [{ id: `d${index}`, from, specifier: denied.specifier, rule: denied.rule }] : [];
  });
  return { title: `modspace graph of space ${graph.space}`, groups: [...groups.values()], edges, denied };
}

function groupTitle(node: GraphNode): string {
  switch (node.group.kind) {
    case 'package':
      return `package ${node.group.name}`;
    case 'folder':
      return node.group.name === '.' ? 'folder ./' : `folder ${node.group.name}`;
    case 'overrides':
      return 'overrides';
    case 'builtins':
      return 'builtins';
  }
}

function labelOf(node: GraphNode, baseDir: URL | undefined): string {
  if (node.override && node.override.kind !== 'redirect') return node.override.key;
  const plain = withoutToken(node.url);
  // A data: URL carries its whole source: its start is enough to tell one from another.
  if (node.place === 'data') return plain.length > 48 ? `${plain.slice(0, 47)}…` : plain;
  if (node.file !== null && baseDir) {
    const path = relative(fileURLToPath(baseDir), node.file);
    return path.startsWith('..') ? node.file : path;
  }
  return plain;
}

function notesOf(node: GraphNode): string[] {
  const notes: string[] = [];
  if (node.override) notes.push(node.override.kind === 'redirect' ? `override ${node.override.key} (redirect)` : `override (${node.override.kind})`);
  if (node.place !== 'file' && node.place !== 'generated' && node.place !== 'builtin') notes.push(node.place);
  if (node.sharedFrom !== null) notes.push(node.sharedFrom === 'node' ? "shared from Node's graph" : `shared from ${node.sharedFrom}`);
  return notes;
}

function kindOf(node: GraphNode): ViewNode['kind'] {
  if (node.override) return 'override';
  if (node.sharedFrom !== null) return 'shared';
  if (node.place === 'builtin') return 'builtin';
  if (node.place !== 'file') return 'place';
  return 'module';
}
