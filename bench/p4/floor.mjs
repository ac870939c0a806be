// P4 child, reference only: Node alone, no tool, no mocking. Test i imports
// copy i of the graph (never loaded before): the cost of evaluating 200 fresh
// modules with no hooks at all, the floor under every peer. It mocks nothing,
// so every test sees the real leaf (-1): its "mismatches" are expected.
import { suite } from './harness.mjs';

const copies = process.env.P4_COPIES;

suite({
  tool: 'node alone',
  async oneTest(t, i) {
    const { run } = await import(new URL(`c${String(i).padStart(3, '0')}/entry.js`, copies).href);
    return run();
  },
});
