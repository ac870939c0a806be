// Core behaviour of module spaces, checked in child processes through the
// public API, once per hook path this Node offers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { hookModes, makeProject, removeProject, runInProject } from './helpers.mjs';

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module', imports: { '#cfg': './lib/config.js' } }),
  'lib/counter.js': `
    globalThis.__counts ??= {};
    globalThis.__counts.counter = (globalThis.__counts.counter ?? 0) + 1;
    export const instance = globalThis.__counts.counter;
    export const url = import.meta.url;
  `,
  'lib/static.js': `import { url } from './counter.js'; export const seen = url; export const self = import.meta.url;`,
  'lib/dynamic.js': `export const load = () => import('./counter.js');`,
  'lib/absolute.js': `
    export const byURL = () => import(new URL('./counter.js', import.meta.url).href.replace(/\\?.*$/, ''));
    export const byPath = () => import(import.meta.filename.replace(/absolute\\.js$/, 'counter.js'));
  `,
  'lib/host.js': `export class Token {} export const made = new Token();`,
  'lib/uses-host.js': `import { Token } from './host.js'; export const token = new Token(); export { Token };`,
  'lib/data.json': '{ "value": 1 }',
  'lib/reads-json.js': `import data from './data.json' with { type: 'json' }; export default data;`,
  'lib/query.js': `export { url } from './counter.js'; export const self = import.meta.url;`,
  'lib/imports-query.js': `export * as q from './query.js?variant=2';`,
  'lib/config.js': `export default 'config';`,
  'node_modules/flavour/package.json': JSON.stringify({
    name: 'flavour', type: 'module',
    exports: { '.': { development: './dev.js', production: './prod.js', default: './default.js' } },
  }),
  'node_modules/flavour/dev.js': `export default 'development';`,
  'node_modules/flavour/prod.js': `export default 'production';`,
  'node_modules/flavour/default.js': `export default 'default';`,
  'lib/uses-flavour.js': `export { default } from 'flavour'; export const resolved = import.meta.resolve('flavour');`,
  'lib/uses-alias.js': `export { default } from '#cfg';`,
  'lib/slow.js': `
    globalThis.__counts ??= {};
    globalThis.__counts.slow = (globalThis.__counts.slow ?? 0) + 1;
    await new Promise((r) => setTimeout(r, 20));
    export const instance = globalThis.__counts.slow;
  `,
  'lib/common.cjs': `
    globalThis.__counts ??= {};
    globalThis.__counts.cjs = (globalThis.__counts.cjs ?? 0) + 1;
    module.exports = { instance: globalThis.__counts.cjs, fsReadType: typeof require('node:fs').readFileSync };
  `,
  'lib/uses-cjs.js': `import cjs from './common.cjs'; export default cjs;`,
  'lib/requires-fs.js': `
    import { createRequire } from 'node:module';
    export const viaRequire = createRequire(import.meta.url)('node:fs').readFileSync;
  `,
  'odd dir #1/%25 ünï.js': `export { url } from '../lib/counter.js'; export const self = import.meta.url;`,
});
const run = (name, body, mode) => runInProject(project, name, body, { mode });

