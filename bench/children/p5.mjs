// P5 child (run with --expose-gc). One space over bench/p5's 50-module graph,
// on one engine; `reloads` reloads that each renew all 50 modules, through the
// public API: `fresh` = space.fresh() + space.import(entry); `invalidate` =
// space.invalidate(leaf) (imported by every module) + space.import(entry).
// The settled heap is sampled at 5 points (gc time is not in the timing); the
// loop stops early when `seconds` run out (the parent extrapolates).
// argv: JSON { dist, dir, entry, leaf, modules, engine, variant, reloads, seconds }. Prints one JSON line.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EVAL_COUNTER } from '../graph.mjs';
import { check, hooksInUse, settledHeap, slope } from './common.mjs';

const options = JSON.parse(process.argv[2]);
const { ModuleSpace } = await import(pathToFileURL(join(options.dist, 'src/index.js')).href);
const evaluations = () => globalThis[EVAL_COUNTER] ?? 0;
const now = () => Number(process.hrtime.bigint()) / 1e6;

const space = new ModuleSpace({ name: 'p5', base: pathToFileURL(`${options.dir}/`), engine: options.engine });
const reload =
  options.variant === 'fresh'
    ? async () => {
        space.fresh();
        return space.import(options.entry);
      }
    : async () => {
        await space.invalidate(options.leaf);
        return space.import(options.entry);
      };

let first = await space.import(options.entry);
check(space.modules().length === options.modules, `loaded ${space.modules().length} modules, expected ${options.modules}`);
for (let warm = 0; warm < 20; warm++) await reload(); // JIT, transform cache, hook paths

const samples = [];
const sampleEvery = Math.max(1, Math.floor(options.reloads / 4));
let done = 0;
let ms = 0;
const deadline = now() + options.seconds * 1000;
samples.push([0, settledHeap().heapUsed]);
const evaluatedBefore = evaluations();
while (done < options.reloads) {
  const started = now();
  const ns = await reload();
  ms += now() - started;
  check(ns !== first, 'a reload gave a new namespace');
  first = ns;
  done++;
  const out = now() > deadline;
  if (done % sampleEvery === 0 || done === options.reloads || out) samples.push([done, settledHeap().heapUsed]);
  if (out) break;
}
const evaluated = evaluations() - evaluatedBefore;
check(evaluated === done * options.modules, `${done} reloads evaluated ${evaluated} modules, expected ${done * options.modules}`);
const xs = samples.map(([x]) => x);
const ys = samples.map(([, y]) => y);
const MB = 1024 * 1024;
console.log(
  JSON.stringify({
    engine: options.engine,
    variant: options.variant,
    hooks: hooksInUse(),
    reloads: done,
    asked: options.reloads,
    msPerReload: ms / done,
    growthMB: (ys.at(-1) - ys[0]) / MB,
    mbPer1000: (slope(xs, ys) * 1000) / MB,
    heapMB: samples.map(([x, y]) => [x, +(y / MB).toFixed(2)]),
  }),
);
