// Benchmark P6: the runner engine's cost against Node's own module loading,
// on the 1,000-module graph of P2 (bench/graph.mjs).
//   P6a: a not-yet-loaded copy of the graph inside a warm process, per module
//        (P2's method, bench/children/spaces.mjs): new ModuleSpace({ engine })
//        + import, runner vs native engine (target: runner ≤ 0.5x native);
//        plain Node importing never-loaded copies shown for reference.
//   P6b: the first import in a fresh process (bench/children/p6-cold.mjs):
//        through the runner (transform included) vs plain Node (target
//        ≤ 1.5x), then a second copy with the runner's transform cache warm vs
//        Node's second copy (target ≤ 1.1x).
// Children run interleaved, in a rotating order, with --expose-gc.
//
//   node bench/p6.mjs                       on the Node that runs it, its default hook path
//   node bench/p6.mjs --node /path/node     children run with that binary
//   node bench/p6.mjs --hooks off-thread    MODSPACE_HOOKS for the children
//   node bench/p6.mjs --runs 5              children per mode (default 5 for P6a, 9 for P6b)
//   node bench/p6.mjs --quick               60-module graph, 1 run: checks the harness only
//
// Build first (`npm run build`). Writes bench/.work/results/p6-node-<version>-<hooks>.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORK_DIR, ensureGraph } from './graph.mjs';
import { cleanEnv, fmt, median, runNode, table, verdict } from './lib.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const quick = argv.includes('--quick');
const node = option('--node', process.execPath);
const hooks = option('--hooks', undefined);
const runsA = Number(option('--runs', quick ? 1 : 5));
const runsB = Number(option('--runs', quick ? 1 : 9));
const COUNT = quick ? 2 : 4; // graphs per P6a child after the warm-up
const TARGETS = { warm: 0.5, cold: 1.5, coldCached: 1.1 };

const version = execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
const graph = ensureGraph(quick ? { modules: 60, copies: 3, dir: join(WORK_DIR, 'graph-quick') } : { modules: 1000, copies: 5 });
const env = cleanEnv(hooks ? { MODSPACE_HOOKS: hooks } : {});
const dist = here('../dist/');
const perModule = (ms) => (ms * 1000) / graph.modules;

console.log(`Node v${version}, P6: the runner engine vs Node's loading, ${graph.modules}-module graph (${graph.bytes} bytes), hooks: ${hooks ?? 'default'}\n`);

// ---- P6a
const modesA = [
  { mode: 'native', engine: undefined, label: 'plain Node, never-loaded copies, no hooks' },
  { mode: 'modspace', engine: 'native', label: "new ModuleSpace({ engine: 'native' }) + import" },
  { mode: 'modspace', engine: 'runner', label: "new ModuleSpace({ engine: 'runner' }) + import" },
];
for (const mode of modesA) (mode.timings = []), (mode.cpu = []);
const copies = Array.from({ length: COUNT + 1 }, (_, copy) => graph.copyDir(copy));
let hookPath = null;
for (let run = 0; run < runsA; run++) {
  for (let k = 0; k < modesA.length; k++) {
    const mode = modesA[(k + run) % modesA.length];
    const job = { mode: mode.mode, engine: mode.engine, copies, entry: graph.entry, count: COUNT, modules: graph.modules, dist, root: graph.rootURL };
    const sample = await runNode(['--expose-gc', here('./children/spaces.mjs'), JSON.stringify(job)], { node, env });
    if (mode.mode !== 'native') hookPath = sample.hooks;
    mode.timings.push(...sample.timings);
    mode.cpu.push(...sample.cpuTimings);
  }
}
const [plain, nativeEngine, runnerEngine] = modesA;
console.log(`P6a: a not-yet-loaded copy inside a warm process, per module (median of ${plain.timings.length} graphs; hooks: ${hookPath})`);
console.log(
  table(
    ['', 'µs/module', 'cpu µs/module', 'vs native engine', 'vs plain Node'],
    modesA.map((mode) => [
      mode.label,
      fmt.us(perModule(median(mode.timings))),
      fmt.us(perModule(median(mode.cpu))),
      fmt.ratio(median(mode.timings) / median(nativeEngine.timings)),
      fmt.ratio(median(mode.timings) / median(plain.timings)),
    ]),
  ),
);
const warmRatio = median(runnerEngine.timings) / median(nativeEngine.timings);
console.log(`P6a target: runner ${fmt.ratio(warmRatio)} of the native engine per module: ${verdict(warmRatio, TARGETS.warm)}\n`);

