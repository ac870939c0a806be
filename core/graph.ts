/**
 * The module graph of each space, recorded as the hooks resolve and load:
 * who imports whom, per instance. It is what `invalidate()` walks (a module
 * and everything that imports it, transitively) and what `modules()` lists.
 * Nodes live in their space's record, so dropping a space drops its graph.
 * Recording runs on every resolve in a space: no parsing it can avoid.
 */
import type { GraphEntry, InvalidateReply, ModuleEntry, ModuleNode, SpaceRecord, SpaceTable } from './state.js';
import { generatedIdOf, overrideOf } from './generated.js';
import { GENERATED_SCHEME, readToken, targetOf, withToken } from './token.js';

/** The node of a tokenized URL's current instance; `undefined` for an old instance or a URL outside every space. */
function currentNode(table: SpaceTable, url: string): ModuleNode | undefined {
  const token = readToken(url);
  if (token === undefined) return undefined;
  const record = table.get(token.space);
  if (!record) return undefined;
  const target = targetOf(url);
  let node = record.modules.get(target);
  if (node === undefined) {
    if (token.generation !== (record.versions.get(target) ?? record.base)) return undefined;
    node = { space: record.id, target, url, version: token.generation, loaded: false, importers: new Set(), imports: new Set() };
    record.modules.set(target, node);
    record.known.add(target);
  }
  // An instance invalidated since: what it imports now says nothing about the current one.
  return node.version === token.generation ? node : undefined;
}

/** Still in its space's graph (not invalidated, forgotten or dropped). */
function isLive(table: SpaceTable, node: ModuleNode): boolean {
  return table.get(node.space)?.modules.get(node.target) === node;
}

/** The importer of the last edge: a module's imports are resolved one after another. */
let lastParent: { url: string; node: ModuleNode } | undefined;

/** `parentURL` resolved `url`: an edge, when both are current instances of spaces. */
export function recordImport(table: SpaceTable, parentURL: string, url: string): void {
  const child = currentNode(table, url);
  // An old instance of a space's module: nothing to say about the current graph.
  if (!child && readToken(url) !== undefined) return;
  const parent = parentNode(table, parentURL);
  if (!parent) return;
  if (child) {
    parent.imports.add(child);
    child.importers.add(parent);
  } else {
    // A module outside every space (a builtin, Node's own instance of a shared file): only `graph()` shows it.
    (parent.outside ??= new Set()).add(url);
  }
}

function parentNode(table: SpaceTable, parentURL: string): ModuleNode | undefined {
  if (lastParent?.url === parentURL && isLive(table, lastParent.node)) return lastParent.node;
  const parent = currentNode(table, parentURL);
  lastParent = parent ? { url: parentURL, node: parent } : undefined;
  return parent;
}

/** `url` was reached by redirecting `specifier` (an override or mapper answer naming another module): `graph()` shows it as that override. */
export function recordRedirect(table: SpaceTable, url: string, specifier: string): void {
  const node = currentNode(table, url);
  if (node) node.redirectedFrom ??= specifier;
}

/** The policy refused `specifier` to the module `parentURL`: `graph()` shows the refusal and its rule. */
export function recordDenied(table: SpaceTable, parentURL: string, specifier: string, rule: string): void {
  const parent = parentNode(table, parentURL);
  if (parent) (parent.denied ??= new Map()).set(specifier, rule);
}

/**
 * `parentURL` failed to resolve a file that would be `target` (it was deleted,
 * or is not written yet): an edge to a node that is not loaded, so that
 * invalidating the file once it exists renews the importer, whose failed
 * link Node 20 would otherwise keep answering.
 */
export function recordMissing(table: SpaceTable, parentURL: string, target: string): void {
  const token = readToken(parentURL);
  const record = token === undefined ? undefined : table.get(token.space);
  if (!record || !target.startsWith('file:')) return;
  recordImport(table, parentURL, withToken(target, { space: record.id, generation: record.versions.get(target) ?? record.base }));
}

/** The load hook saw `url`: the instance exists. */
export function recordLoad(table: SpaceTable, url: string): void {
  const node = currentNode(table, url);
  if (node) node.loaded = true;
}

/**
 * Gives `targets` and their importers (transitively, including modules of
 * child spaces that import what this space shares) a new generation. Each
 * space touched starts one new generation for all its invalidated modules.
 * Cycles end because a node is visited once.
 */
