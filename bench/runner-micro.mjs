// Micro-benchmark of the runner engine (not part of `npm run bench` yet).
// A 50-module graph (bench/graph.mjs) is evaluated 4,000 times, each time by a
// new ModuleRunner whose URLs carry a new generation token; then, for
// comparison, 500 never-loaded copies of the same graph are imported natively.
// Prints µs per module and heap growth (gc before and after) for both, and the
// cost of compiling a module by indirect eval vs vm.Script#runInThisContext.
// Usage: npm run build && node --expose-gc bench/runner-micro.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { ModuleRunner } from '../dist/runner/runner.js';
import { transformModule } from '../dist/runner/transform.js';
import { EVAL_COUNTER, WORK_DIR, ensureGraph } from './graph.mjs';

const MODULES = 50;
const RUNNER_GENERATIONS = 4000;
const NATIVE_GENERATIONS = 500;
/** Generations whose stack URLs carry the token (each compiled anew: slower, so fewer). */
const TOKEN_URL_GENERATIONS = 500;
const COMPILE_ROUNDS = 400;

if (typeof globalThis.gc !== 'function') {
  console.error('Run with --expose-gc: node --expose-gc bench/runner-micro.mjs');
  process.exit(1);
}
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    globalThis.gc();
  }
};
const heapMB = () => process.memoryUsage().heapUsed / 1024 / 1024;

const graph = ensureGraph({ modules: MODULES, copies: NATIVE_GENERATIONS, dir: join(WORK_DIR, 'runner-micro') });

// The runner reads copy-0 from memory: what is measured is the engine, not the disk.
const sources = new Map();
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.js')) sources.set(pathToFileURL(path).href, readFileSync(path, 'utf8'));
  }
};
walk(graph.copyDir(0));

const host = {
  resolve(specifier, parentURL) {
    if (!parentURL) return { url: specifier, native: false }; // the entry: an absolute URL with its token
    const url = new URL(specifier, parentURL);
    url.search = new URL(parentURL).search; // the importer's token, as a space propagates it
    return { url: url.href, native: false };
  },
  load(url) {
    const bare = new URL(url);
    bare.search = '';
    return { format: 'module', source: sources.get(bare.href) };
  },
  importNative: (url) => import(url),
};

/** The same host, naming every generation of a file alike in stack traces (compiled once per file). */
const stableHost = {
  ...host,
  stackURL(url) {
    const bare = new URL(url);
    bare.search = '';
    return bare.href;
  },
};

async function runnerGenerations(count, runnerHost) {
  globalThis[EVAL_COUNTER] = 0;
  await settle();
  const before = heapMB();
  const start = performance.now();
  for (let g = 0; g < count; g++) {
    const runner = new ModuleRunner(runnerHost);
    await runner.import(`${graph.entryURL(0)}?modspace=s1.g${g}`);
  }
  const ms = performance.now() - start;
  await settle();
  if (globalThis[EVAL_COUNTER] !== count * MODULES) throw new Error(`evaluated ${globalThis[EVAL_COUNTER]} modules`);
  return { usPerModule: (ms * 1000) / (count * MODULES), heapGrowthMB: heapMB() - before, ms };
}

async function nativeGenerations(count) {
  globalThis[EVAL_COUNTER] = 0;
  await settle();
  const before = heapMB();
  const start = performance.now();
  for (let g = 0; g < count; g++) await import(graph.entryURL(g));
  const ms = performance.now() - start;
  await settle();
  if (globalThis[EVAL_COUNTER] !== count * MODULES) throw new Error(`evaluated ${globalThis[EVAL_COUNTER]} modules`);
  return { usPerModule: (ms * 1000) / (count * MODULES), heapGrowthMB: heapMB() - before, ms };
}

/** Compiling only (no evaluation): the transformed graph, with a sourceURL never used before per round (cache misses). */
function compileCost() {
  const codes = [...sources].map(([url, source]) => [url, transformModule(source, url, false).code]);
  const indirectEval = eval;
  const measure = (label, compile) => {
    const start = performance.now();
    for (let round = 0; round < COMPILE_ROUNDS; round++) {
      for (const [url, code] of codes) compile(code, `${url}?compile=${label}${round}`);
    }
    return ((performance.now() - start) * 1000) / (COMPILE_ROUNDS * codes.length);
  };
  measure('w', (code, url) => indirectEval(`${code}\n//# sourceURL=${url}`)); // warm-up
  return {
    indirectEval: measure('e', (code, url) => indirectEval(`${code}\n//# sourceURL=${url}`)),
    runInThisContext: measure('s', (code, url) => new vm.Script(code, { filename: url }).runInThisContext()),
  };
}

await runnerGenerations(50, stableHost); // warm-up (transform cache, JIT)
const runner = await runnerGenerations(RUNNER_GENERATIONS, stableHost);
const tokenRunner = await runnerGenerations(TOKEN_URL_GENERATIONS, host);
const native = await nativeGenerations(NATIVE_GENERATIONS);
const compile = compileCost();

const f = (n, digits = 1) => n.toFixed(digits);
console.log(`Node ${process.version}, ${MODULES}-module graph (${graph.bytes} bytes)`);
console.log(`runner, stack URLs without token: ${RUNNER_GENERATIONS} generations, ${f(runner.usPerModule)} µs/module, heap +${f(runner.heapGrowthMB, 2)} MB (${f(runner.ms, 0)} ms)`);
console.log(`runner, stack URLs with token:    ${TOKEN_URL_GENERATIONS} generations, ${f(tokenRunner.usPerModule)} µs/module, heap +${f(tokenRunner.heapGrowthMB, 2)} MB (${f(tokenRunner.ms, 0)} ms)`);
console.log(`native: ${NATIVE_GENERATIONS} generations, ${f(native.usPerModule)} µs/module, heap +${f(native.heapGrowthMB, 2)} MB (${f(native.ms, 0)} ms)`);
console.log(`compile only, µs/module: indirect eval ${f(compile.indirectEval)}, vm.Script#runInThisContext ${f(compile.runInThisContext)}`);
