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
import { newResult, settledHeapUsed, startTest } from './outcome.mjs';

export function suite({ tool, setup, oneTest, teardown }) {
  const tests = Number(process.env.P4_TESTS ?? 100);
  const out = process.env.P4_OUT;
  const result = newResult(tool, tests);
  let started;
  let cpu;
  before(async () => {
    await setup?.();
    cpu = process.cpuUsage();
    started = performance.now();
  });
  for (let i = 0; i < tests; i++) {
    test(`${tool} #${i}`, async (t) => {
      const outcome = startTest(result, i);
      let seen;
      try {
        seen = await oneTest(t, i);
      } catch (error) {
        seen = outcome.failed(error);
      }
      outcome.end(seen);
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
