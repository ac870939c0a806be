/**
 * The module graph of each space, recorded as the hooks resolve and load:
 * who imports whom, per instance. It is what `invalidate()` walks (a module
 * and everything that imports it, transitively) and what `modules()` lists.
 * Nodes live in their space's record, so dropping a space drops its graph.
 */
import type { InvalidateReply, ModuleEntry, ModuleNode, SpaceRecord, SpaceTable } from './state.js';
import { readToken, targetOf } from './token.js';

/** A node's identity across spaces: a child's module can import a module its parent shares. */
function keyOf(space: number, target: string): string {
  return `${space}|${target}`;
}

function nodeAt(table: SpaceTable, key: string): { record: SpaceRecord; target: string; node: ModuleNode } | undefined {
  const bar = key.indexOf('|');
  const record = table.get(Number(key.slice(0, bar)));
  const target = key.slice(bar + 1);
  const node = record?.modules.get(target);
  return record && node ? { record, target, node } : undefined;
}

/** The node of a tokenized URL's current instance; `undefined` for an old instance or a URL outside every space. */
function currentNode(table: SpaceTable, url: string, create: boolean): { key: string; node: ModuleNode } | undefined {
  const token = readToken(url);
  if (token === undefined) return undefined;
  const record = table.get(token.space);
  if (!record) return undefined;
  const target = targetOf(url);
  let node = record.modules.get(target);
  if (node === undefined) {
    if (!create || token.generation !== (record.versions.get(target) ?? record.base)) return undefined;
    node = { url, version: token.generation, loaded: false, importers: new Set(), imports: new Set() };
    record.modules.set(target, node);
  }
  // An instance invalidated since: what it imports now says nothing about the current one.
  if (node.version !== token.generation) return undefined;
  return { key: keyOf(token.space, target), node };
}

/** `parentURL` resolved `url`: an edge, when both are current instances of spaces. */
export function recordImport(table: SpaceTable, parentURL: string, url: string): void {
  const child = currentNode(table, url, true);
  if (!child) return;
  const parent = currentNode(table, parentURL, true);
  if (!parent) return;
  parent.node.imports.add(child.key);
  child.node.importers.add(parent.key);
}

/** The load hook saw `url`: the instance exists. */
export function recordLoad(table: SpaceTable, url: string): void {
  const entry = currentNode(table, url, true);
  if (entry) entry.node.loaded = true;
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
  const seen = new Set<string>();
  const queue = targets.filter((target) => record.modules.has(target)).map((target) => keyOf(space, target));
  for (let i = 0; i < queue.length; i++) {
    const key = queue[i]!;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const importer of nodeAt(table, key)?.node.importers ?? []) if (!seen.has(importer)) queue.push(importer);
  }
  const bumped = new Map<SpaceRecord, number>();
  for (const key of seen) {
    const found = nodeAt(table, key);
    if (!found) continue;
    const { record: owner, target, node } = found;
    let generation = bumped.get(owner);
    if (generation === undefined) {
      generation = owner.generation += 1;
      bumped.set(owner, generation);
      reply.generations.push([owner.id, generation]);
    }
    owner.versions.set(target, generation);
    if (node.loaded) reply.modules.push(node.url);
    unlink(table, key, node);
    owner.modules.delete(target);
  }
  return reply;
}

/** The loaded modules of a space, in the order they were first seen. */
export function listModules(table: SpaceTable, space: number): ModuleEntry[] {
  const record = table.get(space);
  if (!record) return [];
  const entries: ModuleEntry[] = [];
  for (const node of record.modules.values()) {
    if (!node.loaded) continue;
    const importers: string[] = [];
    for (const key of node.importers) {
      const importer = nodeAt(table, key);
      if (importer) importers.push(importer.node.url);
    }
    entries.push({ url: node.url, version: node.version, importers });
  }
  return entries;
}

/** Drops a space's whole graph (fresh() or dispose()), including its edges into other spaces. */
export function forgetModules(table: SpaceTable, record: SpaceRecord): void {
  for (const [target, node] of record.modules) unlink(table, keyOf(record.id, target), node);
  record.modules.clear();
}

/** Removes a node's edges from the nodes at their other end. */
function unlink(table: SpaceTable, key: string, node: ModuleNode): void {
  for (const imported of node.imports) nodeAt(table, imported)?.node.importers.delete(key);
  for (const importer of node.importers) nodeAt(table, importer)?.node.imports.delete(key);
}
