// P4 child: node:test's mock.module() (needs --experimental-test-module-mocks,
// Node 22.3+). Per test, inside a real node:test test: t.mock.module() on the
// leaf, import the entry, check, restore.
//
// mock.module() only changes what the *next* resolution of the leaf gives; a
// module already in Node's cache keeps the leaf it linked against. So:
//   copies (default): test i imports copy i of the graph (bench/.work/p4/copies/cNNN),
//     never loaded before, and mocks that copy's leaf: every test sees its own
//     value, at the cost of 200 fresh modules per test (as modspace).
//   query: test i imports entry.js?t=i of the one graph. Only the entry is new;
//     the other 199 modules are the ones the first test linked, so every later
//     test sees the first test's leaf (kept to show the mismatch count).
import { mock } from 'node:test';
import { suite } from './harness.mjs';

const query = process.argv.includes('--query');
const base = process.env.P4_BASE;
const copies = process.env.P4_COPIES;
const copyURL = (i, path) => new URL(`c${String(i).padStart(3, '0')}/${path}`, copies).href;

// Node 24 renamed the option (namedExports -> exports, with a deprecation
// warning for the old name) and Node 22 only knows namedExports: ask once.
let option = 'exports';

suite({
  tool: query ? 'mock.module-query' : 'mock.module',
  async setup() {
    const probeURL = 'data:text/javascript,export const which = 0;';
    const tracked = mock.module(probeURL, { exports: { which: 'exports' } });
    try {
      const ns = await import(probeURL);
      option = ns.which === 'exports' ? 'exports' : 'namedExports';
    } catch {
      option = 'namedExports';
    } finally {
      tracked.restore();
    }
  },
  async oneTest(t, i) {
    const leaf = query ? new URL('./leaf.js', base).href : copyURL(i, 'leaf.js');
    const entry = query ? `${new URL('./entry.js', base).href}?t=${i}` : copyURL(i, 'entry.js');
    const mocked = t.mock.module(leaf, { [option]: { value: () => i } });
    try {
      const { run } = await import(entry);
      return run();
    } finally {
      mocked.restore();
    }
  },
  teardown(result) {
    result.option = option;
  },
});
