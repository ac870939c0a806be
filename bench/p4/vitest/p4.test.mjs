// P4 child: Vitest. The same 100 tests as bench/p4/harness.mjs, written the
// way a Vitest user mocks a deep module per test: vi.resetModules() (every
// module is evaluated anew on the next import), vi.doMock(leaf, factory),
// import the entry, check, vi.doUnmock(leaf). Run by bench/p4.mjs through
// `vitest run --config bench/p4/vitest/vitest.config.mjs` (env as for the
// other children: P4_BASE, P4_TESTS, P4_OUT).
//
// Timed like harness.mjs: from beforeAll (just before the first test) to
// afterAll (after the last one), inside the worker that runs the file; Vitest's
// start-up (config, Vite server, worker) is outside, as process start-up is
// for the node:test children. Vite transforms each module in the main Vitest
// process (the worker asks it over RPC), so cpuMs, the worker's CPU time, does
// not include them; the wall time does.
import { afterAll, beforeAll, test, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { newResult, settledHeapUsed, startTest } from '../outcome.mjs';

const tests = Number(process.env.P4_TESTS ?? 100);
const leaf = fileURLToPath(new URL('./leaf.js', process.env.P4_BASE));
const entry = fileURLToPath(new URL('./entry.js', process.env.P4_BASE));
const result = newResult('vitest', tests);

let started;
let cpu;
beforeAll(() => {
  cpu = process.cpuUsage();
  started = performance.now();
});

for (let i = 0; i < tests; i++) {
  test(`vitest #${i}`, async () => {
    const outcome = startTest(result, i);
    let seen;
    try {
      vi.resetModules();
      vi.doMock(leaf, () => ({ value: () => i }));
      const { run } = await import(entry);
      seen = run();
    } catch (error) {
      seen = outcome.failed(error);
    } finally {
      vi.doUnmock(leaf);
    }
    outcome.end(seen);
  });
}

afterAll(() => {
  result.wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  result.cpuMs = (used.user + used.system) / 1000;
  vi.resetModules(); // what a suite leaves behind once its modules are dropped
  result.heapAfter = settledHeapUsed();
  result.pool = 'forks';
  if (process.env.P4_OUT) writeFileSync(process.env.P4_OUT, JSON.stringify(result));
});
