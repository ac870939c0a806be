// Benchmark: a plugin host. 100 plugins of 20 modules each, each plugin in its
// own space, all sharing one 50-module host API (imported by the host first),
// against importing the same files natively once (no hooks, no spaces).
//
//   node bench/plugins.mjs              on the Node that runs it (children use process.execPath)
//   node bench/plugins.mjs --runs 9     rounds (default 7; median reported)
//   node bench/plugins.mjs --quick      10 plugins, 2 rounds: checks the harness only
//
// Every figure is the wall time of loading all plugins inside a fresh child
// process (start-up, hook registration and the host API import excluded);
// rounds run each variant once, in a rotating order. Each child checks that
// every plugin module evaluated once and the host API exactly once (shared).
// Files are generated into a temporary folder, removed at the end.
import { mkdtempSync, rmSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORK_DIR } from './graph.mjs';
import { cleanEnv, fmt, median, runNode, table } from './lib.mjs';
import { writePluginGraph } from './plugins/graph.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const DIST = here('../dist/');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const runsAt = argv.indexOf('--runs');
const config = { plugins: quick ? 10 : 100, modules: 20, apiModules: 50, runs: runsAt === -1 ? (quick ? 2 : 7) : Number(argv[runsAt + 1]) };
const defaultMode = typeof nodeModule.registerHooks === 'function' ? 'in-thread' : 'off-thread';

if (!existsSync(join(DIST, 'src/index.js'))) {
  console.error('dist/ is missing: run `npm run build` first (or `npm run bench`, which builds).');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'modspace-bench-plugins-'));
try {
  const { apiEntry, pluginsDir } = writePluginGraph(dir, config);
  console.log(`modspace plugin-host benchmark on Node ${process.version}, hook path: ${defaultMode}`);
  console.log(
    `${config.plugins} plugins × ${config.modules} modules (${config.plugins * config.modules} modules), sharing a ${config.apiModules}-module host API; ` +
      `${config.runs} rounds${quick ? '  [--quick: figures are not meaningful]' : ''}`,
  );
  const variants = [
    { mode: 'native', label: 'native import of each plugin, no hooks' },
    { mode: 'spaces', label: 'new ModuleSpace per plugin + import' },
    { mode: 'loadPlugins', label: 'loadPlugins(folder), one space per plugin' },
  ];
  for (const variant of variants) variant.samples = [];
  const job = (mode) => JSON.stringify({ mode, apiEntry, pluginsDir, dist: DIST, ...config });
  // Page the files into the OS cache once, so that no variant pays for the first read.
  await runNode(['--expose-gc', here('./plugins/child.mjs'), job('native')], { env: cleanEnv() });
  const load = [loadavg()[0]];
  for (let round = 0; round < config.runs; round++) {
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(k + round) % variants.length];
      const sample = await runNode(['--expose-gc', here('./plugins/child.mjs'), job(variant.mode)], { env: cleanEnv() });
      if (variant.mode !== 'native' && sample.hooks !== defaultMode) throw new Error(`${variant.mode}: hooks ${sample.hooks}`);
      variant.samples.push(sample);
    }
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  load.push(loadavg()[0]);

  const rows = variants.map((variant) => {
    const ms = median(variant.samples.map((sample) => sample.ms));
    const cpu = median(variant.samples.map((sample) => sample.cpuMs));
    return { ...variant, ms, cpu, range: [Math.min(...variant.samples.map((s) => s.ms)), Math.max(...variant.samples.map((s) => s.ms))] };
  });
  const native = rows[0];
  const perPlugin = (ms) => ms / config.plugins;
  const perModule = (ms) => (ms * 1000) / (config.plugins * config.modules);
  console.log(
    table(
      ['variant', 'all plugins (median)', 'min – max', 'per plugin', 'per module', 'ratio', 'CPU per plugin', 'ratio'],
      rows.map((row) => [
        row.label,
        fmt.ms(row.ms),
        fmt.range(row.range, (v) => v.toFixed(0)),
        fmt.ms(perPlugin(row.ms)),
        fmt.us(perModule(row.ms)),
        fmt.ratio(row.ms / native.ms),
        fmt.ms(perPlugin(row.cpu)),
        fmt.ratio(row.cpu / native.cpu),
      ]),
    ),
  );
  console.log(`(1-minute load average ${load[0].toFixed(2)} → ${load[1].toFixed(2)} on ${cpus().length} cores)`);
  mkdirSync(join(WORK_DIR, 'results'), { recursive: true });
  const out = join(WORK_DIR, 'results', `plugins-node-${process.version}${quick ? '-quick' : ''}.json`);
  const samples = Object.fromEntries(variants.map((variant) => [variant.mode, variant.samples]));
  writeFileSync(out, `${JSON.stringify({ node: process.version, hookMode: defaultMode, date: new Date().toISOString(), config, load, rows: rows.map(({ samples: _, ...row }) => row), samples }, null, 2)}\n`);
  console.log(`figures written to ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
