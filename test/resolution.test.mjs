// Per-space resolution: `imports` (aliases) and `roots` (folders searched for
// bare specifiers before node_modules), per hook path, through the public API
// in child processes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageEntry } from '../dist/core/package-entry.js';
import { applyAlias } from '../dist/core/aliases.js';
import { hookModes, makeProject, removeProject, runInProject } from './helpers.mjs';

/** A tiny versioned library: its version, an instance id, and a subpath module. */
const lib = (version, extra = {}) => ({
  'package.json': JSON.stringify({ name: 'lib', version, type: 'module', main: './index.js' }),
  'index.js': `export const version = '${version}'; export const url = import.meta.url;`,
  'extra.js': `export const extra = 'extra ${version}';`,
  ...extra,
});
const under = (folder, files) => Object.fromEntries(Object.entries(files).map(([name, text]) => [`${folder}/${name}`, text]));

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  ...under('node_modules/lib', lib('3.0.0')),
  ...under('node_modules/lib-next', lib('4.0.0')),
  // An installed package importing lib: Node's layout (its nested copy) must win over roots.
  ...under('node_modules/uses-lib', { 'package.json': JSON.stringify({ name: 'uses-lib', type: 'module', main: 'index.js' }), 'index.js': `export { version } from 'lib';` }),
  ...under('node_modules/uses-lib/node_modules/lib', lib('3.9.0')),
  ...under('vendor-1/lib', lib('1.0.0')),
  ...under('vendor-2/lib', lib('2.0.0')),
  'vendor-2/helper.js': `export default 'helper file in vendor-2';`,
  'vendor-2/settings.json': `{ "from": "vendor-2" }`,
  // A package in a root that depends on another package of the same root.
  ...under('vendor-2/needs-helper', { 'package.json': JSON.stringify({ type: 'module', exports: { '.': './main.js', './feature/*': './features/*.js' } }), 'main.js': `export { default } from 'helper';`, 'features/x.js': `export default 'feature x';` }),
  ...under('flavours/flavour', {
    'package.json': JSON.stringify({ name: 'flavour', type: 'module', exports: { '.': { development: './dev.js', production: './prod.js', default: './default.js' } } }),
    'dev.js': `export default 'development';`,
    'prod.js': `export default 'production';`,
    'default.js': `export default 'default';`,
  }),
  'lib-single/index.js': `export const version = 'single-file alias';`,
  'plugin/uses-lib.js': `export { version, url } from 'lib'; export { extra } from 'lib/extra.js';`,
  'plugin/dynamic.js': `export const load = () => import('lib'); export const where = import.meta.resolve('lib');`,
  'plugin/uses-flavour.js': `export { default } from 'flavour';`,
  'plugin/uses-helper.js': `export { default } from 'needs-helper'; export { default as feature } from 'needs-helper/feature/x';`,
  'plugin/uses-installed.js': `export { version } from 'uses-lib';`,
  'plugin/uses-missing.js': `import 'not-anywhere';`,
  'plugin/uses-hidden.js': `import 'needs-helper/main.js';`,
  'plugin/uses-fs.js': `import * as fs from 'fs'; export const readFileSync = fs.readFileSync;`,
});
const run = (name, body, mode) => runInProject(project, name, body, { mode });
const capture = `
  const capture = async (fn) => { try { await fn(); return 'no error'; } catch (e) { return { code: e.code, message: e.message, specifier: e.specifier }; } };
`;

