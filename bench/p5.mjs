// Benchmark P5: reloads of a 50-module graph that renew all 50 modules each
// time, in one process, through the public API, on each engine:
//   runner engine: 10,000 reloads (target: heap growth < 10 MB);
//   native engine: 500 reloads, extrapolated to 10,000 (every generation is a
//   set of V8 module records that are never freed).
// Two ways to renew everything: `fresh` = space.fresh() + space.import(entry);
// `invalidate` = space.invalidate(leaf), a leaf every module imports, + import.
// Each (hook path, variant, engine) is its own child process run with
// --expose-gc; the settled heap is sampled 5 times (gc outside the timing).
// The heap is the main thread's: off-thread, the hooks thread's own heap is
// not in it (the in-thread rows have the hooks' state in the same heap).
//
//   node bench/p5.mjs                         on the Node that runs it, every hook path it has
//   node bench/p5.mjs --node /path/to/node    children run with that binary
//   node bench/p5.mjs --runner-reloads 10000 --native-reloads 500
//   node bench/p5.mjs --seconds 150           a runner run stops after this long (then extrapolated)
//   node bench/p5.mjs --quick                 200 / 50 reloads: checks the harness only
//
// Build first (`npm run build`). Writes bench/.work/results/p5-node-<version>.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORK_DIR } from './graph.mjs';
import { ensureP5Graph } from './p5/graph.mjs';
import { cleanEnv, runNode, table } from './lib.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const quick = argv.includes('--quick');
const node = option('--node', process.execPath);
const runnerReloads = Number(option('--runner-reloads', quick ? 200 : 10000));
const nativeReloads = Number(option('--native-reloads', quick ? 50 : 500));
const seconds = Number(option('--seconds', 150));
const TARGET_RELOADS = 10000;
const RUNNER_TARGET_MB = 10;

const version = execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
const [major, minor] = version.split('.').map(Number);
const hasRegisterHooks = major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 15);
const hookModes = hasRegisterHooks ? ['in-thread', 'off-thread'] : ['off-thread'];
const graph = ensureP5Graph();
const child = here('./children/p5.mjs');
const dist = here('../dist/');

console.log(`Node v${version}, P5: reloads of a ${graph.modules}-module graph renewing all ${graph.modules} modules each time (runner ${runnerReloads}, native ${nativeReloads} reloads; hook paths: ${hookModes.join(', ')})\n`);

const results = [];
for (const hooks of hookModes) {
  for (const variant of ['fresh', 'invalidate']) {
    const pair = {};
    for (const engine of ['runner', 'native']) {
      const reloads = engine === 'runner' ? runnerReloads : nativeReloads;
      const args = ['--expose-gc', child, JSON.stringify({ dist, ...graph, engine, variant, reloads, seconds })];
      const result = await runNode(args, { node, env: cleanEnv({ MODSPACE_HOOKS: hooks }) });
      if (result.hooks !== hooks) throw new Error(`asked for ${hooks} hooks, the child used ${result.hooks}`);
      delete result.stderr;
      pair[engine] = result;
    }
    results.push({ hooks, variant, ...pair });
  }
}

const f = (n, digits = 1) => n.toFixed(digits);
const at10k = (row) => (row.mbPer1000 * TARGET_RELOADS) / 1000;
const rows = [];
for (const { hooks, variant, runner, native } of results) {
  for (const [engine, row] of [['runner', runner], ['native', native]]) {
    const measured = row.reloads < TARGET_RELOADS ? ` (of ${row.asked})` : '';
    rows.push([
      `${hooks}, ${variant}, ${engine}`,
      `${row.reloads}${measured}`,
      f(row.msPerReload, 2),
      f(row.growthMB, 2),
      f(row.mbPer1000, 2),
      `${f(at10k(row), Math.abs(at10k(row)) < 100 ? 2 : 0)}${row.reloads >= TARGET_RELOADS ? '' : ' (extrapolated)'}`,
    ]);
  }
  rows.push([
    `  native / runner`,
    '',
    `${f(native.msPerReload / runner.msPerReload, 2)}x`,
    '',
    runner.mbPer1000 > 0.01 ? `${f(native.mbPer1000 / runner.mbPer1000, 0)}x` : '(runner flat)',
    '',
  ]);
}
console.log(table(['hooks, reload, engine', 'reloads', 'ms/reload', 'heap growth MB', 'MB per 1,000 reloads', 'MB at 10,000 reloads'], rows));

console.log(`\nTarget: runner heap growth over ${TARGET_RELOADS} reloads < ${RUNNER_TARGET_MB} MB`);
for (const { hooks, variant, runner } of results) {
  const growth = runner.reloads >= TARGET_RELOADS ? runner.growthMB : at10k(runner);
  const how = runner.reloads >= TARGET_RELOADS ? 'measured' : `extrapolated from ${runner.reloads}`;
  console.log(`  ${hooks}, ${variant}: ${f(growth, 2)} MB (${how}) — ${growth < RUNNER_TARGET_MB ? 'met' : 'MISSED'}`);
}

mkdirSync(join(WORK_DIR, 'results'), { recursive: true });
const out = join(WORK_DIR, 'results', `p5-node-${version}.json`);
writeFileSync(out, `${JSON.stringify({ node: `v${version}`, runnerReloads, nativeReloads, results }, null, 2)}\n`);
console.log(`\nwrote ${out}`);
