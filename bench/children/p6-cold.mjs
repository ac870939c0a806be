// P6 child: the first import of the 1,000-module graph in a fresh process, and
// then of a second, never-loaded copy (byte-identical files at other paths).
//   native: plain import(), no modspace loaded, no hooks.
//   runner / native-engine: modspace is loaded first (untimed: the tool's own
//     start-up, hooks registered), then new ModuleSpace({ engine }) + import of
//     copy 0 (cold: for the runner, every module transformed and compiled),
//     then a new space importing copy 1. The runner's transform cache is keyed
//     by source text, so copy 1 is the first import with the cache warm
//     (resolution, reading and compiling are still new).
// argv: JSON { mode, copies: [dir, dir], entry, modules, dist }. Prints one JSON line.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EVAL_COUNTER } from '../graph.mjs';
import { hooksInUse, timedGraph } from './common.mjs';

const { mode, copies, entry, modules, dist } = JSON.parse(process.argv[2]);
const evaluations = () => globalThis[EVAL_COUNTER] ?? 0;

const timed = (run) => timedGraph(run, { evaluations, modules, mode });

let first;
let second;
if (mode === 'native') {
  first = await timed(() => import(pathToFileURL(join(copies[0], entry)).href));
  second = await timed(() => import(pathToFileURL(join(copies[1], entry)).href));
} else {
  const { ModuleSpace } = await import(pathToFileURL(join(dist, 'src/index.js')).href);
  const engine = mode === 'runner' ? 'runner' : 'native';
  first = await timed(() => new ModuleSpace({ name: 'cold', base: copies[0], engine }).import(`./${entry}`));
  second = await timed(() => new ModuleSpace({ name: 'second', base: copies[1], engine }).import(`./${entry}`));
}
console.log(JSON.stringify({ mode, first, second, hooks: hooksInUse() }));
