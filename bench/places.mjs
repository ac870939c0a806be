// Benchmark: places (issue 6). A 200-module package imported in a fresh
// process from local files, from the warm disk cache of a web server, and
// from a zip archive; native import() of the same files for reference.
//
//   node bench/places.mjs                  on the Node that runs it (children use process.execPath)
//   node bench/places.mjs --runs 25        rounds (default 15; median reported)
//   node bench/places.mjs --quick          3 rounds: checks the harness only
//   node bench/places.mjs --cpu-prof DIR   also writes a CPU profile of every timed child into DIR/<variant>/
//   node bench/places.mjs --report         prints the Markdown table of BENCHMARKS.md from the results files
//
// Targets: warm remote cache / local files ≤ 1.1x; archive / local files ≤ 1.5x.
// Every figure is the wall time of `new ModuleSpace(...)` + the first
// `space.import('graph')` in a fresh child process (cold module map, empty
// modspace memory maps; hooks registered before the clock). Before the timed
// rounds, one child fetches the graph from a server (another process) with
// writeLockfile: true, filling the lockfile and the disk cache; the server is
// then stopped, so the remote variants can only be served from the disk cache.
// One discarded warm-up round, then N rounds of every variant in a rotating
// order. Files are generated into a temporary folder, removed at the end.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORK_DIR } from './graph.mjs';
import { cleanEnv, fmt, median, quantile, runNode, table, verdict } from './lib.mjs';
import { writePlacesGraph } from './places/graph.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const DIST = here('../dist/');
const CHILD = here('./places/child.mjs');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const at = (name) => argv.indexOf(name);
const runs = at('--runs') === -1 ? (quick ? 3 : 15) : Number(argv[at('--runs') + 1]);
const cpuProfDir = at('--cpu-prof') === -1 ? null : argv[at('--cpu-prof') + 1];
const MODULES = 200;
const TARGETS = { remote: 1.1, archive: 1.5 };
const defaultMode = typeof nodeModule.registerHooks === 'function' ? 'in-thread' : 'off-thread';

if (argv.includes('--report')) {
  report();
  process.exit(0);
}

if (!existsSync(join(DIST, 'src/index.js'))) {
  console.error('dist/ is missing: run `npm run build` first (or `npm run bench`, which builds).');
  process.exit(1);
}

