// P3 child (run with --expose-gc). Prints one JSON line.
//   token:    the bare token loader (bench/baseline/token-loader.mjs) imports
//             entry?t=0..G: generation 0 is the warm-up, 1..G are measured.
//   modspace: one space imports the entry, then space.fresh() + import G times.
//   dispose:  what modspace holds for spaces that were disposed: create and
//             dispose 1,000 spaces with an override and a share and no
//             imports; then 1,000 that each import a 2-module graph whose
//             dependency is a live override, and check the values are freed.
//   tiny:     the token loader importing that 2-module graph 1,000 times: what
//             V8 itself keeps for such modules, for comparison.
// argv: JSON { mode, copy, entry, root, modules, generations, dist, tinyDir, spaces }.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EVAL_COUNTER } from '../graph.mjs';
import { registerTokenLoader } from '../baseline/token-loader.mjs';
import { check, hooksInUse, settledHeap, slope } from './common.mjs';

const options = JSON.parse(process.argv[2]);
const { mode, copy, entry, root, modules, generations, dist, tinyDir, spaces } = options;
const evaluations = () => globalThis[EVAL_COUNTER] ?? 0;
const loadModspace = () => import(pathToFileURL(join(dist, 'src/index.js')).href);

/**
 * Imports generations 0..G. The heap is settled (full GCs) after generation
 * 0, the warm-up that carries one-off costs (the loader's code, caches), and
 * after every quarter of the run; the growth from generation 0 to G over G is
 * the figure, and the quarter points show whether it is linear.
 */
async function perGeneration(importGeneration) {
  const checkpoints = new Set([0, ...[1, 2, 3, 4].map((q) => Math.round((generations * q) / 4))]);
  const points = [];
  for (let g = 0; g <= generations; g++) {
    const before = evaluations();
    await importGeneration(g);
    check(evaluations() - before === modules, `${mode}: generation ${g} evaluated ${evaluations() - before} modules, expected ${modules}`);
    if (checkpoints.has(g)) points.push({ g, ...settledHeap() });
  }
  const first = points[0];
  const last = points[points.length - 1];
  const per = (key) => (last[key] - first[key]) / generations;
  const bytesPerGeneration = per('heapUsed');
  // Largest gap between a quarter point and the straight line from first to last, relative to the growth.
  const nonLinearity = Math.max(
    ...points.map((p) => Math.abs(p.heapUsed - (first.heapUsed + bytesPerGeneration * p.g)) / (bytesPerGeneration * generations)),
  );
  return {
    heapUsed: points.map((p) => [p.g, p.heapUsed]),
    bytesPerGeneration,
    slope: slope(points.map((p) => p.g).slice(1), points.map((p) => p.heapUsed).slice(1)),
    nonLinearity,
    usedHeapSizePerGeneration: per('usedHeapSize'),
    externalPerGeneration: per('external'),
    rssPerGeneration: per('rss'),
  };
}

let result;
if (mode === 'token') {
  const hooks = registerTokenLoader(root);
  const entryURL = pathToFileURL(join(copy, entry)).href;
  result = { hooks, ...(await perGeneration((g) => import(`${entryURL}?t=${g}`))) };
} else if (mode === 'modspace') {
  const { ModuleSpace } = await loadModspace();
  const space = new ModuleSpace({ name: 'heap', base: copy });
  result = { ...(await perGeneration((g) => (g === 0 ? space : space.fresh()).import(`./${entry}`))), hooks: hooksInUse() };
} else if (mode === 'dispose') {
  const { ModuleSpace } = await loadModspace();
  const spaceOptions = (i) => ({
    name: `disposable-${i}`,
    base: copy,
    overrides: { './d00/m0001.js': { value: i, compute: () => i }, 'node:os': { platform: () => 'bench' } },
    share: ['./d00/m0002.js'],
  });
  // Round 0 is the warm-up: it brings the code paths, the caches and the
  // high-water mark of the heap's own tables and pages that a first batch of
  // 1,000 live spaces sets once per process. Rounds 1..3 are measured.
  const rounds = 3;
  const liveBytes = [];
  let start;
  let warmupStart;
  for (let round = 0; round <= rounds; round++) {
    const before = settledHeap();
    if (round === 0) warmupStart = before;
    if (round === 1) start = before;
    let alive = Array.from({ length: spaces }, (_, i) => new ModuleSpace(spaceOptions(i)));
    liveBytes.push((settledHeap().heapUsed - before.heapUsed) / spaces);
    for (const space of alive) await space.dispose();
    alive = null;
  }
  const afterDispose = settledHeap();

  // Spaces that import: entry.js + dep.js, dep.js overridden by a live value.
  const refs = [];
  const tinyBase = pathToFileURL(`${tinyDir}/`).href;
  const importOnce = async (value) => {
    const space = new ModuleSpace({ base: tinyBase, overrides: { './dep.js': value } });
    const ns = await space.import('./entry.js');
    check(ns.default === value.value, 'the override reached the module');
    await space.dispose();
  };
  for (let i = 0; i < 100; i++) await importOnce({ value: i });
  const importStart = settledHeap();
  // In a function of its own: the suspended top-level frame must not keep the last value in a register.
  await (async () => {
    for (let i = 0; i < spaces; i++) {
      const payload = { value: new Array(64).fill(i) };
      refs.push(new WeakRef(payload));
      await importOnce(payload);
    }
  })();
  const importEnd = settledHeap();
  // A few more spaces, so that "the last one used" is not among those counted.
  for (let i = 0; i < 10; i++) await importOnce({ value: i });
  // A WeakRef keeps its target until the job that created or read it ends.
  await new Promise((resolve) => setTimeout(resolve, 10));
  settledHeap();
  const overrideValuesFreed = refs.filter((ref) => ref.deref() === undefined).length;
  result = {
    hooks: hooksInUse(),
    spaces,
    bytesPerLiveSpace: liveBytes.slice(1).sort((a, b) => a - b)[1],
    // One-off: what the warm-up round of 1,000 spaces left behind, per space.
    firstRoundBytesPerSpace: (start.heapUsed - warmupStart.heapUsed) / spaces,
    bytesPerDisposedSpace: (afterDispose.heapUsed - start.heapUsed) / (spaces * rounds),
    bytesPerDisposedImportingSpace: (importEnd.heapUsed - importStart.heapUsed) / spaces,
    overrideValuesFreed,
  };
} else if (mode === 'tiny') {
  const hooks = registerTokenLoader(pathToFileURL(`${tinyDir}/`).href);
  const entryURL = pathToFileURL(join(tinyDir, 'entry.js')).href;
  for (let i = 0; i < 100; i++) await import(`${entryURL}?t=w${i}`);
  const start = settledHeap();
  for (let i = 0; i < spaces; i++) await import(`${entryURL}?t=${i}`);
  const end = settledHeap();
  result = { hooks, spaces, bytesPerImport: (end.heapUsed - start.heapUsed) / spaces };
} else {
  throw new Error(`unknown mode ${mode}`);
}
console.log(JSON.stringify({ mode, ...result }));
