// Benchmark P4: 100 tests, each with its own mock of one deep module of a
// 200-module ESM graph: modspace (native and runner engines) vs esmock vs
// node:test's mock.module() vs Vitest (vi.resetModules + vi.doMock), same
// machine, same run; then 1,000 create-override-import-dispose cycles to show
// that what modspace itself holds stays flat (and, on the runner, that the
// heap does).
//
//   node bench/p4.mjs                     on the Node that runs it
//   node bench/p4.mjs --node /path/node   children run with that binary (e.g. Node 24 from Node 20)
//   node bench/p4.mjs --runs 5            timing runs per variant (default 3; median reported)
//   node bench/p4.mjs --budget 170        seconds for the timing runs (default 170): a run that would
//                                         not fit is skipped (at least one run always happens), so
//                                         the whole script stays near 3 minutes on a slow Node (20)
//   node bench/p4.mjs --extra             also: Node alone (the floor) and modspace forced off-thread
//   node bench/p4.mjs --quick             10 tests, 1 run, 100 cycles: checks the harness only
//   node bench/p4.mjs --json out.json     also write the figures there
//   node bench/p4.mjs --candidate <dir>   also run modspace from another build (<dir>/src/index.js,
//                                         e.g. a copy of dist/ with a changed hook) as an extra row
//
// Build first (`npm run build`): the children import modspace from dist/.
// Every figure is measured in a fresh child process (bench/p4/*.mjs) and is
// the wall time of the 100 tests *inside* the child (process start-up
// excluded; for Vitest, inside its worker, its start-up excluded; the whole
// child process's wall time is shown too). Every child runs with --expose-gc
// and reports heapUsed after its last test, after full GCs. Runs are interleaved across variants, in a rotating order, so
// that drift on the machine hits all alike. Every test checks that it saw its
// own mock (test i: the entry's run() === i); a variant with any mismatch is
// marked INVALID and gets no ratio. Graphs go to bench/.work/p4/ (git-ignored).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureP4Graph, ensureSmallGraph, P4_DIR } from './p4/graph.mjs';
import { slope } from './children/common.mjs';
import { median } from './lib.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => {
  const at = argv.indexOf(name);
  return at === -1 || at + 1 >= argv.length ? fallback : argv[at + 1];
};

const quick = flag('--quick');
const extra = flag('--extra');
const NODE = option('--node', process.execPath);
const RUNS = Number(option('--runs', quick ? 1 : 3));
const TESTS = Number(option('--tests', quick ? 10 : 100));
const CYCLES = Number(option('--cycles', quick ? 100 : 1000));
const MODULES = 200;
const BUDGET_S = Number(option('--budget', 170));
const CHILD_TIMEOUT_MS = 120_000;

