// P2 child: per-module cost of importing a whole graph that is not loaded yet,
// inside a warm, running process.
//   native:   import copy-0 (warm-up), then copies 1..N: a never-loaded,
//             byte-identical copy of the graph each time; no hooks at all.
//   modspace: import copy-0 in a warm-up space, then copy-0 again in N new
//             spaces (new ModuleSpace + space.import, both timed).
//   fresh:    as modspace, but one space and space.fresh() before each import.
//   token:    the bare token loader (bench/baseline/token-loader.mjs) imports
//             copy-0's entry?t=0 (warm-up), then entry?t=1..N: the floor for
//             any loader that mints instances by URL.
//   engine (optional, modspace and fresh): the spaces' engine ('native' or 'runner').
// argv: JSON { mode, copies: [dir...], entry, count, modules, dist, root, engine }. Prints one JSON line.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { EVAL_COUNTER } from '../graph.mjs';
import { registerTokenLoader } from '../baseline/token-loader.mjs';
import { hooksInUse, timedGraph } from './common.mjs';

const { mode, copies, entry, count, modules, dist, root, engine } = JSON.parse(process.argv[2]);
const evaluations = () => globalThis[EVAL_COUNTER] ?? 0;
const timings = [];
const cpuTimings = [];

async function timed(run) {
  // Start every graph from a collected heap, so that no import pays for the garbage of the one before.
  globalThis.gc?.();
  const { ms, cpuMs } = await timedGraph(run, { evaluations, modules, mode });
  cpuTimings.push(cpuMs);
  return ms;
}

let warmup;
let tokenHooks = null;
if (mode === 'native') {
  warmup = await timed(() => import(pathToFileURL(join(copies[0], entry)).href));
  for (let i = 1; i <= count; i++) timings.push(await timed(() => import(pathToFileURL(join(copies[i], entry)).href)));
} else if (mode === 'token') {
  const hooks = registerTokenLoader(root);
  const entryURL = pathToFileURL(join(copies[0], entry)).href;
  warmup = await timed(() => import(`${entryURL}?t=0`));
  for (let i = 1; i <= count; i++) timings.push(await timed(() => import(`${entryURL}?t=${i}`)));
  tokenHooks = hooks;
} else {
  const { ModuleSpace } = await import(pathToFileURL(join(dist, 'src/index.js')).href);
  const base = copies[0];
  const specifier = `./${entry}`;
  if (mode === 'modspace') {
    warmup = await timed(() => new ModuleSpace({ name: 'warm-up', base, engine }).import(specifier));
    for (let i = 1; i <= count; i++) timings.push(await timed(() => new ModuleSpace({ name: `space-${i}`, base, engine }).import(specifier)));
  } else if (mode === 'fresh') {
    const space = new ModuleSpace({ name: 'fresh', base, engine });
    warmup = await timed(() => space.import(specifier));
    for (let i = 1; i <= count; i++) timings.push(await timed(() => space.fresh().import(specifier)));
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
}
console.log(JSON.stringify({ mode, warmup, timings, cpuTimings: cpuTimings.slice(1), hooks: hooksInUse() ?? tokenHooks }));