const started = performance.now();
const dir = mkdtempSync(join(tmpdir(), 'modspace-bench-places-'));
try {
  const graph = writePlacesGraph(dir, { modules: MODULES });
  const lockfile = join(dir, 'modspace.lock.json');
  const cache = join(dir, 'cache');
  console.log(`modspace places benchmark on Node ${process.version}, hook path: ${defaultMode}`);
  console.log(
    `graph: ${graph.modules} modules (${fmt.bytes(graph.bytes)}, ${(graph.bytes / graph.modules).toFixed(0)} B/module, ${graph.edges} imports), ` +
      `zip ${fmt.bytes(readFileSync(graph.zip).length)}; ${runs} rounds${quick ? '  [--quick: figures are not meaningful]' : ''}`,
  );

  // Warm-up, not timed: fetch everything once through a real server, pinning and caching it.
  const server = spawn(process.execPath, [here('./places/server.mjs'), graph.root], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
  let serverOut = '';
  server.stdout.on('data', (chunk) => (serverOut += chunk));
  await once(server.stdout, 'data');
  const origin = `http://127.0.0.1:${serverOut.trim()}`;
  const job = (mode) => JSON.stringify({ mode, dist: DIST, root: graph.root, zip: graph.zip, origin, lockfile, cache, modules: graph.modules });
  let fetched;
  try {
    fetched = await runNode([CHILD, job('fetch')], { env: cleanEnv() });
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
  const requests = JSON.parse(serverOut.trim().split('\n').pop()).requests;
  const pins = Object.keys(JSON.parse(readFileSync(lockfile, 'utf8')).remote).length;
  const blobs = readdirSync(join(cache, 'blobs')).length;
  const index = readdirSync(join(cache, 'urls')).length;
  console.log(
    `warm-up fetch from ${origin}: ${fmt.ms(fetched.ms)}, ${requests} requests; lockfile pins ${pins} URLs; ` +
      `cache: ${blobs} blobs, ${index} index entries (${index - blobs} of them misses of probes); server stopped`,
  );

  const variants = [
    { mode: 'native', label: 'D: native import(), no hooks' },
    { mode: 'files', label: 'A: local files, roots: [folder]' },
    { mode: 'remote', label: 'B: warm remote cache, offline' },
    { mode: 'remote-online', label: "B': warm remote cache, online (server down)" },
    { mode: 'archive', label: 'C: archive, roots: [graph.zip]' },
  ];
  for (const variant of variants) variant.samples = [];
  const load = [loadavg()[0]];
  // Round 0 is a warm-up (discarded); then each round runs every variant once, in a rotating order.
  for (let round = 0; round <= runs; round++) {
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(k + round) % variants.length];
      const prof = cpuProfDir && round > 0 ? ['--cpu-prof', '--cpu-prof-dir', join(cpuProfDir, variant.mode)] : [];
      const sample = await runNode([...prof, CHILD, job(variant.mode)], { env: cleanEnv() });
      if (variant.mode !== 'native' && sample.hooks !== defaultMode) throw new Error(`${variant.mode}: hooks ${sample.hooks}`);
      if (round > 0) variant.samples.push(sample);
    }
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  load.push(loadavg()[0]);

  const rows = variants.map((variant) => {
    const values = variant.samples.map((sample) => sample.ms);
    return {
      mode: variant.mode,
      label: variant.label,
      ms: median(values),
      p25: quantile(values, 0.25),
      p75: quantile(values, 0.75),
      range: [Math.min(...values), Math.max(...values)],
      constructorMs: median(variant.samples.map((sample) => sample.constructorMs)),
      cpu: median(variant.samples.map((sample) => sample.cpuMs)),
      threads: Math.max(...variant.samples.map((sample) => sample.threads ?? 0)),
    };
  });
  const row = Object.fromEntries(rows.map((r) => [r.mode, r]));
  const perModule = (ms) => (ms * 1000) / graph.modules;
  console.log(
    table(
      ['variant', 'import (median)', 'p25 – p75', 'min – max', 'per module', '/ A', 'new ModuleSpace()', 'CPU', 'CPU / A', 'threads'],
      rows.map((r) => [
        r.label,
        fmt.ms(r.ms),
        `${r.p25.toFixed(1)} – ${r.p75.toFixed(1)}`,
        fmt.range(r.range, (v) => v.toFixed(0)),
        fmt.us(perModule(r.ms)),
        fmt.ratio(r.ms / row.files.ms),
        r.mode === 'native' ? '-' : fmt.ms(r.constructorMs),
        fmt.ms(r.cpu),
        fmt.ratio(r.cpu / row.files.cpu),
        r.threads || '-',
      ]),
    ),
  );
  const ratios = {
    remote: row.remote.ms / row.files.ms,
    remoteOnline: row['remote-online'].ms / row.files.ms,
    archive: row.archive.ms / row.files.ms,
    filesNative: row.files.ms / row.native.ms,
  };
  console.log(`B / A, warm remote cache (offline) / local files: ${fmt.ratio(ratios.remote)}: ${verdict(ratios.remote, TARGETS.remote)}`);
  console.log(`B' / A, warm remote cache (online, server down) / local files: ${fmt.ratio(ratios.remoteOnline)}: ${verdict(ratios.remoteOnline, TARGETS.remote)}`);
  console.log(`C / A, archive / local files: ${fmt.ratio(ratios.archive)}: ${verdict(ratios.archive, TARGETS.archive)}`);
  console.log(`A / D, local files in a space / native import: ${fmt.ratio(ratios.filesNative)}`);
  // The fetch worker adds threads: a warm cache must not start it.
  const extra = ['remote', 'remote-online'].filter((mode) => row[mode].threads > row.files.threads);
  if (extra.length) console.log(`NOTE: ${extra.join(', ')} ran with more threads than local files: the fetch worker started`);
  const seconds = (performance.now() - started) / 1000;
  console.log(`(1-minute load average ${load[0].toFixed(2)} → ${load[1].toFixed(2)} on ${cpus().length} cores; ${seconds.toFixed(0)} s in all)`);

  mkdirSync(join(WORK_DIR, 'results'), { recursive: true });
  const out = join(WORK_DIR, 'results', `places-node-${process.version}${quick ? '-quick' : ''}.json`);
  const samples = Object.fromEntries(variants.map((variant) => [variant.mode, variant.samples]));
  const result = {
    node: process.version,
    hookMode: defaultMode,
    date: new Date().toISOString(),
    runs,
    graph: { modules: graph.modules, bytes: graph.bytes, edges: graph.edges },
    warmUp: { ms: fetched.ms, requests, pins, blobs, index },
    load,
    seconds,
    targets: TARGETS,
    ratios,
    rows,
    samples,
  };
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`figures written to ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** The Markdown table of BENCHMARKS.md, from bench/.work/results/places-node-*.json (one per Node). */
function report() {
  const dir = join(WORK_DIR, 'results');
  const major = (version) => Number(version.slice(1).split('.')[0]);
  const all = readdirSync(dir)
    .filter((name) => /^places-node-v[\d.]+\.json$/.test(name))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')))
    .sort((a, b) => major(a.node) - major(b.node));
  const ok = (ratio, target) => `**${fmt.ratio(ratio)}** ${ratio <= target ? '✓' : '✗'}`;
  const cell = (row) => `${row.ms.toFixed(1)} (${row.p25.toFixed(0)}–${row.p75.toFixed(0)})`;
  const header = ['Node (hooks)', 'D native', 'A files', 'B remote cache, offline', "B' online, server down", 'C archive (open)', 'B / A (≤ 1.1x)', "B' / A", 'C / A (≤ 1.5x)', 'A / D', 'A per module'];
  const lines = [`| ${header.join(' | ')} |`, `| --- |${' --: |'.repeat(header.length - 1)}`];
  for (const r of all) {
    const row = Object.fromEntries(r.rows.map((x) => [x.mode, x]));
    lines.push(
      `| ${[
        `${r.node} (${r.hookMode})`,
        cell(row.native),
        cell(row.files),
        cell(row.remote),
        cell(row['remote-online']),
        `${cell(row.archive)} (${row.archive.constructorMs?.toFixed(0) ?? "?"})`,
        ok(r.ratios.remote, r.targets.remote),
        fmt.ratio(r.ratios.remoteOnline),
        ok(r.ratios.archive, r.targets.archive),
        fmt.ratio(r.ratios.filesNative),
        fmt.us((row.files.ms * 1000) / r.graph.modules),
      ].join(' | ')} |`,
    );
  }
  console.log(lines.join('\n'));
}