if (!existsSync(here('../dist/src/index.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}

// ---------------------------------------------------------------- children

/** Runs `node <args>` with a clean environment; resolves { code, stdout, stderr, ms }. */
function runNode(args, env = {}) {
  // The runner's transforms are not kept between processes here: every child starts as a first run does (Vitest keeps none either).
  const childEnv = { ...process.env, MODSPACE_CACHE: '0', ...env };
  delete childEnv.NODE_OPTIONS;
  if (!('MODSPACE_HOOKS' in env)) delete childEnv.MODSPACE_HOOKS;
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(NODE, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: String(error), ms: performance.now() - started });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}

const nodeVersion = (await runNode(['-p', 'process.version'])).stdout.trim();
if (!/^v\d+/.test(nodeVersion)) {
  console.error(`cannot run ${NODE}`);
  process.exit(1);
}
const probe = async (code, flags = []) => (await runNode([...flags, '-e', code])).code === 0;
const features = {
  registerHooks: await probe('process.exit(typeof require("node:module").registerHooks === "function" ? 0 : 1)'),
  register: await probe('process.exit(typeof require("node:module").register === "function" ? 0 : 1)'),
  moduleMocks: await probe('process.exit(typeof require("node:test").mock.module === "function" ? 0 : 1)', ['--experimental-test-module-mocks']),
};

// ---------------------------------------------------------------- variants

const graph = ensureP4Graph({ modules: MODULES, copies: 0 });
const small = ensureSmallGraph();
const OUT_DIR = join(P4_DIR, 'out');
rmSync(OUT_DIR, { recursive: true, force: true });
mkdirSync(OUT_DIR, { recursive: true });

/**
 * kind: 'peer' (a contender: must be correct), 'wrong' (a way to use a tool
 * that looks plausible but measures wrong behaviour: shown with its mismatch
 * count, never ranked), 'reference' (no mocking at all: the floor).
 */
const vitestBin = here('../node_modules/vitest/vitest.mjs');
const variants = [
  { id: 'modspace', label: 'modspace', kind: 'peer', script: 'modspace.mjs', how: 'new ModuleSpace({ overrides: { leaf } }) per test, import, dispose' },
  {
    id: 'modspace-runner',
    label: 'modspace (runner)',
    kind: 'peer',
    script: 'modspace.mjs',
    env: { P4_ENGINE: 'runner' },
    how: "as modspace, with engine: 'runner'",
  },
  {
    id: 'vitest',
    label: 'Vitest',
    kind: 'peer',
    argv: [vitestBin, 'run', '--config', here('./p4/vitest/vitest.config.mjs'), '--reporter=dot'],
    needs: existsSync(vitestBin) ? null : 'vitest is not installed (npm install -D vitest)',
    how: 'vi.resetModules(), vi.doMock(leaf), import the entry, vi.doUnmock (one forked worker)',
  },
  { id: 'esmock', label: 'esmock', kind: 'peer', script: 'esmock.mjs', how: "esmock('./entry.js', parent, {}, { './leaf.js': mock }) (third arg: mocks the whole tree)" },
  {
    id: 'mock.module',
    label: 'node:test mock.module',
    kind: 'peer',
    script: 'mock-module.mjs',
    flags: ['--experimental-test-module-mocks'],
    needs: features.moduleMocks ? null : `Node ${nodeVersion} has no mock.module() behind --experimental-test-module-mocks (added in 22.3.0, backported to 20.18.0)`,
    copies: true,
    how: 't.mock.module(leaf of copy i) per test, import copy i of the graph, restore',
  },
  {
    id: 'esmock-direct',
    label: 'esmock, 2nd arg only',
    kind: 'wrong',
    script: 'esmock.mjs',
    args: ['--direct'],
    how: "esmock('./entry.js', parent, { './leaf.js': mock }): mocks only the entry's own imports",
  },
  {
    id: 'mock.module-query',
    label: 'mock.module, entry?t=i',
    kind: 'wrong',
    script: 'mock-module.mjs',
    flags: ['--experimental-test-module-mocks'],
    args: ['--query'],
    needs: features.moduleMocks ? null : `Node ${nodeVersion} has no mock.module()`,
    how: 'one graph, cache-busting query on the entry only: the rest stays linked to the first mock',
  },
];
if (extra) {
  variants.push(
    { id: 'floor', label: 'Node alone, no mocks', kind: 'reference', script: 'floor.mjs', copies: true, how: 'import copy i of the graph: 200 fresh modules, no hooks' },
    {
      id: 'modspace-off-thread',
      label: 'modspace, off-thread',
      kind: 'peer',
      script: 'modspace.mjs',
      env: { MODSPACE_HOOKS: 'off-thread' },
      needs: features.registerHooks ? null : 'the default path is already off-thread on this Node',
      how: 'as modspace, MODSPACE_HOOKS=off-thread (module.register)',
    },
  );
}
const candidate = option('--candidate', null);
if (candidate) {
  const index = join(candidate, 'src/index.js');
  variants.push({
    id: 'modspace-candidate',
    label: 'modspace, candidate build',
    kind: 'peer',
    script: 'modspace.mjs',
    env: { P4_MODSPACE: pathToFileURL(index).href },
    needs: existsSync(index) ? null : `no ${index}`,
    how: `as modspace, with ${candidate}`,
  });
}
for (const variant of variants) {
  if (!variant.needs && variant.script === 'esmock.mjs' && !features.register) variant.needs = 'esmock needs module.register() (Node 20.6+)';
  if (!variant.needs && variant.script === 'modspace.mjs' && !features.register && !features.registerHooks) variant.needs = 'no module hooks API';
}
const runnable = variants.filter((variant) => !variant.needs);
const copiesNeeded = runnable.some((variant) => variant.copies) ? TESTS : 0;
const fullGraph = ensureP4Graph({ modules: MODULES, copies: copiesNeeded });

async function runVariant(variant, run) {
  const out = join(OUT_DIR, `${variant.id}-${run}.json`);
  const args = variant.argv ?? ['--expose-gc', ...(variant.flags ?? []), '--test-reporter=dot', here(`./p4/${variant.script}`), ...(variant.args ?? [])];
  const child = await runNode(args, {
    P4_BASE: fullGraph.baseURL,
    P4_COPIES: fullGraph.copiesBaseURL,
    P4_TESTS: String(TESTS),
    P4_OUT: out,
    ...(variant.env ?? {}),
  });
  if (!existsSync(out)) return { failed: `exit ${child.code}: ${lastLines(child.stderr || child.stdout)}` };
  return { ...JSON.parse(readFileSync(out, 'utf8')), processMs: child.ms };
}

function lastLines(text, count = 4) {
  return text.trim().split('\n').slice(-count).join(' | ');
}

// ---------------------------------------------------------------- stats and formatting

const ms = (value) => (Number.isFinite(value) ? (value >= 100 ? value.toFixed(0) : value.toFixed(1)) : '-');
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function table(headers, rows) {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells) => cells.map((cell, column) => String(cell).padEnd(widths[column])).join('  ').trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------- main

console.log(`P4 on Node ${nodeVersion} (${NODE === process.execPath ? 'this binary' : NODE}), ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
console.log(
  `graph: ${MODULES} modules, ${(graph.bytes / MODULES).toFixed(0)} B/module, ${graph.edges} imports, longest chain ${graph.depth}; ` +
    `${graph.reachLeaf}/${MODULES - 1} modules reach the leaf (${graph.importLeafDirectly} import it directly)`,
);
console.log(`${TESTS} tests per child, ${RUNS} run(s) per variant, interleaved${quick ? '  [--quick: figures are not meaningful]' : ''}`);
const started = performance.now();

// Page every file into the OS cache once, so no variant pays for the first read.
await runNode(['-e', `import(${JSON.stringify(new URL('./entry.js', fullGraph.baseURL).href)})`]);

const results = Object.fromEntries(runnable.map((variant) => [variant.id, []]));
let runsDone = 0;
for (let run = 0; run < RUNS; run++) {
  const elapsed = (performance.now() - started) / 1000;
  if (run > 0 && elapsed + elapsed / run > BUDGET_S) break;
  const order = runnable.map((_, i) => runnable[(i + run) % runnable.length]);
  for (const variant of order) results[variant.id].push(await runVariant(variant, run));
  runsDone += 1;
}
if (runsDone < RUNS) console.log(`(${runsDone} of ${RUNS} runs: one more would pass the ${BUDGET_S} s budget; --budget or --runs to change)`);

const summary = {};
for (const variant of variants) {
  if (variant.needs) {
    summary[variant.id] = { status: 'n/a', reason: variant.needs };
    continue;
  }
  const runs = results[variant.id];
  const failed = runs.find((r) => r.failed);
  if (failed) {
    summary[variant.id] = { status: 'failed', reason: failed.failed };
    continue;
  }
  const mismatches = Math.max(...runs.map((r) => r.mismatches));
  const all = (key) => runs.flatMap((r) => r[key]);
  summary[variant.id] = {
    status: mismatches === 0 ? 'ok' : 'wrong',
    wallMs: median(runs.map((r) => r.wallMs)),
    wallRuns: runs.map((r) => Math.round(r.wallMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    processMs: median(runs.map((r) => r.processMs)),
    heapAfter: median(runs.map((r) => r.heapAfter)),
    perTestMs: median(all('durations')),
    firstTestMs: median(runs.map((r) => r.durations[0])),
    evalsPerTest: median(all('evals').slice(1)),
    evalsFirst: runs[0].evals[0],
    leafEvals: runs[0].leafEvals.reduce((a, b) => a + b, 0),
    mismatches,
    firstMismatches: runs.find((r) => r.mismatches)?.firstMismatches ?? [],
    errors: runs.flatMap((r) => r.errors).slice(0, 2),
    extra: { hookMode: runs[0].hookMode, option: runs[0].option, liveAfter: runs[0].liveAfter },
  };
}

const reference = summary.modspace?.status === 'ok' ? summary.modspace.wallMs : NaN;
const cpuReference = summary.modspace?.status === 'ok' ? summary.modspace.cpuMs : NaN;
const rows = variants.map((variant) => {
  const s = summary[variant.id];
  if (s.status === 'n/a' || s.status === 'failed') return [variant.label, s.status, '-', '-', '-', '-', '-', '-', '-', '-', '-', s.reason];
  const ratio = s.status === 'ok' && variant.kind !== 'reference' ? `${(s.wallMs / reference).toFixed(2)}x` : variant.kind === 'reference' ? `(${(s.wallMs / reference).toFixed(2)}x)` : 'INVALID';
  const correct = variant.kind === 'reference' ? `${TESTS - s.mismatches}/${TESTS} (no mock)` : `${TESTS - s.mismatches}/${TESTS}`;
  return [
    variant.label,
    correct,
    ms(s.wallMs),
    ratio,
    `${ms(s.cpuMs)} (${(s.cpuMs / cpuReference).toFixed(2)}x)`,
    ms(s.perTestMs),
    ms(s.firstTestMs),
    `${s.evalsPerTest} (${s.evalsFirst})`,
    ms(s.processMs),
    `${(s.heapAfter / 1024 / 1024).toFixed(1)} MB`,
    s.wallRuns.join(' '),
    variant.how,
  ];
});
console.log('');
console.log(`P4a: ${TESTS} tests, each with its own mock of the leaf (wall time inside the child, median of ${runsDone})`);
console.log(
  table(['variant', 'correct', 'median ms', 'vs modspace', 'cpu ms', 'per test ms', 'first test ms', 'evals/test (1st)', 'process ms', 'heap after', 'runs ms', 'how'], rows),
);
for (const variant of variants) {
  const s = summary[variant.id];
  if (s.status === 'wrong' && variant.kind !== 'reference') {
    console.log(`  ${variant.label}: ${s.mismatches}/${TESTS} tests saw another value, e.g. ${s.firstMismatches.map((m) => `#${m.test} saw ${m.saw}`).join(', ')}`);
  }
  if (s.errors?.length) console.log(`  ${variant.label}: error: ${s.errors[0].split('\n')[0]}`);
}
const contenders = variants.filter((v) => v.kind === 'peer' && !v.id.startsWith('modspace-') && summary[v.id].status === 'ok');
const fastest = contenders.reduce((best, v) => (best === null || summary[v.id].wallMs < summary[best.id].wallMs ? v : best), null);
console.log(
  fastest
    ? `fastest correct peer: ${fastest.label}${fastest.id === 'modspace' ? ' (target met)' : ' (TARGET MISSED: modspace must be the fastest)'}` +
        ` among ${contenders.map((v) => v.label).join(', ')}`
    : 'no correct peer ran',
);
const runner = summary['modspace-runner'];
const vitest = summary.vitest;
if (runner?.status === 'ok' && vitest?.status === 'ok') {
  const time = runner.wallMs / vitest.wallMs;
  const heap = runner.heapAfter / vitest.heapAfter;
  console.log(
    `runner vs Vitest: time ${time.toFixed(2)}x (${time < 1 ? 'target met: faster' : 'TARGET MISSED: not faster'}), ` +
      `whole process ${(runner.processMs / vitest.processMs).toFixed(2)}x, ` +
      `heap after ${heap.toFixed(2)}x (${heap <= 1 ? 'target met: ≤ Vitest' : 'TARGET MISSED: > Vitest'})`,
  );
}
console.log('cpu ms: CPU time of the child (all threads) over the same span, median; less disturbed by other load on the machine than wall time.');
console.log("  (Vitest: its worker's CPU only; Vite transforms in the main Vitest process.)");
console.log('process ms: the whole child process, spawn to exit (start-up, tool set-up and teardown included). heap after: heapUsed after the last test and full GCs.');
console.log('evals/test: real modules evaluated per test (median over tests 2..N; the first test in parentheses); overrides are not counted.');

// 1,000 cycles.
const cycles = {};
for (const mode of ['modspace', 'runner', 'baseline', 'nodispose']) {
  const out = join(OUT_DIR, `cycles-${mode}.json`);
  const child = await runNode(['--expose-gc', here('./p4/cycles.mjs'), mode, String(CYCLES)], { P4_SMALL: small.baseURL, P4_OUT: out });
  cycles[mode] = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : { failed: `exit ${child.code}: ${lastLines(child.stderr)}` };
}
console.log('');
console.log(`P4b: ${CYCLES} create-override-import-dispose cycles, 5-module graph, heapUsed after full GCs (--expose-gc)`);
const perCycle = (c) => slope(c.samples.map((s) => s.cycle), c.samples.map((s) => s.heapUsed));
const cycleRows = [];
for (const [mode, label] of [
  ['modspace', 'modspace (space + new override object per cycle, dispose)'],
  ['runner', "modspace, engine: 'runner' (same cycle)"],
  ['baseline', "no modspace: the same 5 files, import('./x.js?i=N')"],
  ['nodispose', 'control: modspace without dispose()'],
]) {
  const c = cycles[mode];
  if (c.failed) {
    cycleRows.push([label, 'failed', '-', '-', '-', c.failed]);
    continue;
  }
  cycleRows.push([
    label,
    c.samples.map((s) => Math.round(s.heapUsed / 1024)).join(' '),
    `${(perCycle(c) / 1024).toFixed(2)} KB`,
    c.evalsPerCycle,
    c.mismatches,
    c.live ?? '-',
  ]);
}
console.log(table(['per cycle', `heapUsed KB at 0, ${CYCLES / 10}, ... ${CYCLES}`, 'growth/cycle', 'evals/cycle', 'mismatches', 'live registry'], cycleRows));
if (!cycles.modspace.failed && !cycles.baseline.failed) {
  const own = perCycle(cycles.modspace) - perCycle(cycles.baseline);
  const leak = cycles.nodispose.failed ? NaN : perCycle(cycles.nodispose) - perCycle(cycles.modspace);
  console.log(
    `modspace's own extra per cycle (modspace - baseline): ${kb(own)} ` +
      `(${own <= 512 ? 'flat: only V8 module records grow' : 'NOT flat'}); ` +
      `live registry entries after the last dispose: ${cycles.modspace.live}${cycles.modspace.live === 0 ? ' (ok)' : ' (SHOULD BE 0)'}; ` +
      `a leak looks like: +${kb(leak)}/cycle without dispose()`,
  );
  if (!cycles.runner.failed) {
    const runnerGrowth = perCycle(cycles.runner);
    console.log(
      `runner: ${kb(runnerGrowth)} per cycle, ${((runnerGrowth * CYCLES) / 1024 / 1024).toFixed(2)} MB over ${CYCLES} cycles ` +
        `(${runnerGrowth <= 512 ? 'flat: target met' : 'NOT flat: target missed'}); live registry after the last dispose: ${cycles.runner.live}`,
    );
  }
  if (cycles.modspace.hookMode === 'off-thread') console.log('  (off-thread hooks: the hooks thread has its own heap, not in heapUsed of the main thread)');
}
console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);

const json = option('--json', null);
const record = { node: nodeVersion, binary: NODE, date: new Date().toISOString(), tests: TESTS, runs: runsDone, graph, features, summary, cycles };
writeFileSync(join(P4_DIR, `results-${nodeVersion}.json`), `${JSON.stringify(record, null, 2)}\n`);
if (json) writeFileSync(json, `${JSON.stringify(record, null, 2)}\n`);
