/** `modspace why <file> --entry <entry>`: every import chain from the entry to a module. */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GraphNode, SpaceGraph } from '../space-graph.js';
import { flag, has, type ParsedArgs } from './args.js';
import { filePath } from './config.js';
import { loadForInspection, writeOut } from './load.js';
import { UsageError } from './usage-error.js';
import { withoutToken } from '../../core/token.js';

/** More chains than anyone reads; past it, the count is still given. */
const MAX_CHAINS = 100;

export interface Chains {
  /** URLs from the entry to the module, each chain a list. */
  chains: string[][];
  /** Whether the search stopped at MAX_CHAINS. */
  truncated: boolean;
}

/** The modules `name` means: a path or file URL (its instances), else a package name (every module of that package), a builtin or an override key. */
export function targetsOf(graph: SpaceGraph, name: string, cwd: string): GraphNode[] {
  // A file that exists (or was deleted) is named by path; `lodash` is a package unless ./lodash exists.
  const looksLikePath = /^(?:\.{1,2}(?:\/|$)|\/|file:)/.test(name) || existsSync(filePath(name, cwd));
  if (looksLikePath) {
    const url = name.startsWith('file:') ? name : pathToFileURL(filePath(name, cwd)).href;
    return graph.nodes.filter((node) => withoutToken(node.url).split(/[?#]/)[0] === url);
  }
  return graph.nodes.filter((node) => (node.group.kind === 'package' && node.group.name === name) || withoutToken(node.url) === name || node.override?.key === name);
}

/** Every simple path from `from` to one of `to`, depth first (a module already on the path is not entered again). */
export function chainsBetween(graph: SpaceGraph, from: string, to: ReadonlySet<string>): Chains {
  const next = new Map<string, string[]>();
  for (const edge of graph.edges) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  const chains: string[][] = [];
  const path: string[] = [];
  const onPath = new Set<string>();
  let truncated = false;
  const walk = (url: string): void => {
    if (truncated) return;
    path.push(url);
    onPath.add(url);
    if (to.has(url)) {
      if (chains.length === MAX_CHAINS) truncated = true;
      else chains.push([...path]);
    } else for (const child of next.get(url) ?? []) if (!onPath.has(child)) walk(child);
    path.pop();
    onPath.delete(url);
  };
  walk(from);
  return { chains, truncated };
}

export async function whyCommand(args: ParsedArgs, cwd: string): Promise<number> {
  const [name, extra] = args.positionals;
  if (name === undefined) throw new UsageError('modspace why needs the module to explain (a file path or a package name)', 'why');
  if (extra !== undefined) throw new UsageError(`modspace why takes one module, got ${args.positionals.length}`, 'why');
  const entryArg = flag(args, 'entry');
  if (entryArg === undefined) throw new UsageError('modspace why needs --entry <file>: the program whose imports lead to the module', 'why');
  const { space, entry } = await loadForInspection(args, entryArg, cwd);
  const graph = space.graph();
  const entryURL = pathToFileURL(entry).href;
  const start = graph.nodes.find((node) => node.sharedFrom === null && withoutToken(node.url).split(/[?#]/)[0] === entryURL);
  const targets = targetsOf(graph, name, cwd);
  const found = start === undefined ? { chains: [], truncated: false } : chainsBetween(graph, start.url, new Set(targets.map((node) => node.url)));
  if (has(args, 'json')) {
    await writeOut(JSON.stringify({ module: name, entry, ...found }, null, 2) + '\n');
    return found.chains.length ? 0 : 1;
  }
  const show = (url: string): string => {
    const node = graph.nodes.find((candidate) => candidate.url === url);
    if (node?.override && node.override.kind !== 'redirect') return `${node.override.key} (override)`;
    const shown = node?.file ? relative(cwd, node.file) || node.file : withoutToken(url);
    return node?.override ? `${shown} (redirected from ${node.override.key})` : shown;
  };
  if (!found.chains.length) {
    const reason = targets.length ? 'no import chain from the entry reaches it' : 'the entry never loaded it';
    await writeOut(`${name}: ${reason} (entry ${relative(cwd, entry) || entry}).\n`);
    return 1;
  }
  const lines = [`${name} is reached from ${relative(cwd, entry) || entry} by ${found.chains.length}${found.truncated ? '+' : ''} import chain${found.chains.length === 1 ? '' : 's'}:`];
  for (const chain of found.chains) lines.push(`  ${chain.map(show).join(' -> ')}`);
  if (found.truncated) lines.push(`  (stopped after ${MAX_CHAINS} chains)`);
  await writeOut(lines.join('\n') + '\n');
  return 0;
}
