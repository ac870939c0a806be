// engine: 'runner' through the public API, on every hook path: the space's ES
// modules are evaluated by modspace's runner, decided by the same hook
// functions as native spaces (overrides, policies, share, generations), and a
// dropped generation is garbage.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hookModes, makeProject, removeProject, runInProject } from './helpers.mjs';

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'lib/counter.js': "globalThis.__evals = (globalThis.__evals ?? 0) + 1; export let count = 0; export function bump() { count++; } export const id = Symbol('counter');\n",
  'lib/uses-counter.js': "import { count, bump, id } from './counter.js'; export const read = () => count; export { bump, id };\n",
  'lib/side.js': "export const side = Symbol('side');\n",
  'lib/entry.js': "export * from './uses-counter.js'; export { side } from './side.js'; export const url = import.meta.url;\n",
  'lib/host.js': "export class Token {} export const made = new Token();\n",
  'lib/uses-host.js': "import { Token, made } from './host.js'; export { Token, made };\n",
  'lib/default-of-host.js': "import host from './host.js'; export default host;\n",
  'lib/db.js': "export const query = () => 'real'; export const close = () => 'real close';\n",
  'lib/uses-db.js': "import { query, close } from './db.js'; export const answer = () => query() + '/' + close();\n",
  'lib/spawns.js': "export { spawn } from 'node:child_process';\n",
  'lib/data.json': '{ "value": 7 }\n',
  'lib/reads-json.js': "import data from './data.json' with { type: 'json' }; export default data.value;\n",
  'lib/common.cjs': "globalThis.__cjs = (globalThis.__cjs ?? 0) + 1; module.exports = { shared: true };\n",
  'lib/uses-cjs.js': "import cjs from './common.cjs'; export default cjs;\n",
  'lib/broken.js': "export const broken = ;\n",
  'graph/leaf.js': "export const leaf = () => 'leaf';\n",
});

// A 20-module chain for the memory check.
const graphFiles = {};
for (let i = 0; i < 20; i++) {
  graphFiles[`chain/m${i}.js`] = i === 19
    ? `export const payload = new Array(2000).fill(${i}); export const depth = () => ${i};\n`
    : `import { depth as next, payload } from './m${i + 1}.js'; export { payload }; export const depth = () => next();\n`;
}
const chain = makeProject({ 'package.json': JSON.stringify({ type: 'module' }), ...graphFiles });

const capture = `
  const capture = async (fn) => {
    try { return await fn(); }
    catch (e) { return { code: e.code, message: e.message }; }
  };
`;

test('engine: bad values are ERR_MODSPACE_INVALID_OPTION; MODSPACE_ENGINE chooses the default', () => {
  const out = runInProject(project, 'engine-option', `
    ${capture}
    out.bad = await capture(async () => new ModuleSpace({ engine: 'fast' }));
    out.native = new ModuleSpace({ base: import.meta.url }).engine;
    const runner = new ModuleSpace({ base: import.meta.url, engine: 'runner' });
    out.runner = runner.engine;
    out.inherited = runner.child().engine;
    out.overridden = runner.child({ engine: 'native' }).engine;
    try { runner.engine = 'native'; out.readonly = 'assigned'; } catch (e) { out.readonly = e.constructor.name; }
  `, { mode: hookModes[0], env: { MODSPACE_ENGINE: '' } });
  assert.is(out.bad.code, 'ERR_MODSPACE_INVALID_OPTION');
  assert.match(out.bad.message, /Option "engine" must be "native" or "runner", got "fast"/);
  assert.is(out.native, 'native');
  assert.is(out.runner, 'runner');
  assert.is(out.inherited, 'runner', 'children inherit the engine');
  assert.is(out.overridden, 'native');
  assert.is(out.readonly, 'TypeError', 'space.engine is read-only');

  const env = runInProject(project, 'engine-env', `
    out.engine = new ModuleSpace({ base: import.meta.url }).engine;
  `, { mode: hookModes[0], env: { MODSPACE_ENGINE: 'runner' } });
  assert.is(env.engine, 'runner');
  const bad = runInProject(project, 'engine-env-bad', `
    try { new ModuleSpace({ base: import.meta.url }); } catch (e) { out.code = e.code; }
  `, { mode: hookModes[0], env: { MODSPACE_ENGINE: 'turbo' } });
  assert.is(bad.code, 'ERR_MODSPACE_INVALID_OPTION');
});

