// P4 child: esmock 2.7. On Node 20.6+ esmock registers its own loader with
// module.register() on first use (its README: "Current versions of node do not
// require --loader"). Per test:
//   global (default): await esmock(entry, parent, {}, { './leaf.js': mock })
//     esmock's third argument, "mock definitions imported everywhere": the
//     leaf is deep in the graph, not a direct import of the entry.
//   direct:           await esmock(entry, parent, { './leaf.js': mock })
//     the second argument only mocks the entry's own imports: here it misses
//     the leaf, so every test sees the real one (kept to show the mismatch count).
// esmock purges its mock definitions itself after each call (purge is only
// needed for esmock.p), so there is nothing to restore.
import esmock from 'esmock';
import { suite } from './harness.mjs';

const base = process.env.P4_BASE;
const parent = new URL('./entry.js', base).href;
const direct = process.argv.includes('--direct');

suite({
  tool: direct ? 'esmock-direct' : 'esmock',
  async oneTest(t, i) {
    const mock = { './leaf.js': { value: () => i } };
    const { run } = direct ? await esmock('./entry.js', parent, mock) : await esmock('./entry.js', parent, {}, mock);
    return run();
  },
});