// ---- P6b
const diskCache = join(WORK_DIR, 'p6-transform-cache');
const modesB = [
  { mode: 'native', label: 'plain Node, no hooks' },
  { mode: 'native-engine', label: "modspace, engine: 'native'" },
  { mode: 'runner', label: "modspace, engine: 'runner'" },
  { mode: 'runner', label: "engine: 'runner', transforms on disk (an earlier process)", env: { MODSPACE_CACHE: '1', MODSPACE_CACHE_DIR: diskCache } },
];
// The on-disk row reads what one untimed process wrote (MODSPACE_CACHE_DIR).
rmSync(diskCache, { recursive: true, force: true });
await runNode([here('./children/p6-cold.mjs'), JSON.stringify({ mode: 'runner', copies: [graph.copyDir(0), graph.copyDir(1)], entry: graph.entry, modules: graph.modules, dist })], { node, env: { ...env, ...modesB[3].env } });
await new Promise((resolve) => setTimeout(resolve, 500)); // its writes are asynchronous
for (const mode of modesB) (mode.first = []), (mode.second = []);
for (let run = 0; run < runsB; run++) {
  for (let k = 0; k < modesB.length; k++) {
    const mode = modesB[(k + run) % modesB.length];
    const job = { mode: mode.mode, copies: [graph.copyDir(0), graph.copyDir(1)], entry: graph.entry, modules: graph.modules, dist };
    const sample = await runNode([here('./children/p6-cold.mjs'), JSON.stringify(job)], { node, env: { ...env, ...mode.env } });
    mode.first.push(sample.first.ms);
    mode.second.push(sample.second.ms);
  }
}
const [coldPlain, , coldRunner, diskRunner] = modesB;
console.log(`P6b: first import in a fresh process, then a second never-loaded copy (median ms of ${runsB} processes; modspace's own start-up untimed)`);
console.log(
  table(
    ['', 'first import (cold)', 'vs plain Node', 'second copy', 'vs plain Node'],
    modesB.map((mode) => [
      mode.label,
      fmt.ms(median(mode.first)),
      fmt.ratio(median(mode.first) / median(coldPlain.first)),
      fmt.ms(median(mode.second)),
      fmt.ratio(median(mode.second) / median(coldPlain.second)),
    ]),
  ),
);
const coldRatio = median(coldRunner.first) / median(coldPlain.first);
const cachedRatio = median(coldRunner.second) / median(coldPlain.second);
console.log(`P6b target, cold (transform included): runner ${fmt.ratio(coldRatio)} of plain Node: ${verdict(coldRatio, TARGETS.cold)}`);
console.log(`P6b target, transform cache warm (second copy): runner ${fmt.ratio(cachedRatio)} of plain Node's second copy: ${verdict(cachedRatio, TARGETS.coldCached)}`);
const diskRatio = median(diskRunner.first) / median(coldPlain.first);
console.log(`P6b, a fresh process with the transforms on disk: runner ${fmt.ratio(diskRatio)} of plain Node's cold import (${verdict(diskRatio, TARGETS.cold)} against the cold target)`);

mkdirSync(join(WORK_DIR, 'results'), { recursive: true });
const out = join(WORK_DIR, 'results', `p6-node-${version}-${hookPath}.json`);
const strip = (list) => list.map(({ label, mode, engine, env: modeEnv, timings, cpu, first, second }) => ({ label, mode, engine, env: modeEnv, timings, cpu, first, second }));
writeFileSync(out, `${JSON.stringify({ node: `v${version}`, hooks: hookPath, modules: graph.modules, a: strip(modesA), b: strip(modesB), warmRatio, coldRatio, cachedRatio, diskRatio }, null, 2)}\n`);
console.log(`\nwrote ${out}`);
