// Archives end to end, through the public API (ModuleSpace, loadPlugins,
// invalidateCaches) in child processes, per hook path: plugins shipped as
// zips (packages, relative imports, TypeScript with source maps, JSON, their
// own node_modules, the host's packages), archives as roots and as import
// targets (two versions of a real npm tarball in two spaces), policies, fresh
// instances and rewritten archives, and bad input. The archives are made at
// test time: zips with fflate, tarballs by `npm pack`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';
import { hookModes, makeProject, modspaceURL, removeProject, runInProject } from './helpers.mjs';

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'node_modules/lodashish/package.json': JSON.stringify({ name: 'lodashish', type: 'module', main: 'index.js' }),
  'node_modules/lodashish/index.js': `export const id = (x) => x;\nexport const url = import.meta.url;\n`,
  'plugins/hello.js': `export const name = 'hello';\nexport const url = import.meta.url;\n`,
  'uses-lib.js': `export { version, helper } from 'lib';\n`,
  'outside.js': `export default 'outside the archive';\n`,
}, 'modspace-archives-');
const path = (name) => join(project, name);
const encoder = new TextEncoder();

/** Writes a zip of `files` (entry → text, or [text, fflate options]) at `name` in the project. */
function writeZip(name, files, options = {}) {
  const entries = Object.fromEntries(Object.entries(files).map(([entry, value]) => [entry, Array.isArray(value) ? [encoder.encode(value[0]), value[1]] : encoder.encode(value)]));
  const target = path(name);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, zipSync(entries, options));
  return target;
}

// Line 5 of lib/typed.ts throws; line 4 of failing's index.ts throws at load.
const TYPED = [
  'export interface Greeting { text: string }',
  "export const greeting: Greeting = { text: 'typed hello' };",
  'export function fail(reason: string): never {',
  '  const message: string = `typed failure: ${reason}`;',
  '  throw new Error(message);',
  '}',
  'export const url: string = import.meta.url;',
  '',
].join('\n');

const greet = {
  'package.json': JSON.stringify({ name: 'greet', version: '1.0.0', type: 'module', exports: { '.': './index.js', './util': './lib/util.js' } }),
  'index.js': [
    "import { shout, url as utilURL } from './lib/util.js';",
    "import { greeting, fail, url as typedURL } from './lib/typed.ts';",
    "import { viaSibling } from './lib/bridge.ts';",
    "import data from './data.json' with { type: 'json' };",
    "import { dep } from 'dep';",
    "import { id, url as hostURL } from 'lodashish';",
    "export const name = 'greet';",
    'export const hello = (who) => shout(`${greeting.text}, ${who}`);',
    'export const sameTyped = viaSibling === greeting;',
    'export const urls = { index: import.meta.url, util: utilURL, typed: typedURL, host: hostURL };',
    'export { data, dep, fail, id };',
    '',
  ].join('\n'),
  'lib/util.js': "export const shout = (text) => text.toUpperCase() + '!';\nexport const url = import.meta.url;\n",
  'lib/typed.ts': TYPED,
  // The TypeScript convention: a .ts module names its sibling by the compiled name.
  'lib/bridge.ts': "import { greeting } from './typed.js';\nexport const viaSibling: { text: string } = greeting;\n",
  'data.json': '{ "answer": 42, "from": "inside the zip" }',
  'node_modules/dep/package.json': JSON.stringify({ name: 'dep', type: 'module', exports: './main.js' }),
  'node_modules/dep/main.js': "export const dep = 'dep from the zip' + \"'s own node_modules\";\n",
};

const FAILING = [
  'interface Config { strict: boolean }',
  'const config: Config = { strict: true };',
  'export const strict: boolean = config.strict;',
  "throw new Error('failing plugin at load');",
  '',
].join('\n');

