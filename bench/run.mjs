// modspace benchmarks. `npm run bench` builds, then runs this file.
//
//   node bench/run.mjs              P1, P2 and P3
//   node bench/run.mjs p1 p3        only those
//   node bench/run.mjs --quick      a 60-module graph, 2 runs: checks the harness, measures nothing worth quoting
//   node bench/run.mjs --runs 9     more runs per measurement
//
// Runs on the Node that runs it (children are spawned with process.execPath):
//   /path/to/node bench/run.mjs
// Prints a table per benchmark and writes the figures to
// bench/.work/results/node-<version>.json (render them with bench/report.mjs).
// Every cold measurement is a fresh child process; timing runs are serial and
// interleaved across variants so that drift on the machine hits all alike.
import { execFileSync } from 'node:child_process';
import * as nodeModule from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureGraph, ensureTinyGraph, WORK_DIR } from './graph.mjs';
import { cleanEnv, fmt, median, pool, quantile, runNode, table, verdict } from './lib.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const DIST = here('../dist/');
const REGISTER = join(DIST, 'src/register.js');
const CHILD = {
  cold: here('./children/cold-import.mjs'),
  spaces: here('./children/spaces.mjs'),
  heap: here('./children/heap.mjs'),
};
const PASSTHROUGH = here('./baseline/register-passthrough.mjs');

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const option = (name, fallback) => {
  const at = argv.indexOf(name);
  return at === -1 ? fallback : Number(argv[at + 1]);
};
const selected = argv.filter((arg) => /^p\d$/i.test(arg)).map((arg) => arg.toLowerCase());
const wants = (name) => selected.length === 0 || selected.includes(name);
const unknown = selected.filter((name) => !['p1', 'p2', 'p3'].includes(name));
if (unknown.length) {
  console.error(`bench/run.mjs runs p1, p2 and p3; ${unknown.join(', ')}: see bench/${unknown[0]}.mjs if it exists.`);
  process.exit(2);
}

const config = quick
  ? { modules: 60, copies: 3, p1Runs: 2, p2Runs: 2, p2Count: 2, p3Runs: 2, generations: 3, spaces: 50, disposeRuns: 1 }
  : { modules: 1000, copies: 5, p1Runs: 11, p2Runs: 8, p2Count: 4, p3Runs: 3, generations: 20, spaces: 1000, disposeRuns: 3 };
config.p1Runs = option('--runs', config.p1Runs);
config.p2Runs = option('--runs', config.p2Runs);
config.p3Runs = option('--runs', config.p3Runs);

const hasInThread = typeof nodeModule.registerHooks === 'function';
const defaultMode = hasInThread ? 'in-thread' : 'off-thread';
const TARGETS = { p1: hasInThread ? 1.05 : 1.8, p2: 1.2, p3: 1.05 };

if (!existsSync(REGISTER)) {
  console.error('dist/ is missing: run `npm run build` first (or `npm run bench`, which builds).');
  process.exit(1);
}

// --quick has a graph of its own, so that it never replaces the one a full run may be using.
const graph = ensureGraph({ modules: config.modules, copies: config.copies, dir: join(WORK_DIR, quick ? 'graph-quick' : 'graph') });
const tinyDir = ensureTinyGraph();
const results = {
  node: process.version,
  hookMode: defaultMode,
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memory: totalmem(), platform: `${process.platform}-${process.arch}` },
  quick,
  code: codeVersion(),
  config,
  graph: { modules: graph.modules, bytes: graph.bytes, edges: graph.edges, depth: graph.depth, importsPerModule: graph.importsPerModule },
};

console.log(`modspace benchmarks on Node ${process.version} (${process.platform}-${process.arch}), default hook path: ${defaultMode}`);
console.log(`machine: ${results.machine.cpus} × ${results.machine.model}; ${results.date}; code ${results.code ? `${results.code.commit}${results.code.dirty ? ' + uncommitted src/hooks changes' : ''}` : 'unknown'}`);
console.log(
  `graph: ${graph.modules} modules, ${fmt.bytes(graph.bytes)} (${(graph.bytes / graph.modules).toFixed(0)} B/module), ` +
    `${graph.edges} imports, longest import chain ${graph.depth}${quick ? '  [--quick: figures are not meaningful]' : ''}`,
);
const started = performance.now();

