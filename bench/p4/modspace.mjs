// P4 child: modspace. Per test: a new space whose leaf is overridden with a
// new live value, import the entry through it, check, dispose.
//   node bench/p4/modspace.mjs     (env: P4_BASE = graph root URL, P4_OUT, P4_TESTS,
//                                   P4_MODSPACE = another build's index.js URL, for A/B runs,
//                                   P4_ENGINE = 'runner' for the runner engine)
import { suite } from './harness.mjs';

const { ModuleSpace } = await import(process.env.P4_MODSPACE || 'modspace');

const base = process.env.P4_BASE;
const engine = process.env.P4_ENGINE || undefined;

suite({
  tool: process.env.P4_MODSPACE ? 'modspace-candidate' : engine ? `modspace-${engine}` : 'modspace',
  async oneTest(t, i) {
    const space = new ModuleSpace({ base, engine, overrides: { './leaf.js': { value: () => i } } });
    try {
      const { run } = await space.import('./entry.js');
      return run();
    } finally {
      await space.dispose();
    }
  },
  teardown(result) {
    result.hookMode = globalThis[Symbol.for('modspace.hooks')]?.mode ?? null;
    result.liveAfter = globalThis[Symbol.for('modspace.live')]?.size ?? null;
  },
});