const vendor = {
  'alpha/package.json': JSON.stringify({ name: 'alpha', type: 'module', exports: { '.': './main.js', './feature': './lib/feature.js' } }),
  'alpha/main.js': "export default 'alpha';\nexport const url = import.meta.url;\n",
  'alpha/lib/feature.js': "export { default as alpha } from '../main.js';\nexport const feature = 'alpha feature';\n",
  'beta.js': "import alpha from 'alpha';\nexport default 'beta uses ' + alpha;\n",
  '@scope/gamma/package.json': JSON.stringify({ name: '@scope/gamma', main: 'lib/index.js' }),
  '@scope/gamma/lib/index.js': "export default 'gamma';\n",
  'delta/index.js': "export default 'delta';\n",
  'delta/more.js': "export default 'delta more';\n",
  'spawner/index.js': "export { spawn } from 'node:child_process';\n",
  'broken/index.js': "export { default } from './nope.js';\n",
  'escaper/index.js': "export { default } from '../../outside.js';\n",
  'legacy/index.js': "export { default } from './old.cjs';\n",
  'legacy/old.cjs': 'module.exports = "old";\n',
  'counter/index.js': 'let count = 0;\nexport const next = () => ++count;\n',
};

/** A tiny package packed by npm: `lib-<version>.tgz` in the project. */
function packLib(version) {
  const dir = path(`src-lib-${version}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'lib', version, type: 'module', exports: './index.js' }));
  writeFileSync(join(dir, 'index.js'), `export { helper } from './helper.js';\nexport const version = '${version}';\n`);
  writeFileSync(join(dir, 'helper.js'), `export const helper = () => 'helper of ${version}';\nexport const url = import.meta.url;\n`);
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', project], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop();
  return join(project, name);
}

writeZip('plugins/greet.zip', greet);
writeZip('single/failing.zip', { 'package.json': JSON.stringify({ name: 'failing', exports: './index.ts' }), 'index.ts': FAILING });
writeZip('vendor.zip', vendor);
const libs = { old: packLib('1.4.0'), new: packLib('2.0.0') };
// Two versions of one archive, the same size (stored, texts of equal length), for the rewrite test.
const counterFiles = (word) => ({ 'counter/index.js': [`let count = 0;\nexport const next = () => ++count;\nexport const word = '${word}';\n`, { level: 0 }] });
writeZip('counter-one.zip', counterFiles('one'));
writeZip('counter-two.zip', counterFiles('two'));
writeZip('counter-three-longer.zip', counterFiles('three, and longer'));
// Spaces, unicode, `%` and `#` in the folder, the archive's name and an entry's name: each must round-trip through archive: URLs.
const ODD_FOLDER = 'odd dir ü 100% #1';
writeZip(`${ODD_FOLDER}/plug #2.zip`, {
  'index.js': "export { odd } from './lib/ü til %232 100%25.js';\nexport const url = import.meta.url;\n",
  'lib/ü til #2 100%.js': "export const odd = 'odd ' + import.meta.url;\n",
  'pkg/package.json': JSON.stringify({ name: 'pkg', exports: './main.js' }),
  'pkg/main.js': "export default 'pkg in an odd place';\n",
});
writeFileSync(path('corrupt.zip'), 'PK\u0003\u0004 this is not really a zip file');

const run = (name, body, mode) => runInProject(project, name, body, { mode });
const prelude = `
  const { loadPlugins, invalidateCaches } = await import(${JSON.stringify(modspaceURL)});
  const capture = async (fn) => {
    try { await fn(); return 'no error'; } catch (e) { return { code: e.code, message: e.message, stack: e.stack }; }
  };
`;

for (const mode of hookModes) {
  test(`[${mode}] loadPlugins: a folder with a zip and a .js plugin; relative, TypeScript, JSON, own node_modules and host packages`, () => {
    const out = run('plugins-folder', `
      ${prelude}
      const plugins = await loadPlugins('./plugins', { base: import.meta.url });
      out.list = plugins.map(({ name, url, file, folder, error }) => ({ name, url, file, folder, error: error ? error.message : null }));
      const greet = plugins.find((plugin) => plugin.name === 'greet').namespace;
      out.hello = greet.hello('world');
      out.sameTyped = greet.sameTyped;
      out.data = greet.data;
      out.dep = greet.dep;
      out.id = greet.id(7);
      out.urls = greet.urls;
      try { greet.fail('on purpose'); } catch (e) { out.failure = { message: e.message, frame: e.stack.split('\\n')[1].trim() }; }
      out.helloPlugin = plugins.find((plugin) => plugin.name === 'hello').namespace.url;
      await plugins.dispose();
    `, mode);
    const zip = path('plugins/greet.zip');
    const root = `archive://${pathToFileURL(zip).pathname}!/`;
    assert.equal(out.list.map(({ name }) => name), ['greet', 'hello']);
    assert.equal(out.list[0], { name: 'greet', url: `${root}index.js`, file: `${zip}!/index.js`, folder: zip, error: null });
    assert.is(out.list[1].url, pathToFileURL(path('plugins/hello.js')).href);
    assert.is(out.hello, 'TYPED HELLO, WORLD!');
    assert.is(out.sameTyped, true, './typed.js from a .ts module is the same module as ./typed.ts');
    assert.equal(out.data, { answer: 42, from: 'inside the zip' });
    assert.is(out.dep, "dep from the zip's own node_modules");
    assert.is(out.id, 7);
    const inZip = (entry) => new RegExp(`^${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${entry.replaceAll('.', '\\.')}\\?modspace=s\\d+\\.g\\d+$`);
    assert.match(out.urls.index, inZip('index.js'));
    assert.match(out.urls.util, inZip('lib/util.js'));
    assert.match(out.urls.typed, inZip('lib/typed.ts'));
    // The host's package, found beside the archive file: a file of the host, in the plugin's space.
    assert.match(out.urls.host, /^file:.*\/node_modules\/lodashish\/index\.js\?modspace=/);
    assert.is(out.failure.message, 'typed failure: on purpose');
    assert.match(out.failure.frame, /archive:\/\/.*\/plugins\/greet\.zip!\/lib\/typed\.ts(\?[^:]*)?:5:\d+/);
    assert.match(out.helloPlugin, /^file:.*\/plugins\/hello\.js\?modspace=/);
  });

  test(`[${mode}] loadPlugins: a single archive as the source; a TypeScript error at load names the archive URL and the TS line`, () => {
    const out = run('plugins-single', `
      ${prelude}
      const [greet] = await loadPlugins('./plugins/greet.zip', { base: import.meta.url });
      out.greet = { name: greet.name, file: greet.file, hello: greet.namespace.hello('you') };
      const [failing] = await loadPlugins('./single/failing.zip', { base: import.meta.url });
      out.failing = { name: failing.name, url: failing.url, namespace: failing.namespace === undefined, message: failing.error.message, stack: failing.error.stack };
      // An npm tarball is a plugin too: its package folder (package/ inside) is the plugin.
      const [tarball] = await loadPlugins(${JSON.stringify(libs.old)});
      out.tarball = { name: tarball.name, file: tarball.file, url: tarball.url, version: tarball.namespace.version, helper: tarball.namespace.helper() };
    `, mode);
    assert.equal(out.greet, { name: 'greet', file: `${path('plugins/greet.zip')}!/index.js`, hello: 'TYPED HELLO, YOU!' });
    assert.is(out.failing.name, 'failing');
    assert.match(out.failing.url, /^archive:\/\/.*\/single\/failing\.zip!\/index\.ts$/);
    assert.ok(out.failing.namespace);
    assert.is(out.failing.message, 'failing plugin at load');
    assert.match(out.failing.stack, /archive:\/\/.*\/single\/failing\.zip!\/index\.ts(\?[^:]*)?:4:\d+/);
    assert.equal(out.tarball, {
      name: 'lib-1.4.0',
      file: `${libs.old}!/index.js`,
      url: `archive://${pathToFileURL(libs.old).pathname}!/index.js`,
      version: '1.4.0',
      helper: 'helper of 1.4.0',
    });
  });

  test(`[${mode}] archives in folders and entries with spaces, unicode, % and # in their names`, () => {
    const folder = path(ODD_FOLDER);
    const out = run('odd-names', `
      ${prelude}
      const folder = ${JSON.stringify(folder)};
      const [plugin] = await loadPlugins(folder, { base: import.meta.url });
      out.plugin = { name: plugin.name, file: plugin.file, error: plugin.error ? plugin.error.message : null, odd: plugin.namespace?.odd };
      const space = new ModuleSpace({ base: import.meta.url, roots: [folder + '/plug #2.zip'] });
      out.pkg = (await space.import('pkg')).default;
      out.roots = space.roots.toArray();
      out.removed = space.roots.remove(folder + '/plug #2.zip');
    `, mode);
    const root = `archive://${pathToFileURL(join(path(ODD_FOLDER), 'plug #2.zip')).pathname}!/`;
    assert.ok(root.includes('%20%231') && root.includes('%232.zip') && root.includes('%C3%BC'), root);
    assert.equal(out.plugin, {
      name: 'plug #2',
      file: `${path(ODD_FOLDER)}/plug #2.zip!/index.js`,
      error: null,
      odd: `odd ${root}lib/%C3%BC%20til%20%232%20100%25.js${out.plugin.odd.slice(out.plugin.odd.indexOf('?'))}`,
    });
    assert.match(out.plugin.odd, /\?modspace=s\d+\.g\d+$/);
    assert.is(out.pkg, 'pkg in an odd place');
    assert.equal(out.roots, [root]);
    assert.is(out.removed, true);
  });

  test(`[${mode}] a zip of packages as a root; two npm tarball versions of one package in two spaces through imports`, () => {
    const out = run('roots-imports', `
      ${prelude}
      const space = new ModuleSpace({ base: import.meta.url, roots: ['./vendor.zip'] });
      out.roots = space.roots.toArray();
      const alpha = await space.import('alpha');
      out.alpha = [alpha.default, alpha.url];
      const feature = await space.import('alpha/feature');
      out.feature = [feature.feature, feature.alpha];
      out.beta = (await space.import('beta')).default;
      out.gamma = (await space.import('@scope/gamma')).default;
      out.delta = (await space.import('delta')).default;
      out.deltaMore = (await space.import('delta/more')).default;
      out.explain = space.explain('alpha').url;
      const older = new ModuleSpace({ base: import.meta.url, imports: { lib: ${JSON.stringify(libs.old)} } });
      const newer = new ModuleSpace({ base: import.meta.url, imports: { lib: './lib-2.0.0.tgz' } });
      out.older = (await older.import('lib')).version;
      out.newer = (await newer.import('lib')).version;
      const viaLocalOld = await older.import('./uses-lib.js');
      const viaLocalNew = await newer.import('./uses-lib.js');
      out.local = [viaLocalOld.version, viaLocalOld.helper(), viaLocalNew.version, viaLocalNew.helper()];
      out.child = (await newer.child().import('lib')).version;
      out.resolved = [older.resolve('lib'), newer.resolve('lib')];
      // A prefix maps onto the archive's package folder: its files by path.
      const prefixed = new ModuleSpace({ base: import.meta.url, imports: { 'lib/': './lib-1.4.0.tgz/' } });
      const helper = await prefixed.import('lib/helper.js');
      out.prefixed = [helper.helper(), helper.url];
    `, mode);
    const vendorRoot = `archive://${pathToFileURL(path('vendor.zip')).pathname}!/`;
    assert.equal(out.roots, [vendorRoot]);
    assert.is(out.alpha[0], 'alpha');
    assert.ok(out.alpha[1].startsWith(`${vendorRoot}alpha/main.js?modspace=`), out.alpha[1]);
    assert.equal(out.feature, ['alpha feature', 'alpha']);
    assert.is(out.beta, 'beta uses alpha');
    assert.is(out.gamma, 'gamma');
    assert.is(out.delta, 'delta');
    assert.is(out.deltaMore, 'delta more');
    assert.ok(out.explain.startsWith(`${vendorRoot}alpha/main.js?modspace=`), out.explain);
    assert.is(out.older, '1.4.0');
    assert.is(out.newer, '2.0.0');
    assert.equal(out.local, ['1.4.0', 'helper of 1.4.0', '2.0.0', 'helper of 2.0.0']);
    assert.is(out.child, '2.0.0');
    // npm packs under package/: the tarball's root is the package folder.
    assert.match(out.resolved[0], /^archive:\/\/.*\/lib-1\.4\.0\.tgz!\/index\.js\?modspace=/);
    assert.match(out.resolved[1], /^archive:\/\/.*\/lib-2\.0\.0\.tgz!\/index\.js\?modspace=/);
    assert.is(out.prefixed[0], 'helper of 1.4.0');
    assert.match(out.prefixed[1], /^archive:\/\/.*\/lib-1\.4\.0\.tgz!\/helper\.js\?modspace=/);
  });

  test(`[${mode}] the space's policy applies to modules inside archives`, () => {
    const out = run('policy', `
      ${prelude}
      const strict = new ModuleSpace({ base: import.meta.url, roots: ['./vendor.zip'], policy: { deny: ['node:child_process'] } });
      out.denied = await capture(() => strict.import('spawner'));
      out.other = (await strict.import('alpha')).default;
      const open = new ModuleSpace({ base: import.meta.url, roots: ['./vendor.zip'] });
      out.allowed = typeof (await open.import('spawner')).spawn;
      const plugins = await loadPlugins('./plugins/greet.zip', { base: import.meta.url, space: { policy: { deny: ['lodashish'] } } });
      out.pluginDenied = { code: plugins[0].error?.code, message: plugins[0].error?.message };
    `, mode);
    assert.is(out.denied.code, 'ERR_MODSPACE_DENIED', JSON.stringify(out.denied));
    assert.match(out.denied.message, 'node:child_process');
    assert.match(out.denied.message, /vendor\.zip!\/spawner\/index\.js/);
    assert.is(out.other, 'alpha');
    assert.is(out.allowed, 'function');
    assert.is(out.pluginDenied.code, 'ERR_MODSPACE_DENIED', JSON.stringify(out.pluginDenied));
    assert.match(out.pluginDenied.message, 'lodashish');
  });

  test(`[${mode}] fresh() gives new instances of archive modules; a rewritten archive is served after fresh(), invalidateCaches() for an unchanged stat`, () => {
    const out = run('fresh', `
      ${prelude}
      const { copyFileSync, statSync, utimesSync } = await import('node:fs');
      const zip = new URL('./counter.zip', import.meta.url);
      const put = (name) => {
        copyFileSync(new URL(name, import.meta.url), zip);
        // One fixed mtime: only the size tells a rewrite apart, unless it is the same.
        utimesSync(zip, 1_000_000, 1_000_000);
        return statSync(zip).size;
      };
      out.sizes = [put('./counter-two.zip'), put('./counter-one.zip')];
      const space = new ModuleSpace({ base: import.meta.url, roots: ['./counter.zip'] });
      const first = await space.import('counter');
      out.counts = [first.next(), first.next(), (await space.import('counter')).next()];
      space.fresh();
      const second = await space.import('counter');
      out.renewed = [second !== first, second.next(), first.next()];
      out.word = [first.word];

      // The same size and mtime: the snapshot opened before is served, even after fresh().
      put('./counter-two.zip');
      out.cached = (await space.import('counter')).word;
      space.fresh();
      out.word.push((await space.import('counter')).word);
      invalidateCaches();
      out.word.push((await space.import('counter')).word, 'then fresh()');
      space.fresh();
      out.word.push((await space.import('counter')).word);

      // A new size is noticed without invalidateCaches(): the next fresh() reads it.
      put('./counter-three-longer.zip');
      out.word.push((await space.import('counter')).word);
      space.fresh();
      out.word.push((await space.import('counter')).word);
    `, mode);
    assert.is(out.sizes[0], out.sizes[1], 'the two archives have the same size');
    assert.equal(out.counts, [1, 2, 3]);
    assert.equal(out.renewed, [true, 1, 4]);
    assert.is(out.cached, 'one');
    assert.equal(out.word, ['one', 'one', 'one', 'then fresh()', 'two', 'two', 'three, and longer']);
  });

  test(`[${mode}] bad archives: corrupt root, missing entry, escaping '..', CommonJS inside an archive`, () => {
    const out = run('bad', `
      ${prelude}
      out.corrupt = await capture(() => new ModuleSpace({ base: import.meta.url, roots: ['./corrupt.zip'] }));
      out.corruptImports = await capture(() => new ModuleSpace({ base: import.meta.url, imports: { x: './corrupt.zip' } }));
      out.corruptAdd = await capture(() => new ModuleSpace({ base: import.meta.url }).roots.add('./corrupt.zip'));
      out.corruptPlugin = await loadPlugins('./corrupt.zip', { base: import.meta.url }).then(([p]) => ({ code: p.error?.code, message: p.error?.message }), (e) => ({ thrown: e.code }));
      const space = new ModuleSpace({ base: import.meta.url, roots: ['./vendor.zip'] });
      out.after = (await space.import('alpha')).default;
      out.missingSubpath = await capture(() => space.import('delta/nothing.js'));
      out.missingRelative = await capture(() => space.import('broken'));
      out.missingURL = await capture(() => space.import(space.roots.toArray()[0] + 'nothing.js'));
      out.missingPackage = await capture(() => space.import('nowhere'));
      out.escape = await capture(() => space.import('escaper'));
      out.cjs = await capture(() => space.import('legacy'));
      out.cjsDirect = await capture(() => space.import(space.roots.toArray()[0] + 'legacy/old.cjs'));
      out.missingArchive = await capture(() => new ModuleSpace({ base: import.meta.url, roots: ['./nope.zip'] }));
    `, mode);
    for (const key of ['corrupt', 'corruptImports', 'corruptAdd']) {
      assert.is(out[key].code, 'ERR_MODSPACE_ARCHIVE', `${key}: ${JSON.stringify(out[key])}`);
      assert.match(out[key].message, path('corrupt.zip'));
    }
    assert.is(out.corruptPlugin.code, 'ERR_MODSPACE_ARCHIVE', JSON.stringify(out.corruptPlugin));
    assert.is(out.after, 'alpha', 'a space can still be made and used');
    for (const key of ['missingSubpath', 'missingRelative', 'missingURL', 'missingPackage']) {
      assert.is(out[key].code, 'ERR_MODULE_NOT_FOUND', `${key}: ${JSON.stringify(out[key])}`);
    }
    assert.match(out.missingSubpath.message, 'delta/nothing.js');
    assert.match(out.missingRelative.message, 'nope.js');
    assert.match(out.missingRelative.message, path('vendor.zip'));
    assert.is(out.escape.code, 'ERR_MODSPACE_ARCHIVE', JSON.stringify(out.escape));
    assert.match(out.escape.message, /is not inside an archive/);
    for (const key of ['cjs', 'cjsDirect']) {
      assert.is(out[key].code, 'ERR_MODSPACE_UNSUPPORTED_FORMAT', `${key}: ${JSON.stringify(out[key])}`);
      assert.match(out[key].message, /old\.cjs cannot be loaded from an archive/);
    }
    assert.is(out.missingArchive.code, 'ERR_MODSPACE_INVALID_OPTION', JSON.stringify(out.missingArchive));
  });
}

test.after(() => removeProject(project));
test.run();