// Page the graph into the OS cache once, so that no variant pays for the first read.
await runNode([CHILD.cold, graph.entryURL(0)]);

if (wants('p1')) results.p1 = await measured(benchP1);
if (wants('p2')) results.p2 = await measured(benchP2);
if (wants('p3')) results.p3 = await measured(benchP3);

// A run of some benchmarks keeps the figures of the others from an earlier run on this Node.
mkdirSync(join(WORK_DIR, 'results'), { recursive: true });
const out = join(WORK_DIR, 'results', `node-${process.version}${quick ? '-quick' : ''}.json`);
let merged = results;
try {
  const earlier = JSON.parse(readFileSync(out, 'utf8'));
  if (JSON.stringify(earlier.graph) === JSON.stringify(results.graph)) merged = { ...earlier, ...results };
} catch {
  // first run on this Node
}
writeFileSync(out, `${JSON.stringify(merged, null, 2)}\n`);
console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(0)} s; figures written to ${out}`);

// ---------------------------------------------------------------------------

async function benchP1() {
  heading('P1', 'cold import of the graph in a fresh process: hooks registered by --import, no space used');
  const variants = [
    { name: 'no hooks', args: [] },
    { name: 'modspace/register', args: ['--import', pathToFileURL(REGISTER).href], modspace: true },
    { name: 'trivial hooks', args: ['--import', pathToFileURL(PASSTHROUGH).href] },
  ];
  if (hasInThread) {
    // For reference: the off-thread path on the same Node (register() is 20's only path).
    const env = cleanEnv({ MODSPACE_HOOKS: 'off-thread' });
    variants.push(
      { name: 'modspace/register, off-thread', args: variants[1].args, env, modspace: true, mode: 'off-thread' },
      { name: 'trivial hooks, off-thread', args: variants[2].args, env, mode: 'off-thread' },
    );
  }
  for (const variant of variants) variant.samples = [];
  // Round 0 is a warm-up (discarded); then each round runs every variant once, in a rotating order.
  for (let round = 0; round <= config.p1Runs; round++) {
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(k + round) % variants.length];
      const sample = await runNode([...variant.args, CHILD.cold, graph.entryURL(0)], { env: variant.env ?? cleanEnv() });
      if (sample.evaluations !== graph.modules) throw new Error(`P1 ${variant.name}: ${sample.evaluations} modules evaluated`);
      if (variant.modspace && sample.hooks !== (variant.mode ?? defaultMode)) throw new Error(`P1 ${variant.name}: hooks ${sample.hooks}`);
      if (round > 0) variant.samples.push(sample);
    }
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  const stat = (variant, key) => median(variant.samples.map((sample) => sample[key]));
  const rows = variants.map((variant) => ({
    name: variant.name,
    mode: variant.mode ?? (variant.args.length ? defaultMode : '-'),
    import: stat(variant, 'import'),
    importCpu: stat(variant, 'importCpu'),
    total: stat(variant, 'total'),
    startup: stat(variant, 'startup'),
    wall: stat(variant, 'wall'),
    importRange: [Math.min(...variant.samples.map((s) => s.import)), Math.max(...variant.samples.map((s) => s.import))],
  }));
  const none = rows[0];
  console.log(
    table(
      ['variant', 'hooks', 'graph import', 'ratio', 'min – max', 'import CPU', 'ratio', 'startup', 'start→imported', 'ratio', 'process wall'],
      rows.map((row) => [
        row.name,
        row.mode,
        fmt.ms(row.import),
        fmt.ratio(row.import / none.import),
        fmt.range(row.importRange, (v) => v.toFixed(0)),
        fmt.ms(row.importCpu),
        fmt.ratio(row.importCpu / none.importCpu),
        fmt.ms(row.startup),
        fmt.ms(row.total),
        fmt.ratio(row.total / none.total),
        fmt.ms(row.wall),
      ]),
    ),
  );
  const modspace = rows[1].import / none.import;
  const floor = rows[2].import / none.import;
  console.log(
    `P1 target (${defaultMode}): modspace ${fmt.ratio(modspace)} of no hooks: ${verdict(modspace, TARGETS.p1)}; ` +
      `trivial hooks (the floor) ${fmt.ratio(floor)}; modspace / floor ${fmt.ratio(rows[1].import / rows[2].import)}`,
  );
  return { target: TARGETS.p1, runs: config.p1Runs, rows, samples: Object.fromEntries(variants.map((v) => [v.name, v.samples])) };
}

async function benchP2() {
  heading('P2', 'importing a not-yet-loaded copy of the whole graph inside a warm process, per module');
  const copies = Array.from({ length: config.p2Count + 1 }, (_, copy) => graph.copyDir(copy));
  const modes = [
    { mode: 'native', label: 'native import, no hooks (copies 1..N)' },
    { mode: 'token', label: 'bare token loader, entry?t=N' },
    { mode: 'modspace', label: 'new ModuleSpace + import' },
    { mode: 'fresh', label: 'space.fresh() + import' },
  ];
  for (const mode of modes) (mode.timings = []), (mode.cpu = []);
  for (let run = 0; run < config.p2Runs; run++) {
    for (let k = 0; k < modes.length; k++) {
      const mode = modes[(k + run) % modes.length];
      const job = { mode: mode.mode, copies, entry: graph.entry, count: config.p2Count, modules: graph.modules, dist: DIST, root: graph.rootURL };
      const sample = await runNode(['--expose-gc', CHILD.spaces, JSON.stringify(job)]);
      if (mode.mode !== 'native' && sample.hooks !== defaultMode) throw new Error(`P2: hooks ${sample.hooks}`);
      mode.timings.push(...sample.timings);
      mode.cpu.push(...sample.cpuTimings);
    }
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  const perModule = (ms) => (ms * 1000) / graph.modules;
  const rows = modes.map((mode) => ({
    name: mode.label,
    mode: mode.mode,
    perModule: perModule(median(mode.timings)),
    p25: perModule(quantile(mode.timings, 0.25)),
    p75: perModule(quantile(mode.timings, 0.75)),
    cpuPerModule: perModule(median(mode.cpu)),
    samples: mode.timings.length,
  }));
  const native = rows[0];
  console.log(
    table(
      ['variant', 'hooks', 'per module (median)', 'p25 – p75', 'ratio', 'CPU per module', 'ratio', 'graphs'],
      rows.map((row) => [
        row.name,
        row.mode === 'native' ? '-' : defaultMode,
        fmt.us(row.perModule),
        `${row.p25.toFixed(0)} – ${row.p75.toFixed(0)} µs`,
        fmt.ratio(row.perModule / native.perModule),
        fmt.us(row.cpuPerModule),
        fmt.ratio(row.cpuPerModule / native.cpuPerModule),
        row.samples,
      ]),
    ),
  );
  const ratio = rows[2].perModule / native.perModule;
  console.log(
    `P2 target: new space ${fmt.ratio(ratio)} of native per module: ${verdict(ratio, TARGETS.p2)}; ` +
      `bare token loader (the floor) ${fmt.ratio(rows[1].perModule / native.perModule)}; modspace / floor ${fmt.ratio(rows[2].perModule / rows[1].perModule)}`,
  );
  return { target: TARGETS.p2, runs: config.p2Runs, perProcess: config.p2Count, rows, samples: Object.fromEntries(modes.map((m) => [m.mode, m.timings])) };
}

async function benchP3() {
  heading('P3', `heap retained per generation of the graph (${config.generations} generations per process, --expose-gc)`);
  const job = (mode) => ({
    mode,
    copy: graph.copyDir(0),
    entry: graph.entry,
    root: graph.rootURL,
    modules: graph.modules,
    generations: config.generations,
    dist: DIST,
    tinyDir,
    spaces: config.spaces,
  });
  const heapRun = (mode) => () => runNode(['--expose-gc', CHILD.heap, JSON.stringify(job(mode))]);
  // Memory is not timing: two children at a time.
  const tasks = [];
  for (let run = 0; run < config.p3Runs; run++) tasks.push(heapRun('token'), heapRun('modspace'));
  for (let run = 0; run < config.disposeRuns; run++) tasks.push(heapRun('dispose'), heapRun('tiny'));
  const all = await pool(tasks, 2);
  const of = (mode) => all.filter((sample) => sample.mode === mode);
  const perGen = (mode) => of(mode).map((sample) => sample.bytesPerGeneration);
  const token = perGen('token');
  const modspace = perGen('modspace');
  const rows = [
    { name: 'bare token loader (?t=N)', values: token, rss: of('token').map((s) => s.rssPerGeneration) },
    { name: 'modspace, space.fresh()', values: modspace, rss: of('modspace').map((s) => s.rssPerGeneration) },
  ];
  console.log(
    table(
      ['loader', 'hooks', 'heap per generation (median)', 'min – max', 'per module', 'ratio', 'RSS per generation'],
      rows.map((row) => [
        row.name,
        defaultMode,
        fmt.bytes(median(row.values)),
        fmt.range(row.values, fmt.bytes),
        fmt.bytes(median(row.values) / graph.modules),
        fmt.ratio(median(row.values) / median(token)),
        fmt.bytes(median(row.rss)),
      ]),
    ),
  );
  const ratio = median(modspace) / median(token);
  const nonLinearity = Math.max(...[...of('token'), ...of('modspace')].map((sample) => sample.nonLinearity));
  console.log(`P3 target: modspace ${fmt.ratio(ratio)} of the bare token loader per generation: ${verdict(ratio, TARGETS.p3)}`);
  console.log(`(heap growth is linear in the generations to within ${(nonLinearity * 100).toFixed(2)}% in every process)`);

  const dispose = of('dispose');
  const tiny = of('tiny');
  const m = (list, key) => median(list.map((sample) => sample[key]));
  console.log(`\nWhat modspace holds (${config.spaces} spaces per batch, each with 2 overrides and 1 share; median of ${dispose.length} process(es)):`);
  console.log(
    table(
      ['measure', 'bytes per space'],
      [
        [`live space (heap growth while ${config.spaces} are alive)`, fmt.bytes(m(dispose, 'bytesPerLiveSpace'))],
        ['disposed space, no import (heap left after dispose)', fmt.bytes(m(dispose, 'bytesPerDisposedSpace'))],
        ['first batch in a process, one-off (tables, pages, JIT)', fmt.bytes(m(dispose, 'firstRoundBytesPerSpace'))],
        ['disposed space that imported a 2-module graph (1 live override)', fmt.bytes(m(dispose, 'bytesPerDisposedImportingSpace'))],
        ['  vs. the token loader importing the same 2 modules (V8 keeps them)', fmt.bytes(m(tiny, 'bytesPerImport'))],
        ['override values collected after dispose', `${Math.min(...dispose.map((s) => s.overrideValuesFreed))} / ${config.spaces}`],
      ],
    ),
  );
  return {
    target: TARGETS.p3,
    runs: config.p3Runs,
    generations: config.generations,
    token,
    modspace,
    ratio,
    nonLinearity,
    tokenRss: rows[0].rss,
    modspaceRss: rows[1].rss,
    dispose,
    tiny,
  };
}

/** Runs one benchmark, noting when and how busy the machine was (other processes skew timings). */
async function measured(bench) {
  const date = new Date().toISOString();
  const loadBefore = loadavg()[0];
  const started = performance.now();
  const result = await bench();
  const load = [loadBefore, loadavg()[0]];
  const seconds = (performance.now() - started) / 1000;
  console.log(`(${seconds.toFixed(0)} s; 1-minute load average ${load[0].toFixed(2)} → ${load[1].toFixed(2)} on ${cpus().length} cores)`);
  return { date, load, seconds, ...result };
}

/** The commit measured, and whether src/ or hooks/ had uncommitted changes (dist/ is built from them). */
function codeVersion() {
  try {
    const git = (...args) => execFileSync('git', args, { cwd: here('..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { commit: git('rev-parse', '--short', 'HEAD'), dirty: git('status', '--porcelain', '--', 'src', 'hooks') !== '' };
  } catch {
    return null;
  }
}

function heading(id, text) {
  console.log(`\n${id}: ${text}`);
}