for (const mode of hookModes) {
  test(`[${mode}] two spaces get lib 1.x and lib 2.x in one process (roots and imports)`, () => {
    const out = run('two-versions', `
      const one = new ModuleSpace({ name: 'one', base: import.meta.url, roots: ['./vendor-1'] });
      const two = new ModuleSpace({ name: 'two', base: import.meta.url, imports: { lib: './vendor-2/lib/index.js', 'lib/': './vendor-2/lib/' } });
      const a = await one.import('./plugin/uses-lib.js');
      const b = await two.import('./plugin/uses-lib.js');
      const host = await import('lib');
      out.versions = [a.version, b.version, host.version];
      out.extras = [a.extra, b.extra];
      out.urls = [a.url, b.url];
      out.entry = (await one.import('lib')).version;
      out.resolved = one.resolve('lib');
    `, mode);
    assert.equal(out.versions, ['1.0.0', '2.0.0', '3.0.0'], "each space its own version; the host keeps node_modules'");
    assert.equal(out.extras, ['extra 1.0.0', 'extra 2.0.0']);
    assert.match(out.urls[0], /\/vendor-1\/lib\/index\.js\?modspace=s1\.g1$/);
    assert.match(out.urls[1], /\/vendor-2\/lib\/index\.js\?modspace=s2\.g1$/);
    assert.is(out.entry, '1.0.0', "space.import('lib') goes through the roots too");
    assert.match(out.resolved, /\/vendor-1\/lib\/index\.js\?modspace=s1\.g1$/);
  });

  test(`[${mode}] prefix aliases, folder targets, aliases to packages and builtins`, () => {
    const out = run('aliases', `
      const prefix = new ModuleSpace({ base: import.meta.url, imports: { 'lib/': './vendor-1/lib/' } });
      const mixed = await prefix.import('./plugin/uses-lib.js');
      out.prefix = [mixed.version, mixed.extra];
      out.prefixSub = (await prefix.import('lib/extra.js')).extra;
      const folder = new ModuleSpace({ base: import.meta.url, imports: { lib: './vendor-2/lib' } });
      out.folder = (await folder.import('./plugin/uses-lib.js')).version;
      const toPackage = new ModuleSpace({ base: import.meta.url, imports: { lib: 'lib-next', 'lib/': 'lib-next/' } });
      const p = await toPackage.import('./plugin/uses-lib.js');
      out.toPackage = [p.version, p.extra];
      const longest = new ModuleSpace({ base: import.meta.url, imports: { 'lib/': './vendor-1/lib/', 'lib/extra.js': './vendor-2/lib/extra.js', lib: './lib-single/index.js' } });
      out.longest = [(await longest.import('lib/extra.js')).extra, (await longest.import('lib')).version];
      const builtin = new ModuleSpace({ base: import.meta.url, imports: { fs: 'node:path' } });
      out.builtin = typeof (await builtin.import('./plugin/uses-fs.js')).readFileSync;
      const absolute = new ModuleSpace({ base: import.meta.url, imports: { lib: new URL('./vendor-1/lib/index.js', import.meta.url) } });
      out.absolute = (await absolute.import('lib')).version;
    `, mode);
    assert.equal(out.prefix, ['3.0.0', 'extra 1.0.0'], "a prefix key does not match the bare name: 'lib' still comes from node_modules");
    assert.is(out.prefixSub, 'extra 1.0.0');
    assert.is(out.folder, '2.0.0', 'a folder target is read as a package folder');
    assert.equal(out.toPackage, ['4.0.0', 'extra 4.0.0']);
    assert.equal(out.longest, ['extra 2.0.0', 'single-file alias'], 'an exact key wins over a prefix');
    assert.is(out.builtin, 'undefined', 'fs aliased to node:path has no readFileSync');
    assert.is(out.absolute, '1.0.0');
  });

  test(`[${mode}] roots are searched in order, before node_modules; files and package deps in a root`, () => {
    const out = run('roots', `
      const oneFirst = new ModuleSpace({ base: import.meta.url, roots: ['./vendor-1', './vendor-2'] });
      const twoFirst = new ModuleSpace({ base: import.meta.url, roots: ['./vendor-2', './vendor-1'] });
      out.order = [(await oneFirst.import('./plugin/uses-lib.js')).version, (await twoFirst.import('./plugin/uses-lib.js')).version];
      out.fileInSecondRoot = (await oneFirst.import('helper')).default;
      out.ownExtension = [(await oneFirst.import('settings.json', { with: { type: 'json' } })).default.from, (await oneFirst.import('helper.js')).default];
      const deps = await oneFirst.import('./plugin/uses-helper.js');
      out.deps = [deps.default, deps.feature];
      const d = await oneFirst.import('./plugin/dynamic.js');
      out.dynamic = [(await d.load()).version, d.where.includes('/vendor-1/lib/index.js')];
      out.installed = (await oneFirst.import('./plugin/uses-installed.js')).version;
      out.fallback = (await new ModuleSpace({ base: import.meta.url, roots: ['./vendor-2'] }).import('lib-next')).version;
      out.missing = await (async () => { try { await oneFirst.import('./plugin/uses-missing.js'); } catch (e) { return e.code; } })();
      out.hidden = await (async () => { try { await oneFirst.import('./plugin/uses-hidden.js'); } catch (e) { return e.code; } })();
      out.builtin = typeof (await oneFirst.import('./plugin/uses-fs.js')).readFileSync;
    `, mode);
    assert.equal(out.order, ['1.0.0', '2.0.0']);
    assert.is(out.fileInSecondRoot, 'helper file in vendor-2', 'a file <root>/helper.js answers "helper"');
    // Looking for the package folder <root>/settings.json/ first must not fail on the file (ENOTDIR).
    assert.equal(out.ownExtension, ['vendor-2', 'helper file in vendor-2'], 'a name with its own extension is a file of a folder root');
    assert.equal(out.deps, ['helper file in vendor-2', 'feature x'], "a root package's own imports and exports patterns");
    assert.equal(out.dynamic, ['1.0.0', true], 'import() and import.meta.resolve see the roots');
    assert.is(out.installed, '3.9.0', "an installed package keeps its nested node_modules");
    assert.is(out.fallback, '4.0.0', 'what no root has comes from node_modules');
    assert.is(out.missing, 'ERR_MODULE_NOT_FOUND');
    assert.is(out.hidden, 'ERR_PACKAGE_PATH_NOT_EXPORTED', "a root package's exports are enforced");
    assert.is(out.builtin, 'function', 'builtins are never looked up in roots');
  });

  test(`[${mode}] children inherit imports and roots unless given; keys resolve through them`, () => {
    const out = run('inherit', `
      const parent = new ModuleSpace({ base: import.meta.url, roots: ['./vendor-1'] });
      const child = parent.child({ base: new URL('./plugin/', import.meta.url) });
      const own = parent.child({ roots: ['./vendor-2'] });
      const none = parent.child({ roots: [] });
      const aliased = new ModuleSpace({ base: import.meta.url, imports: { lib: './vendor-2/lib/index.js' } });
      const aliasChild = aliased.child();
      out.versions = await Promise.all([child, own, none, aliasChild].map(async (s) => (await s.import(new URL('./plugin/uses-lib.js', import.meta.url))).version));
      const stubbed = new ModuleSpace({ base: import.meta.url, roots: ['./vendor-1'], overrides: { lib: { version: 'stub', url: 'stub' } } });
      out.stubbed = (await stubbed.import('./plugin/uses-lib.js')).version;
      const sharer = parent.child({ share: ['lib'] });
      out.shared = (await sharer.import('lib')) === (await parent.import('lib'));
    `, mode);
    assert.equal(out.versions, ['1.0.0', '2.0.0', '3.0.0', '2.0.0']);
    assert.is(out.stubbed, 'stub', "an override key finds the root's lib, as the space's imports do");
    assert.is(out.shared, true, 'a share key resolves through the roots to the same module');
  });

  test(`[${mode}] conditions per space on one package in one process, found in a root`, () => {
    const out = run('conditions', `
      const dev = new ModuleSpace({ base: import.meta.url, roots: ['./flavours'], conditions: ['development'] });
      const prod = new ModuleSpace({ base: import.meta.url, roots: ['./flavours'], conditions: ['production'] });
      const plain = new ModuleSpace({ base: import.meta.url, roots: ['./flavours'] });
      out.values = [];
      for (const space of [dev, prod, plain, prod.child()]) out.values.push((await space.import('./plugin/uses-flavour.js')).default);
    `, mode);
    assert.equal(out.values, ['development', 'production', 'default', 'production']);
  });

  test(`[${mode}] an alias cannot launder a denied package or builtin`, () => {
    const out = runInProject(project, 'alias-policy', `
      const tryImport = async (options) => {
        const space = new ModuleSpace({ name: 'aliased', base: import.meta.url, ...options });
        try { await space.import('./plugin/uses-lib.js'); return 'loaded'; } catch (error) { return { code: error.code, message: error.message }; }
        finally { await space.dispose(); }
      };
      out.toPackage = await tryImport({ imports: { lib: 'lib-next' }, policy: { deny: ['lib-next'] } });
      out.toBuiltinFs = await (async () => {
        const space = new ModuleSpace({ base: import.meta.url, imports: { fs: 'node:child_process' }, policy: { deny: ['node:child_process'] } });
        try { await space.import('./plugin/uses-fs.js'); return 'loaded'; } catch (error) { return error.code; }
      })();
      out.allowed = await tryImport({ imports: { lib: 'lib-next' }, policy: { deny: ['left-pad'] } });
    `, { mode });
    assert.is(out.toPackage.code, 'ERR_MODSPACE_DENIED');
    assert.match(out.toPackage.message, /deny: lib-next/);
    assert.match(out.toPackage.message, /specifier "lib"/);
    assert.is(out.toBuiltinFs, 'ERR_MODSPACE_DENIED');
    assert.is(out.allowed, 'loaded');
  });

  test(`[${mode}] bad imports and roots values fail with ERR_MODSPACE_INVALID_OPTION`, () => {
    const out = run('invalid', `${capture}
      const base = import.meta.url;
      const cases = {
        importsType: { imports: ['lib'] },
        relativeKey: { imports: { './x.js': './y.js' } },
        urlKey: { imports: { 'https://x.invalid/a.js': './y.js' } },
        prefixValue: { imports: { 'lib/': './vendor-1/lib' } },
        missingTarget: { imports: { lib: './vendor-9/lib.js' } },
        schemeTarget: { imports: { lib: 'ftp://example.invalid/lib.js' } },
        emptyTarget: { imports: { lib: '' } },
        rootsType: { roots: './vendor-1' },
        rootMissing: { roots: ['./vendor-1', './nowhere'] },
        rootFile: { roots: ['./package.json'] },
        rootTypo: { root: ['./vendor-1'] },
        importsTypo: { import: {} },
      };
      for (const [key, options] of Object.entries(cases)) out[key] = await capture(() => new ModuleSpace({ base, ...options }));
    `, mode);
    for (const [key, result] of Object.entries(out)) assert.is(result.code, 'ERR_MODSPACE_INVALID_OPTION', `${key}: ${JSON.stringify(result)}`);
    assert.match(out.rootTypo.message, /did you mean "roots"\?/);
    assert.match(out.importsTypo.message, /did you mean "imports"\?/);
    assert.match(out.prefixValue.message, /needs a target ending in "\/"/);
    assert.match(out.rootMissing.message, /roots\[1\].*nowhere\/? is neither a folder nor an archive/);
    assert.is(out.rootMissing.specifier, 'roots[1]');
    assert.match(out.missingTarget.message, /vendor-9\/lib\.js is not a file or a package folder/);
  });
}

