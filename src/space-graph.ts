/**
 * `space.graph()`: the graph the hooks recorded (core/graph.ts `graphOf`),
 * turned into data a user can draw: each module with the place it comes
 * from, the package or folder it belongs to, its override and whether it is
 * another space's instance; the edges; the imports the policy refused.
 */
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphEntry, GraphOverride } from '../core/state.js';
import { displayLocation } from '../core/errors.js';
import { readToken, targetOf, withoutToken } from '../core/token.js';

/** Where a module comes from, by its URL's scheme. */
export type PlaceKind = 'file' | 'archive' | 'memory' | 'remote' | 'generated' | 'data' | 'builtin' | 'other';

/** What a module is drawn inside: its package (under `node_modules`), its folder, the space's overrides, or Node's builtins. */
export type { GraphOverride };

export interface GraphGroup {
  kind: 'package' | 'folder' | 'overrides' | 'builtins';
  /** A package name; a folder relative to the space's `base` folder (`.` for that folder) or, outside files, the URL of the folder; `overrides`; `node`. */
  name: string;
}

/** A module of the graph. */
export interface GraphNode {
  /** Its URL (with token for a space's module; plain for builtins and Node's own instances). */
  url: string;
  /** The file behind it, or `null` when it is not a file on disk. */
  file: string | null;
  /** The generation of the instance, or `null` for a module outside every space. */
  generation: number | null;
  place: PlaceKind;
  group: GraphGroup;
  /** For a module generated from an override: its key and kind, as `modules()` reports it; for a redirect's target: the specifier redirected and `kind: 'redirect'`. */
  override: GraphOverride | null;
  /** Another space's instance this space uses (a module shared from a parent): that space's name, or `'node'` for Node's own module graph; `null` for the space's own modules and builtins. */
  sharedFrom: string | null;
}

export interface GraphEdge {
  /** The importing module's URL. */
  from: string;
  /** The imported module's URL. */
  to: string;
}

/** An import the space's policy refused. */
export interface DeniedImport {
  /** The importing module's URL. */
  importer: string;
  specifier: string;
  /** The rule that refused it, as written (`deny: node:fs`). */
  rule: string;
}

/** `space.graph()`: the space's current module instances and their imports. */
export interface SpaceGraph {
  space: string;
  /** The space's `base`. */
  base: string;
  /** The space's loaded modules in load order, then the modules outside it that they import. */
  nodes: GraphNode[];
  edges: GraphEdge[];
  denied: DeniedImport[];
}

export function buildGraph(entry: GraphEntry, space: { name: string; base: string; id: number; names: ReadonlyMap<number, string> }): SpaceGraph {
  const baseDir = space.base.startsWith('file:') ? fileURLToPath(new URL('.', space.base)) : undefined;
  const nodes: GraphNode[] = entry.nodes.map((node) => ({
    url: node.url,
    file: fileOf(node.url),
    generation: node.version,
    place: placeOf(node.url),
    group: groupOf(node.url, baseDir),
    override: node.override,
    sharedFrom: node.space === space.id ? null : (space.names.get(node.space) ?? `s${node.space}`),
  }));
  const seen = new Set(nodes.map((node) => node.url));
  for (const [, url] of entry.outside) {
    if (seen.has(url)) continue;
    seen.add(url);
    const place = placeOf(url);
    const builtin = place === 'builtin';
    nodes.push({ url, file: fileOf(url), generation: null, place, group: groupOf(url, baseDir), override: null, sharedFrom: builtin ? null : 'node' });
  }
  const edges = [...entry.edges, ...entry.outside].map(([from, to]) => ({ from, to }));
  return { space: space.name, base: space.base, nodes, edges, denied: entry.denied.map((denied) => ({ ...denied })) };
}

function fileOf(url: string): string | null {
  const plain = withoutToken(url);
  return plain.startsWith('file:') ? (displayLocation(plain) ?? null) : null;
}

function placeOf(url: string): PlaceKind {
  const scheme = url.slice(0, url.indexOf(':') + 1);
  switch (scheme) {
    case 'file:':
      return 'file';
    case 'archive:':
      return 'archive';
    case 'memory:':
      return 'memory';
    case 'http:':
    case 'https:':
      return 'remote';
    case 'modspace:':
      return 'generated';
    case 'data:':
      return 'data';
    case 'node:':
      return 'builtin';
    default:
      return 'other';
  }
}

function groupOf(url: string, baseDir: string | undefined): GraphGroup {
  const place = placeOf(url);
  if (place === 'builtin') return { kind: 'builtins', name: 'node' };
  if (place === 'generated') return { kind: 'overrides', name: 'overrides' };
  if (place === 'data' || place === 'other') return { kind: 'folder', name: url.slice(0, url.indexOf(':') + 1) };
  const target = readToken(url) === undefined ? targetOf(url) : targetOf(withoutToken(url));
  const inPackage = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(target.slice(target.lastIndexOf('/node_modules/')));
  if (inPackage) return { kind: 'package', name: decodeURIComponent(inPackage[1]!) };
  const folder = target.slice(0, target.lastIndexOf('/') + 1);
  if (place === 'file' && baseDir !== undefined) {
    const path = relative(baseDir, fileURLToPath(folder));
    return { kind: 'folder', name: path === '' ? '.' : path.split(sep).join('/') };
  }
  return { kind: 'folder', name: folder };
}
