// What every P4 child records per test, shared by the node:test harness
// (harness.mjs) and the Vitest file (vitest/p4.test.mjs), so both count
// evaluations, mismatches and errors the same way.
import { EVALS, LEAF_EVALS } from './graph.mjs';

export function newResult(tool, tests) {
  return { tool, node: process.version, tests, wallMs: NaN, cpuMs: NaN, mismatches: 0, firstMismatches: [], errors: [], durations: [], evals: [], leafEvals: [] };
}

/** Starts one test's counters; `end(seen)` records what test `i` saw, `failed(error)` what it saw instead. */
export function startTest(result, i) {
  const evals = globalThis[EVALS] ?? 0;
  const leafEvals = globalThis[LEAF_EVALS] ?? 0;
  const at = performance.now();
  return {
    failed(error) {
      if (result.errors.length < 3) result.errors.push(String(error?.stack ?? error));
      return `error: ${error?.message ?? error}`;
    },
    end(seen) {
      result.durations.push(performance.now() - at);
      result.evals.push((globalThis[EVALS] ?? 0) - evals);
      result.leafEvals.push((globalThis[LEAF_EVALS] ?? 0) - leafEvals);
      if (seen === i) return;
      result.mismatches += 1;
      if (result.firstMismatches.length < 5) result.firstMismatches.push({ test: i, saw: Number.isNaN(seen) ? 'NaN' : seen });
    },
  };
}

/** heapUsed after full GCs until it stops shrinking (a plain reading without --expose-gc). */
export function settledHeapUsed() {
  let last = Infinity;
  for (let round = 0; round < 4 && typeof globalThis.gc === 'function'; round++) {
    globalThis.gc();
    const used = process.memoryUsage().heapUsed;
    if (used >= last - 1024) return used;
    last = used;
  }
  return process.memoryUsage().heapUsed;
}