for (const mode of hookModes) {
  test(`[${mode}] runner: instances, live bindings, fresh() and invalidate() as on the native engine`, () => {
    const out = runInProject(project, 'runner-basics', `
      const space = new ModuleSpace({ base: import.meta.url, engine: 'runner' });
      const first = await space.import('./lib/entry.js');
      first.bump();
      out.live = first.read();
      out.url = first.url.replace(/^.*\\/lib\\//, '');
      out.namespace = [Object.prototype.toString.call(first), Object.isExtensible(first), Object.keys(first).join()];
      out.again = (await space.import('./lib/entry.js')) === first;
      out.modules = space.modules().map((m) => m.url.replace(/^.*\\/lib\\//, '')).sort();
      out.invalidated = (await space.invalidate('./lib/counter.js')).map((u) => u.replace(/^.*\\/lib\\//, '')).sort();
      const second = await space.import('./lib/entry.js');
      out.afterInvalidate = [second === first, second.read(), second.side === first.side, second.id === first.id];
      space.fresh();
      const third = await space.import('./lib/entry.js');
      out.afterFresh = [third.side === first.side, third.url.replace(/^.*\\/lib\\//, '')];
      out.evals = globalThis.__evals;
      out.json = (await space.import('./lib/reads-json.js')).default;
      out.jsonAttribute = await space.import('./lib/data.json', { with: { type: 'json' } }).then((m) => m.default.value);
      try { await space.import('./lib/data.json'); } catch (e) { out.jsonWithout = e.code; }
      const cjs = (await space.import('./lib/uses-cjs.js')).default;
      const other = new ModuleSpace({ base: import.meta.url, engine: 'runner' });
      out.cjsShared = cjs === (await other.import('./lib/uses-cjs.js')).default && globalThis.__cjs === 1;
      try { await space.import('./lib/broken.js'); } catch (e) { out.syntax = e.name; }
    `, { mode });
    assert.is(out.live, 1, 'live binding');
    assert.is(out.url, 'entry.js?modspace=s1.g1', 'import.meta.url carries the token');
    assert.equal(out.namespace, ['[object Module]', false, 'bump,id,read,side,url']);
    assert.ok(out.again);
    assert.equal(out.modules, ['counter.js?modspace=s1.g1', 'entry.js?modspace=s1.g1', 'side.js?modspace=s1.g1', 'uses-counter.js?modspace=s1.g1']);
    assert.equal(out.invalidated, ['counter.js', 'entry.js', 'uses-counter.js']);
    assert.equal(out.afterInvalidate, [false, 0, true, false], 'only the module and its importers are new');
    assert.equal(out.afterFresh, [false, 'entry.js?modspace=s1.g3']);
    assert.is(out.evals, 3);
    assert.is(out.json, 7);
    assert.is(out.jsonAttribute, 7);
    assert.match(out.jsonWithout, /^ERR_IMPORT_ATTRIBUTE_MISSING$/);
    assert.ok(out.cjsShared, 'CommonJS stays native and shared');
    assert.is(out.syntax, 'SyntaxError');
  });

  test(`[${mode}] runner: overrides, policies and share are the hooks' decisions`, () => {
    const out = runInProject(project, 'runner-decisions', `
      ${capture}
      const space = new ModuleSpace({
        base: import.meta.url,
        engine: 'runner',
        overrides: { './lib/db.js': partial({ query: () => 'fake' }), 'node:os': { platform: () => 'plan9' } },
        policy: { deny: ['node:child_process'] },
      });
      out.partial = (await space.import('./lib/uses-db.js')).answer();
      out.actual = (await space.importActual('./lib/db.js')).query();
      out.os = (await space.import('node:os')).platform();
      out.denied = await capture(() => space.import('./lib/spawns.js'));
      const sourceSpace = new ModuleSpace({ base: import.meta.url, engine: 'runner', overrides: { './lib/db.js': source("export const query = () => 'source'; export const close = () => 'x';") } });
      out.source = (await sourceSpace.import('./lib/uses-db.js')).answer();
      // Share: a runner child gets its runner parent's instance; a runner child of a native parent gets Node's.
      const parent = new ModuleSpace({ base: import.meta.url, engine: 'runner' });
      const child = parent.child({ share: ['./lib/host.js'] });
      const fromParent = await parent.import('./lib/host.js');
      const fromChild = await child.import('./lib/uses-host.js');
      out.runnerShare = fromChild.Token === fromParent.Token && fromChild.made instanceof fromParent.Token;
      const nativeParent = new ModuleSpace({ base: import.meta.url });
      const runnerChild = nativeParent.child({ engine: 'runner', share: ['./lib/host.js'] });
      const nativeHost = await nativeParent.import('./lib/host.js');
      out.crossShare = (await runnerChild.import('./lib/uses-host.js')).Token === nativeHost.Token;
      out.childEngine = [nativeParent.engine, runnerChild.engine];
      // A native child sharing what a runner space evaluates gets that space's instance (as a live value).
      const runnerParent = new ModuleSpace({ name: 'app', base: import.meta.url, engine: 'runner' });
      const nativeChild = runnerParent.child({ name: 'tests', engine: 'native', share: ['./lib/host.js', './lib/counter.js'] });
      const appHost = await runnerParent.import('./lib/host.js');
      const viaChild = await nativeChild.import('./lib/uses-host.js');
      out.nativeChildShares = viaChild.Token === appHost.Token && viaChild.made === appHost.made;
      out.sharedEntry = (await nativeChild.import('./lib/host.js')).Token === appHost.Token;
      out.sharedModules = nativeChild.modules().filter((m) => m.override?.kind === 'shared').map((m) => m.override.key.split('/').pop()).sort();
      out.noDefault = await capture(() => nativeChild.import('./lib/default-of-host.js'));
      // Through a native middle space that shares it again: still the runner space's instance.
      const middle = runnerParent.child({ engine: 'native', share: ['./lib/host.js'] });
      out.viaMiddle = (await middle.child({ share: ['./lib/host.js'] }).import('./lib/uses-host.js')).Token === appHost.Token;
      // The runner space renews the module: the native child's next import sees the new instance.
      await runnerParent.invalidate('./lib/host.js');
      const renewedHost = await runnerParent.import('./lib/host.js');
      const renewedChild = await nativeChild.import('./lib/uses-host.js');
      out.renewed = renewedHost.Token !== appHost.Token && renewedChild.Token === renewedHost.Token;
      out.nativeChildWithoutShare = (await runnerParent.child({ engine: 'native' }).import('./lib/host.js')).Token !== appHost.Token;
      await space.dispose();
      out.disposed = await capture(() => space.import('./lib/uses-db.js'));
    `, { mode, env: { MODSPACE_ENGINE: '' } });
    assert.is(out.partial, 'fake/real close');
    assert.is(out.actual, 'real');
    assert.is(out.os, 'plan9');
    assert.is(out.denied.code, 'ERR_MODSPACE_DENIED');
    assert.match(out.denied.message, /deny: node:child_process/);
    assert.is(out.source, 'source/x');
    assert.ok(out.runnerShare, 'one instance of a shared module across runner spaces');
    assert.ok(out.crossShare, 'a runner child shares its native parent instance');
    assert.equal(out.childEngine, ['native', 'runner']);
    assert.ok(out.nativeChildShares, "a native child of a runner space gets the runner space's instance");
    assert.ok(out.sharedEntry);
    assert.equal(out.sharedModules, ['host.js'], 'modules() shows the shared module it imported as kind "shared" (counter.js is shared, not imported)');
    assert.is(out.noDefault.code, 'ERR_MODSPACE_MISSING_EXPORT');
    assert.match(out.noDefault.message, /host\.js, shared with a runner space, does not provide an export named 'default'/);
    assert.ok(out.viaMiddle, 'the owner is found through a native middle space that shares it too');
    assert.ok(out.renewed, "the runner space's new instance reaches the native child");
    assert.ok(out.nativeChildWithoutShare, 'a native child that shares nothing has its own instance');
    assert.is(out.disposed.code, 'ERR_MODSPACE_DISPOSED');
  });

  test(`[${mode}] runner: watch() reloads, and a broken edit keeps the old code serving`, () => {
    const out = runInProject(project, 'runner-watch', `
      const { writeFileSync } = await import('node:fs');
      const leaf = new URL('./graph/leaf.js', import.meta.url);
      writeFileSync(leaf, "export const leaf = () => 'leaf';\\n");
      const space = new ModuleSpace({ base: import.meta.url, engine: 'runner' });
      let current = await space.import('./graph/leaf.js');
      const watcher = space.watch({ entry: './graph/leaf.js', debounce: 20, onReload: (ns) => { current = ns; } });
      const next = (name) => new Promise((resolve) => watcher.once(name, resolve));
      let reloaded = next('reload');
      writeFileSync(leaf, "export const leaf = () => 'edited';\\n");
      await reloaded;
      out.edited = current.leaf();
      const failed = next('error');
      writeFileSync(leaf, "export const leaf = () => ;\\n");
      const error = await failed;
      out.error = [error.error.name, error.location?.line];
      out.stillServing = current.leaf();
      reloaded = next('reload');
      writeFileSync(leaf, "export const leaf = () => 'fixed';\\n");
      await reloaded;
      out.fixed = current.leaf();
      await watcher.close();
      await space.dispose();
    `, { mode });
    assert.is(out.edited, 'edited');
    assert.equal(out.error, ['SyntaxError', 1]);
    assert.is(out.stillServing, 'edited');
    assert.is(out.fixed, 'fixed');
  });

  test(`[${mode}] runner: 300 generations of a 20-module graph are garbage (native keeps every one)`, () => {
    const measure = (engine) => runInProject(chain, `memory-${engine}`, `
      const space = new ModuleSpace({ base: import.meta.url, engine: '${engine}' });
      const heap = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage().heapUsed; };
      await space.import('./chain/m0.js');
      space.fresh();
      await space.import('./chain/m0.js');
      const before = heap();
      for (let i = 0; i < 300; i++) {
        space.fresh();
        const m = await space.import('./chain/m0.js');
        if (m.depth() !== 19) throw new Error('wrong graph');
      }
      out.grownMB = (heap() - before) / 1e6;
    `, { mode, execArgv: ['--expose-gc'], timeout: 120_000 });
    const runner = measure('runner');
    const native = measure('native');
        console.log(`[${mode}] 300 generations: runner ${runner.grownMB.toFixed(1)} MB, native ${native.grownMB.toFixed(1)} MB`);
    assert.ok(runner.grownMB < 5, `runner heap grew ${runner.grownMB.toFixed(1)} MB over 300 generations`);
    assert.ok(native.grownMB > 4 * Math.max(runner.grownMB, 1), `native heap grew ${native.grownMB.toFixed(1)} MB (it keeps every generation)`);
  });
}

test.after(() => {
  removeProject(project);
  removeProject(chain);
});
test.run();