for (const mode of hookModes) {
  test(`[${mode}] static, dynamic, absolute-URL and absolute-path imports keep the space's token`, () => {
    const out = run('propagation', `
      const space = new ModuleSpace({ name: 'p', base: import.meta.url });
      const s = await space.import('./lib/static.js');
      const d = await (await space.import('./lib/dynamic.js')).load();
      const a = await space.import('./lib/absolute.js');
      out.self = s.self; out.seen = s.seen; out.dynamic = d.url;
      out.byURL = (await a.byURL()).url; out.byPath = (await a.byPath()).url;
      out.instances = [d.instance, (await a.byURL()).instance, (await a.byPath()).instance];
      out.hookMode = space.hookMode;
    `, mode);
    assert.is(out.hookMode, mode);
    assert.match(out.self, /\/lib\/static\.js\?modspace=s1\.g1$/);
    for (const url of [out.seen, out.dynamic, out.byURL, out.byPath]) assert.match(url, /\/lib\/counter\.js\?modspace=s1\.g1$/);
    assert.equal(out.instances, [1, 1, 1], 'one instance of counter.js inside the space');
  });

  test(`[${mode}] two spaces give two instances; the plain import is a third`, () => {
    const out = run('two-spaces', `
      const a = new ModuleSpace({ base: import.meta.url });
      const b = new ModuleSpace({ base: import.meta.url });
      out.a = (await a.import('./lib/counter.js')).instance;
      out.b = (await b.import('./lib/counter.js')).instance;
      out.again = (await a.import('./lib/counter.js')).instance;
      out.plain = (await import('./lib/counter.js')).instance;
      out.names = [a.name, b.name];
    `, mode);
    assert.equal([out.a, out.b, out.again, out.plain], [1, 2, 1, 3]);
    assert.equal(out.names, ['space-1', 'space-2']);
  });

  test(`[${mode}] fresh() gives new instances; old ones keep working; shared ones stay`, () => {
    const out = run('fresh', `
      const parent = new ModuleSpace({ base: import.meta.url });
      const space = parent.child({ share: ['./lib/host.js'] });
      const first = await space.import('./lib/uses-host.js');
      const counter1 = await space.import('./lib/counter.js');
      space.fresh();
      const second = await space.import('./lib/uses-host.js');
      const counter2 = await space.import('./lib/counter.js');
      out.generation = space.generation;
      out.counters = [counter1.instance, counter2.instance];
      out.urls = [counter1.url, counter2.url];
      out.sameModule = first === second;
      out.sharedClass = first.Token === second.Token;
      out.oldStillWorks = first.token instanceof first.Token;
      const host = await parent.import('./lib/host.js');
      out.crossBoundary = second.token instanceof host.Token;
    `, mode);
    assert.is(out.generation, 2);
    assert.equal(out.counters, [1, 2]);
    assert.match(out.urls[0], /\?modspace=s2\.g1$/);
    assert.match(out.urls[1], /\?modspace=s2\.g2$/);
    assert.is(out.sameModule, false);
    assert.is(out.sharedClass, true, 'the shared module is one instance across generations');
    assert.is(out.oldStillWorks, true);
    assert.is(out.crossBoundary, true, 'instanceof works across the boundary');
  });

  test(`[${mode}] a child delegates exactly its share list to the parent`, () => {
    const out = run('child', `
      const parent = new ModuleSpace({ name: 'parent', base: import.meta.url });
      const child = parent.child({ name: 'child', share: ['./lib/host.js'] });
      const rootChild = new ModuleSpace({ base: import.meta.url, share: ['./lib/host.js'] });
      const p = await parent.import('./lib/host.js');
      const c = await child.import('./lib/host.js');
      const viaDep = await child.import('./lib/uses-host.js');
      out.shared = p === c && viaDep.Token === p.Token;
      out.childCounter = (await child.import('./lib/counter.js')).instance;
      out.parentCounter = (await parent.import('./lib/counter.js')).instance;
      out.childParent = child.parent === parent;
      const plainHost = await import('./lib/host.js');
      out.rootShared = (await rootChild.import('./lib/host.js')) === plainHost;
      out.childURL = child.resolve('./lib/host.js');
      out.childOwnURL = child.resolve('./lib/counter.js');
    `, mode);
    assert.is(out.shared, true);
    assert.equal([out.childCounter, out.parentCounter], [1, 2], 'unshared modules are per space');
    assert.is(out.childParent, true);
    assert.is(out.rootShared, true, "a root space's share list delegates to Node's own graph");
    assert.match(out.childURL, /lib\/host\.js\?modspace=s1\.g1$/);
    assert.match(out.childOwnURL, /lib\/counter\.js\?modspace=s2\.g1$/);
  });

  test(`[${mode}] JSON modules: one instance per space, attributes honoured`, () => {
    const out = run('json', `
      const a = new ModuleSpace({ base: import.meta.url });
      const b = new ModuleSpace({ base: import.meta.url });
      const ja = await a.import('./lib/data.json', { with: { type: 'json' } });
      const jb = await b.import('./lib/data.json', { with: { type: 'json' } });
      const viaModule = (await a.import('./lib/reads-json.js')).default;
      out.values = [ja.default.value, jb.default.value];
      out.distinct = ja.default !== jb.default;
      out.sameInSpace = viaModule === ja.default;
      try { await a.import('./lib/data.json'); } catch (e) { out.missingAttribute = e.code; }
    `, mode);
    assert.equal(out.values, [1, 1]);
    assert.is(out.distinct, true);
    assert.is(out.sameInSpace, true);
    // Node 20 still names it an assertion.
    assert.match(out.missingAttribute, /^ERR_IMPORT_(ATTRIBUTE|ASSERTION)_(TYPE_)?MISSING$/);
  });

  test(`[${mode}] paths with spaces, #, % and unicode`, () => {
    const out = run('odd-paths', `
      const { pathToFileURL } = await import('node:url');
      const path = import.meta.dirname + '/odd dir #1/%25 ünï.js';
      const space = new ModuleSpace({ base: import.meta.url });
      const m = await space.import('./odd%20dir%20%231/%2525%20%C3%BCn%C3%AF.js');
      out.self = decodeURIComponent(new URL(m.self).pathname);
      out.selfToken = new URL(m.self).searchParams.get('modspace');
      out.counter = m.url;
      out.samePath = (await space.import(path)) === m;
      out.sameURL = (await space.import(pathToFileURL(path))) === m;
    `, mode);
    assert.ok(out.self.endsWith('/odd dir #1/%25 ünï.js'), out.self);
    assert.is(out.selfToken, 's1.g1');
    assert.match(out.counter, /lib\/counter\.js\?modspace=s1\.g1$/);
    assert.is(out.samePath, true, 'an absolute path with odd characters names the same module');
    assert.is(out.sameURL, true, 'a file URL object names the same module');
  });

  test(`[${mode}] a specifier's own query string is kept beside the token`, () => {
    const out = run('query', `
      const space = new ModuleSpace({ base: import.meta.url });
      const m = await space.import('./lib/imports-query.js');
      const direct = await space.import('./lib/query.js?variant=2');
      const other = await space.import('./lib/query.js?variant=3');
      out.self = m.q.self; out.same = direct === m.q; out.other = other === m.q;
      out.counter = m.q.url;
    `, mode);
    assert.match(out.self, /lib\/query\.js\?variant=2&modspace=s1\.g1$/);
    assert.is(out.same, true);
    assert.is(out.other, false);
    assert.match(out.counter, /lib\/counter\.js\?modspace=s1\.g1$/);
  });

  test(`[${mode}] subpath imports (#alias) resolve inside the space`, () => {
    const out = run('alias', `
      const space = new ModuleSpace({ base: import.meta.url, overrides: { '#cfg': { default: 'stub' } } });
      out.value = (await space.import('./lib/uses-alias.js')).default;
      out.plain = (await new ModuleSpace({ base: import.meta.url }).import('./lib/uses-alias.js')).default;
    `, mode);
    assert.is(out.value, 'stub');
    assert.is(out.plain, 'config');
  });

  test(`[${mode}] conditions per space pick the export condition; import.meta.resolve agrees`, () => {
    const out = run('conditions', `
      const dev = new ModuleSpace({ base: import.meta.url, conditions: ['development'] });
      const prod = new ModuleSpace({ base: import.meta.url, conditions: ['production'] });
      const plain = new ModuleSpace({ base: import.meta.url });
      const child = dev.child();
      const d = await dev.import('./lib/uses-flavour.js');
      out.values = [d.default, (await prod.import('./lib/uses-flavour.js')).default, (await plain.import('./lib/uses-flavour.js')).default, (await child.import('flavour')).default];
      out.resolved = d.resolved;
      const stubbed = new ModuleSpace({ base: import.meta.url, conditions: ['production'], overrides: { flavour: { default: 'stub' } } });
      out.stubbed = (await stubbed.import('./lib/uses-flavour.js')).default;
    `, mode);
    assert.equal(out.values, ['development', 'production', 'default', 'development'], 'a child inherits conditions');
    assert.match(out.resolved, /node_modules\/flavour\/dev\.js\?modspace=s1\.g1$/);
    assert.is(out.stubbed, 'stub', 'an override key resolves with the space conditions');
  });

  test(`[${mode}] concurrent import() of one module in one space gives one instance`, () => {
    const out = run('concurrent', `
      const space = new ModuleSpace({ base: import.meta.url });
      const all = await Promise.all(Array.from({ length: 8 }, () => space.import('./lib/slow.js')));
      out.same = all.every((m) => m === all[0]);
      out.evaluations = globalThis.__counts.slow;
    `, mode);
    assert.is(out.same, true);
    assert.is(out.evaluations, 1);
  });

  test(`[${mode}] CommonJS is shared through require.cache and sees no overrides`, () => {
    const out = run('cjs', `
      const a = new ModuleSpace({ base: import.meta.url, overrides: { 'node:fs': { readFileSync: 'fake' } } });
      const b = new ModuleSpace({ base: import.meta.url });
      const ca = (await a.import('./lib/uses-cjs.js')).default;
      const cb = (await b.import('./lib/uses-cjs.js')).default;
      const { createRequire } = await import('node:module');
      const plain = createRequire(import.meta.url)('./lib/common.cjs');
      out.instances = [ca.instance, cb.instance, plain.instance];
      out.sameExports = ca === cb && cb === plain;
      out.fsInsideCjs = ca.fsReadType;
      out.evaluations = globalThis.__counts.cjs;
    `, mode);
    assert.equal(out.instances, [1, 1, 1]);
    assert.is(out.sameExports, true);
    assert.is(out.fsInsideCjs, 'function', "the space's node:fs override does not reach require()");
    assert.is(out.evaluations, 1);
  });

  test(`[${mode}] createRequire in a space's module sees overrides only on the in-thread path`, () => {
    const out = run('create-require', `
      const space = new ModuleSpace({ base: import.meta.url, overrides: { 'node:fs': { readFileSync: 'fake' } } });
      out.viaRequire = String((await space.import('./lib/requires-fs.js')).viaRequire).slice(0, 20);
    `, mode);
    // registerHooks() hooks see require(); register() hooks never do (see README, CommonJS).
    if (mode === 'in-thread') assert.is(out.viaRequire, 'fake');
    else assert.match(out.viaRequire, /^function/);
  });
}

test.after(() => removeProject(project));
test.run();
