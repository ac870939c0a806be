// The child side of P4: runs N node:test tests, one call of `oneTest(t, i)`
// each, and writes what it measured to the JSON file named by P4_OUT.
//
// Every tool runs inside node:test (mock.module() has to), so the runner's
// own per-test cost is the same for all three. The wall time runs from the
// root `before` hook (just before the first test) to the root `after` hook
// (after the last test and its teardown, mock restores included): process
// start-up and module loading of the tool itself are outside it; the tool's
// first-use costs (hook registration, its worker thread) are inside.
// cpuMs is the CPU time of the whole process (every thread, the hooks thread
// of module.register() included) over the same span: less disturbed than the
// wall time when other work shares the machine.
//
// heapAfter: heapUsed after the last test, after full GCs when gc is exposed
// (the parent runs every child with --expose-gc), outside the timed span.
//
// A test "sees" the value `run()` of the entry returns. Test i must see i;
// every other outcome (a stale value, -1 for the real leaf, NaN for a graph
// mixing two leaves, an error) is a mismatch, counted and reported.
import { after, before, test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { EVALS, LEAF_EVALS } from './graph.mjs';

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

export function suite({ tool, setup, oneTest, teardown }) {
  const tests = Number(process.env.P4_TESTS ?? 100);
  const out = process.env.P4_OUT;
  const result = {
    tool,
    node: process.version,
    tests,
    wallMs: NaN,
    cpuMs: NaN,
    mismatches: 0,
    firstMismatches: [],
    errors: [],
    durations: [],
    evals: [],
    leafEvals: [],
  };
  let started;
  let cpu;
  before(async () => {
    await setup?.();
    cpu = process.cpuUsage();
    started = performance.now();
  });
  for (let i = 0; i < tests; i++) {
    test(`${tool} #${i}`, async (t) => {
      const evals = globalThis[EVALS] ?? 0;
      const leafEvals = globalThis[LEAF_EVALS] ?? 0;
      const at = performance.now();
      let seen;
      try {
        seen = await oneTest(t, i);
      } catch (error) {
        seen = `error: ${error?.message ?? error}`;
        if (result.errors.length < 3) result.errors.push(String(error?.stack ?? error));
      }
      result.durations.push(performance.now() - at);
      result.evals.push((globalThis[EVALS] ?? 0) - evals);
      result.leafEvals.push((globalThis[LEAF_EVALS] ?? 0) - leafEvals);
      if (seen !== i) {
        result.mismatches += 1;
        if (result.firstMismatches.length < 5) result.firstMismatches.push({ test: i, saw: Number.isNaN(seen) ? 'NaN' : seen });
      }
    });
  }
  after(async () => {
    result.wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    result.cpuMs = (used.user + used.system) / 1000;
    await teardown?.(result);
    result.heapAfter = settledHeapUsed();
    if (out) writeFileSync(out, JSON.stringify(result));
    else console.log(JSON.stringify({ ...result, durations: undefined }, null, 2));
  });
}
