// P4 child: memory over 1,000 create-override-import-dispose cycles (run with --expose-gc).
//   node --expose-gc bench/p4/cycles.mjs <mode> <cycles>     (env: P4_SMALL = small graph root URL, P4_OUT)
// modes:
//   modspace   per cycle: new ModuleSpace({ overrides: { './leaf.js': <new object> } }),
//              import entry.js (4 real modules + the generated override), check, dispose.
//   baseline   per cycle: the same 5 files imported with a bare cache-busting
//              query (import('./x.js?i=N'), no modspace, no hooks): 5 new V8
//              module records per cycle, and the same override object made and dropped.
//   nodispose  modspace without dispose(): what a leak looks like (the control).
//   runner     as modspace, with engine: 'runner' (its instances are garbage after dispose).
// Samples heapUsed after full GCs every `cycles / 10` cycles, after a warm-up.
import { writeFileSync } from 'node:fs';
import { EVALS } from './graph.mjs';
import { settledHeapUsed } from './outcome.mjs';

const [mode = 'modspace', cyclesArg = '1000'] = process.argv.slice(2);
const cycles = Number(cyclesArg);
const base = process.env.P4_SMALL;
const files = ['entry.js', 'a.js', 'b.js', 'c.js', 'leaf.js'];
const WARMUP = 20;
const PAYLOAD = 256; // numbers in each override object: ~2 KB that a leak would keep

if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
const ModuleSpace = mode === 'baseline' ? null : (await import('modspace')).ModuleSpace;


let mismatches = 0;
const held = [];
async function cycle(i) {
  const override = { value: () => i, data: new Array(PAYLOAD).fill(i) };
  if (mode === 'baseline') {
    const namespaces = await Promise.all(files.map((file) => import(`${base}${file}?i=${i}`)));
    if (typeof namespaces[0].run !== 'function') mismatches += 1;
    return;
  }
  const space = new ModuleSpace({ base, engine: mode === 'runner' ? 'runner' : undefined, overrides: { './leaf.js': override } });
  const { run } = await space.import('./entry.js');
  if (run() !== i) mismatches += 1;
  if (mode === 'nodispose') held.push(space);
  else await space.dispose();
}

const evals0 = globalThis[EVALS] ?? 0;
for (let i = 0; i < WARMUP; i++) await cycle(-1 - i);
const every = Math.max(1, Math.round(cycles / 10));
const samples = [{ cycle: 0, heapUsed: settledHeapUsed() }];
const evals1 = globalThis[EVALS] ?? 0;
for (let i = 0; i < cycles; i++) {
  await cycle(i);
  if ((i + 1) % every === 0) samples.push({ cycle: i + 1, heapUsed: settledHeapUsed() });
}
const result = {
  mode,
  node: process.version,
  cycles,
  warmup: WARMUP,
  samples,
  evalsPerCycle: ((globalThis[EVALS] ?? 0) - evals1) / cycles,
  warmupEvals: evals1 - evals0,
  mismatches,
  live: globalThis[Symbol.for('modspace.live')]?.size ?? null,
  hookMode: globalThis[Symbol.for('modspace.hooks')]?.mode ?? null,
};
if (process.env.P4_OUT) writeFileSync(process.env.P4_OUT, JSON.stringify(result));
else console.log(JSON.stringify(result, null, 2));
