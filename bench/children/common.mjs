// Small helpers shared by the child processes.
import { getHeapStatistics } from 'node:v8';

/** Which modspace hook path this process registered, if any (read from modspace's channel). */
export function hooksInUse() {
  return globalThis[Symbol.for('modspace.hooks')]?.mode ?? null;
}

/** A settled heap: full GCs until used size stops shrinking (needs --expose-gc). */
export function settledHeap() {
  if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
  let last = Infinity;
  for (let round = 0; round < 3; round++) {
    globalThis.gc();
    const used = process.memoryUsage().heapUsed;
    if (used >= last - 1024) break;
    last = used;
  }
  const memory = process.memoryUsage();
  const stats = getHeapStatistics();
  return { heapUsed: memory.heapUsed, usedHeapSize: stats.used_heap_size, external: memory.external, rss: memory.rss };
}

/** Least-squares slope of y over x: per-step growth that ignores one-off noise at either end. */
export function slope(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}

export function check(condition, message) {
  if (!condition) {
    console.error(`bench check failed: ${message}`);
    process.exit(3);
  }
}

/**
 * Runs one import of a graph and checks it evaluated exactly `modules` modules
 * (`evaluations` reads the graph's counter): wall and CPU milliseconds.
 */
export async function timedGraph(run, { evaluations, modules, mode }) {
  const before = evaluations();
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  await run();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  check(evaluations() - before === modules, `${mode}: expected ${modules} fresh evaluations, got ${evaluations() - before}`);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}