// The package reader for roots, directly: the exports forms Node accepts.
const packages = makeProject({
  'str/package.json': JSON.stringify({ exports: './main.js' }),
  'arr/package.json': JSON.stringify({ exports: [{ worker: './worker.js' }, './fallback.js'] }),
  'cond/package.json': JSON.stringify({ exports: { import: { production: './prod.js', default: './import.js' }, require: './req.cjs' } }),
  'pat/package.json': JSON.stringify({ exports: { '.': './index.js', './features/*.js': './src/features/*.js', './features/internal/*': null, './f*': './short/*.js' } }),
  'legacy/package.json': JSON.stringify({ main: 'lib/entry' }),
  'legacy/lib/entry.js': '',
  'bare/index.js': '',
  'broken/package.json': '{ nope',
});
const folder = (name) => pathToFileURL(join(packages, name, '/')).href;
const rel = (url, name) => url.slice(folder(name).length);
const errorCode = (fn) => { try { fn(); return 'no error'; } catch (error) { return error.code; } };

test('package entries: string, array and nested-condition exports', () => {
  assert.is(rel(packageEntry(folder('str'), '.', ['node', 'import']), 'str'), 'main.js');
  assert.is(rel(packageEntry(folder('arr'), '.', ['node', 'import']), 'arr'), 'fallback.js');
  assert.is(rel(packageEntry(folder('arr'), '.', ['worker']), 'arr'), 'worker.js');
  assert.is(rel(packageEntry(folder('cond'), '.', ['node', 'import']), 'cond'), 'import.js');
  assert.is(rel(packageEntry(folder('cond'), '.', ['production', 'node', 'import']), 'cond'), 'prod.js');
  assert.is(rel(packageEntry(folder('cond'), '.', ['node', 'require']), 'cond'), 'req.cjs');
});

