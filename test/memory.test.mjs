// What modspace holds is freed on dispose(): override values and the space
// itself become collectable (run with --expose-gc, observed through WeakRef),
// even after modules that import the override were evaluated.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hookModes, makeProject, removeProject, runInProject } from './helpers.mjs';

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'lib/value.js': `export const v = 'real';`,
  'lib/reads-value.js': `export { v } from './value.js'; export * as whole from './value.js';`,
  'lib/shared.js': `export const shared = {};`,
});

for (const mode of hookModes) {
  test(`[${mode}] after dispose() override values and space state are collectable`, () => {
    const out = runInProject(project, 'collectable', `
      const settle = async () => { for (let i = 0; i < 6; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 5)); } };
      async function useSpace() {
        const value = { v: new Array(100_000).fill('payload'), method() { return this; } };
        const parent = new ModuleSpace({ base: import.meta.url, overrides: { './lib/value.js': value } });
        const child = parent.child({ overrides: { 'node:os': { hostname: () => 'fake' } } });
        const m = await parent.import('./lib/reads-value.js');
        await child.import('node:os');
        const refs = { value: new WeakRef(value), parent: new WeakRef(parent), child: new WeakRef(child), namespace: new WeakRef(m) };
        out.beforeDispose = m.v === value.v;
        await parent.dispose();
        return refs;
      }
      const refs = await useSpace();
      await settle();
      out.collected = Object.fromEntries(Object.entries(refs).map(([k, ref]) => [k, ref.deref() === undefined]));
      out.registry = globalThis[Symbol.for('modspace.live')].size;
    `, { mode, execArgv: ['--expose-gc'] });
    assert.is(out.beforeDispose, true);
    assert.is(out.registry, 0);
    assert.is(out.collected.value, true, 'the override value is collectable');
    assert.is(out.collected.parent, true, 'the space is collectable');
    assert.is(out.collected.child, true, 'its child is collectable');
  });

  test(`[${mode}] 1,000 create-override-import-dispose cycles leave modspace holding nothing`, () => {
    const out = runInProject(project, 'cycles', `
      const refs = [];
      for (let i = 0; i < 1000; i++) {
        const value = { v: i };
        const space = new ModuleSpace({ base: import.meta.url, overrides: { './lib/value.js': value } });
        await space.import('./lib/reads-value.js');
        if (i % 100 === 0) refs.push(new WeakRef(value), new WeakRef(space));
        await space.dispose();
      }
      for (let i = 0; i < 6; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 5)); }
      out.alive = refs.filter((ref) => ref.deref() !== undefined).length;
      out.registry = globalThis[Symbol.for('modspace.live')].size;
    `, { mode, execArgv: ['--expose-gc'], timeout: 120_000 });
    assert.is(out.alive, 0);
    assert.is(out.registry, 0);
  });

  test(`[${mode}] 500 invalidate-and-reimport cycles keep the graph at the current instances; a watched space is collectable after close and dispose`, () => {
    const out = runInProject(project, 'reloads', `
      const settle = async () => { for (let i = 0; i < 6; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 5)); } };
      async function useSpace() {
        const space = new ModuleSpace({ base: import.meta.url });
        await space.import('./lib/reads-value.js');
        const sizes = new Set();
        for (let i = 0; i < 500; i++) {
          await space.invalidate('./lib/value.js');
          await space.import('./lib/reads-value.js');
          sizes.add(space.modules().length);
        }
        out.sizes = [...sizes];
        out.generation = space.generation;
        const watcher = space.watch({ entry: './lib/reads-value.js' });
        await watcher.close();
        const ref = new WeakRef(space);
        await space.dispose();
        return { space: ref, watcher: new WeakRef(watcher) };
      }
      const refs = await useSpace();
      await settle();
      out.collected = { space: refs.space.deref() === undefined, watcher: refs.watcher.deref() === undefined };
    `, { mode, execArgv: ['--expose-gc'], timeout: 120_000 });
    assert.equal(out.sizes, [2], 'two modules loaded, whatever the number of reloads');
    assert.is(out.generation, 501);
    assert.equal(out.collected, { space: true, watcher: true });
  });
}

test.after(() => removeProject(project));
test.run();