export function invalidate(table: SpaceTable, space: number, targets: string[]): InvalidateReply {
  const reply: InvalidateReply = { generations: [], modules: [] };
  const record = table.get(space);
  if (!record) return reply;
  const seen = new Set<ModuleNode>();
  const queue: ModuleNode[] = [];
  for (const target of targets) {
    const node = record.modules.get(target);
    if (node) queue.push(node);
  }
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const importer of node.importers) if (!seen.has(importer)) queue.push(importer);
  }
  const bumped = new Map<SpaceRecord, number>();
  for (const node of seen) {
    const owner = table.get(node.space);
    if (!owner) continue;
    let generation = bumped.get(owner);
    if (generation === undefined) {
      generation = owner.generation += 1;
      bumped.set(owner, generation);
      reply.generations.push([owner.id, generation]);
    }
    owner.versions.set(node.target, generation);
    if (node.loaded) reply.modules.push(node.url);
    unlink(node);
    owner.modules.delete(node.target);
  }
  return reply;
}

/**
 * Hot module replacement's bounded invalidation: exactly `targets` (the
 * changed modules and their importers up to an accepting boundary, chosen in
 * the main thread) get the space's next generation. Their importers outside
 * the set keep their instances and their edges, now to the new nodes, so the
 * next change walks up through them again.
 */
export function renew(table: SpaceTable, space: number, targets: string[]): InvalidateReply {
  const reply: InvalidateReply = { generations: [], modules: [] };
  const record = table.get(space);
  if (!record) return reply;
  const old = new Set<ModuleNode>();
  for (const target of targets) {
    const node = record.modules.get(target);
    if (node) old.add(node);
  }
  const generation = (record.generation += 1);
  reply.generations.push([record.id, generation]);
  for (const target of targets) record.versions.set(target, generation);
  for (const node of old) {
    const kept = [...node.importers].filter((importer) => !old.has(importer));
    if (node.loaded) reply.modules.push(node.url);
    unlink(node);
    const url = withToken(node.target, { space: record.id, generation });
    const next: ModuleNode = { space: record.id, target: node.target, url, version: generation, loaded: false, importers: new Set(kept), imports: new Set() };
    for (const importer of kept) importer.imports.add(next);
    record.modules.set(node.target, next);
  }
  return reply;
}

/**
 * The targets a space never had a module of (in any generation), so that
 * `invalidate()` can refuse a wrong name instead of doing nothing. A module
 * the space shares from its parent is one of its modules too.
 */
export function unknownTargets(table: SpaceTable, space: number, targets: string[]): string[] {
  const record = table.get(space);
  if (!record) return [];
  return targets.filter((target) => !record.known.has(target) && !record.share.has(target));
}

/** The loaded modules of a space, in the order they were first seen. */
export function listModules(table: SpaceTable, space: number): ModuleEntry[] {
  const record = table.get(space);
  if (!record) return [];
  const entries: ModuleEntry[] = [];
  for (const node of record.modules.values()) {
    if (!node.loaded) continue;
    const importers = [...node.importers].map((importer) => importer.url);
    const generated = node.target.startsWith(GENERATED_SCHEME) ? record.generated.get(generatedIdOf(node.target)) : undefined;
    entries.push({ url: node.url, version: node.version, importers, override: generated ? overrideOf(generated) : null });
  }
  return entries;
}

/**
 * A space's graph for `space.graph()`: its loaded modules, the modules of
 * other spaces they import (shared from a parent), their edges, the imports
 * that left every space, and the denied ones.
 */
export function graphOf(table: SpaceTable, space: number): GraphEntry {
  const record = table.get(space);
  const entry: GraphEntry = { nodes: [], edges: [], outside: [], denied: [] };
  if (!record) return entry;
  const listed = new Set<ModuleNode>();
  const add = (node: ModuleNode): void => {
    if (listed.has(node)) return;
    listed.add(node);
    const generated = node.target.startsWith(GENERATED_SCHEME) ? table.get(node.space)?.generated.get(generatedIdOf(node.target)) : undefined;
    const override = generated ? overrideOf(generated) : node.redirectedFrom === undefined ? null : { key: node.redirectedFrom, kind: 'redirect' as const };
    entry.nodes.push({ url: node.url, space: node.space, version: node.version, override });
  };
  for (const node of record.modules.values()) if (node.loaded) add(node);
  for (const node of record.modules.values()) {
    if (!node.loaded) continue;
    for (const imported of node.imports) {
      if (!imported.loaded) continue;
      add(imported);
      entry.edges.push([node.url, imported.url]);
    }
    for (const url of node.outside ?? []) entry.outside.push([node.url, url]);
    for (const [specifier, rule] of node.denied ?? []) entry.denied.push({ importer: node.url, specifier, rule });
  }
  return entry;
}

/** Drops a space's whole graph (fresh() or dispose()), including its edges into other spaces. */
export function forgetModules(record: SpaceRecord): void {
  for (const node of record.modules.values()) unlink(node);
  record.modules.clear();
}

/** Removes a node's edges from the nodes at their other end. */
function unlink(node: ModuleNode): void {
  for (const imported of node.imports) imported.importers.delete(node);
  for (const importer of node.importers) importer.imports.delete(node);
  node.imports.clear();
  node.importers.clear();
}
