// Reload benchmarks (issue 4), on the Node that runs this file:
//   node bench/reload.mjs [--runs 5] [--reloads 1000]
// R1: invalidate one module of a 1,015-module tree and re-import the entry:
//     the time follows the number of modules renewed (the module's importer
//     chain), against fresh() + re-import of all of them.
// R2: memory after 1,000 reloads of the MUD's command set (examples/mud/game),
//     bytes per reload, against a bare cache-busting import making the same
//     number of module instances; and what modspace itself still holds.
// Writes bench/.work/results/reload-node-<version>.json.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORK_DIR } from './graph.mjs';
import { ensureTreeGraph } from './tree-graph.mjs';
import { cleanEnv, fmt, runNode, table } from './lib.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const runs = option('--runs', 5);
const reloads = option('--reloads', 1000);
const child = here('./children/reload.mjs');
const dist = here('../dist/');

const graph = ensureTreeGraph();
console.log(`Node ${process.version}, reload benchmarks (${graph.modules}-module tree graph, ${runs} runs, ${reloads} reloads)\n`);

const cost = await runNode([child, JSON.stringify({ mode: 'cost', dist, entry: graph.entry, root: graph.dir, modules: graph.modules, changes: graph.changes, runs })], { env: cleanEnv() });
const perModule = (row) => row.ms / row.affected;
console.log('R1: invalidate one module + re-import the entry, vs fresh() + re-import (median ms)');
console.log(
  table(
    ['invalidate()', 'modules renewed', 'ms', 'ms per module', 'time vs fresh()'],
    [
      ...cost.rows.map((row) => [row.label, String(row.affected), fmt.ms(row.ms), fmt.ms(perModule(row)), `${(row.ms / cost.fresh.ms).toFixed(3)}x`]),
      ['(fresh() instead)', String(cost.fresh.affected), fmt.ms(cost.fresh.ms), fmt.ms(perModule(cost.fresh)), '1.000x'],
    ],
  ),
);

const gameDir = mkdtempSync(join(tmpdir(), 'modspace-bench-mud-'));
cpSync(here('../examples/mud/game'), gameDir, { recursive: true });
let memory;
try {
  memory = await runNode(['--expose-gc', child, JSON.stringify({ mode: 'memory', dist, gameDir, reloads })], { env: cleanEnv() });
} finally {
  rmSync(gameDir, { recursive: true, force: true });
}
console.log(`\nR2: ${reloads} reloads of the MUD's command set (${memory.perReload} modules renewed per reload)`);
console.log(
  table(
    ['', 'bytes per reload', 'vs bare cache-busting import'],
    [
      ['modspace invalidate + import', fmt.bytes(memory.bytesPerReload), `${(memory.bytesPerReload / memory.bareBytesPerReload).toFixed(2)}x`],
      ['bare import(?bust=N), no hooks', fmt.bytes(memory.bareBytesPerReload), '1.00x'],
    ],
  ),
);
console.log(`modspace's own state after ${reloads} reloads: ${memory.graphNodes} graph nodes (the modules loaded now), ${memory.registry} live-registry entries`);

mkdirSync(join(WORK_DIR, 'results'), { recursive: true });
const out = join(WORK_DIR, 'results', `reload-node-${process.versions.node}.json`);
writeFileSync(out, `${JSON.stringify({ node: process.version, runs, reloads, cost, memory }, null, 2)}\n`);
console.log(`\nwrote ${out}`);