test('package entries: subpath patterns, the longest prefix, null exclusions, not exported', () => {
  assert.is(rel(packageEntry(folder('pat'), './features/a/b.js', []), 'pat'), 'src/features/a/b.js');
  assert.is(rel(packageEntry(folder('pat'), './fun', []), 'pat'), 'short/un.js');
  assert.is(errorCode(() => packageEntry(folder('pat'), './features/internal/x', [])), 'ERR_PACKAGE_PATH_NOT_EXPORTED');
  assert.is(errorCode(() => packageEntry(folder('pat'), './index.js', [])), 'ERR_PACKAGE_PATH_NOT_EXPORTED');
  assert.is(errorCode(() => packageEntry(folder('broken'), '.', [])), 'ERR_INVALID_PACKAGE_CONFIG');
});

test('package entries without exports: main with extension search, index.js, subpaths as files', () => {
  assert.is(rel(packageEntry(folder('legacy'), '.', []), 'legacy'), 'lib/entry.js');
  assert.is(rel(packageEntry(folder('bare'), '.', []), 'bare'), 'index.js');
  assert.is(rel(packageEntry(folder('bare'), './x/y.js', []), 'bare'), 'x/y.js');
});

test('aliases: exact first, then the longest prefix', () => {
  const table = { exact: new Map([['lib', 'file:///v/lib.js']]), prefixes: [['lib/sub/', 'file:///w/'], ['lib/', 'other/']], roots: [] };
  assert.is(applyAlias(table, 'lib'), 'file:///v/lib.js');
  assert.is(applyAlias(table, 'lib/sub/x.js'), 'file:///w/x.js');
  assert.is(applyAlias(table, 'lib/x.js'), 'other/x.js');
  assert.is(applyAlias(table, 'libx'), undefined);
});

test.after(() => {
  removeProject(project);
  removeProject(packages);
});
test.run();
