// Reload child. Prints one JSON line.
//   cost:   one space over the tree graph (bench/tree-graph.mjs). For each
//           change (modules whose importer chains have different sizes):
//           invalidate it + re-import the entry, timed, and the number of
//           modules actually re-evaluated; then fresh() + re-import of all.
//   memory: (run with --expose-gc) the MUD's game code in a space; 1,000
//           reloads of its command set (invalidate the command files,
//           re-import commands.js); the settled heap along the way. The same
//           number of new module instances made by a bare cache-busting
//           import (no hooks) is the baseline for what V8 keeps anyway.
// argv: JSON { mode, dist, entry, root, modules, changes, runs, gameDir, reloads }.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EVAL_COUNTER } from '../graph.mjs';
import { check, settledHeap, slope } from './common.mjs';

const options = JSON.parse(process.argv[2]);
const evaluations = () => globalThis[EVAL_COUNTER] ?? 0;
const { ModuleSpace } = await import(pathToFileURL(join(options.dist, 'src/index.js')).href);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function cost() {
  const space = new ModuleSpace({ name: 'bench', base: pathToFileURL(`${options.root}/`) });
  await space.import(options.entry);
  check(space.modules().length === options.modules, `loaded ${space.modules().length} modules, expected ${options.modules}`);
  const rows = [];
  for (const change of options.changes) {
    const times = [];
    let affected = 0;
    for (let run = 0; run < options.runs; run++) {
      const before = evaluations();
      const started = now();
      const renewed = await space.invalidate(change.file);
      await space.import(options.entry);
      times.push(now() - started);
      affected = evaluations() - before;
      check(affected === renewed.length, `invalidate said ${renewed.length} modules, ${affected} evaluated`);
    }
    rows.push({ label: change.label, affected, ms: median(times) });
  }
  const freshTimes = [];
  for (let run = 0; run < options.runs; run++) {
    const before = evaluations();
    const started = now();
    space.fresh();
    await space.import(options.entry);
    freshTimes.push(now() - started);
    check(evaluations() - before === options.modules, 'fresh() re-evaluated every module');
  }
  return { rows, fresh: { affected: options.modules, ms: median(freshTimes) } };
}

async function memory() {
  const base = pathToFileURL(`${options.gameDir}/`);
  const commandFiles = readdirSync(join(options.gameDir, 'commands')).map((name) => join(options.gameDir, 'commands', name));
  const space = new ModuleSpace({ name: 'mud', base });
  await space.import('./commands.js');
  const perReload = commandFiles.length + 1; // the commands and the table that imports them
  const points = [];
  for (let reload = 0; reload <= options.reloads; reload++) {
    if (reload > 0) {
      const renewed = await space.invalidate(commandFiles);
      check(renewed.length === perReload, `a reload renewed ${renewed.length} modules, expected ${perReload}`);
      const { commands } = await space.import('./commands.js');
      check(typeof commands.look.run === 'function', 'the reloaded command table works');
    }
    if (reload % (options.reloads / 4) === 0) points.push([reload, settledHeap().heapUsed]);
  }
  const graphNodes = space.modules().length;
  const registry = globalThis[Symbol.for('modspace.live')]?.size ?? 0;

  // Baseline: the same count of new module records, from plain cache-busting imports.
  const bare = [];
  const files = [...commandFiles, join(options.gameDir, 'commands.js')].map((file) => pathToFileURL(file).href);
  for (let reload = 0; reload <= options.reloads; reload++) {
    if (reload > 0) for (const file of files) await import(`${file}?bust=${reload}`);
    if (reload % (options.reloads / 4) === 0) bare.push([reload, settledHeap().heapUsed]);
  }
  const perStep = (list) => slope(list.map(([x]) => x), list.map(([, y]) => y));
  await space.dispose();
  return { perReload, modules: perReload, bytesPerReload: perStep(points), bareBytesPerReload: perStep(bare), heap: points, graphNodes, registry };
}

console.log(JSON.stringify(options.mode === 'cost' ? await cost() : await memory()));
