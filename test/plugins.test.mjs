// loadPlugins(): discovery, order, isolation, failures reported per plugin,
// the host's shared API, disposal, and bad input. Child processes, public API.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hookModes, makeProject, modspaceURL, removeProject, runScenario } from './helpers.mjs';

const counted = (label) => `
  globalThis.__loads ??= [];
  globalThis.__loads.push('${label}');
  import { bus, Event } from '../host/api.js';
  import { tick } from '../host/util.js';
  export const name = '${label}';
  export const event = new Event('${label}');
  export const busId = bus.id;
  export const utilCount = tick();
  bus.emit(event);
`;

const project = makeProject({
  'package.json': JSON.stringify({ name: 'host', type: 'module' }),
  'host/api.js': `
    let made = 0;
    export class Event { constructor(name) { this.name = name; } }
    export const bus = { id: ++made, seen: [], emit(event) { this.seen.push(event); } };
    globalThis.__apiInstances = (globalThis.__apiInstances ?? 0) + 1;
  `,
  'host/util.js': `let count = 0; export const tick = () => ++count;`,
  'plugins/alpha.js': counted('alpha'),
  'plugins/beta.mjs': counted('beta'),
  'plugins/gamma.ts': `import { bus } from '../host/api.js'; const label: string = 'gamma'; export const name = label; export const busId: number = bus.id;`,
  'plugins/delta/package.json': JSON.stringify({ type: 'module', main: './src/main.js' }),
  'plugins/delta/src/main.js': counted('delta').replaceAll('../host/', '../../../host/'),
  'plugins/epsilon/index.js': counted('epsilon').replaceAll('../host/', '../../host/'),
  'plugins/helpers/util.js': `export default 'not a plugin: no entry in this folder';`,
  'plugins/README.md': '# not a plugin',
  'plugins/.hidden.js': `throw new Error('dot files are not plugins');`,
  'plugins/types.d.ts': `export declare const x: number;`,
  'plugins/legacy.cjs': `throw new Error('CommonJS files are not plugins');`,
  'broken/a-syntax.js': `export const = 1;`,
  'broken/b-throws.js': `throw new Error('plugin b refuses to start');`,
  'broken/c-denied.js': `import { exec } from 'node:child_process'; export default exec;`,
  'broken/d-fine.js': `export default 'd loaded';`,
  'broken/e-bad-package/package.json': '{ "main": ',
  'globbed/one/index.js': `export default 'one';`,
  'globbed/two/index.js': `export default 'two';`,
  'globbed/two/other.js': `export default 'not matched';`,
  'globbed/three/main.js': `export default 'no index: not matched';`,
  'single-package/package.json': JSON.stringify({ name: 'single', type: 'module', exports: { '.': { development: './dev.js', default: './index.js' } } }),
  'single-package/index.js': `export default 'single package';`,
  'single-package/dev.js': `export default 'single package (development)';`,
  'versioned/a/index.js': `export { version } from 'lib';`,
  'versioned/b/index.js': `export { version } from 'lib';`,
  'versioned/a/deps/lib/index.js': `export const version = '1.0.0';`,
  'versioned/b/deps/lib/index.js': `export const version = '2.0.0';`,
  'late/a.js': `globalThis.__late = () => import('./later.js');`,
  'late/b.js': `export default 'b';`,
  'late/later.js': `export default 'later';`,
  'empty/.keep': '',
});

function run(name, body, mode) {
  const file = join(project, `scenario-${name}.mjs`);
  writeFileSync(
    file,
    `import { ModuleSpace, loadPlugins, ErrorCodes } from ${JSON.stringify(modspaceURL)};
const out = {};
const capture = async (fn) => { try { await fn(); return 'no error'; } catch (e) { return { code: e.code, message: e.message, specifier: e.specifier }; } };
const summary = (plugins) => plugins.map((p) => ({ name: p.name, error: p.error && { code: p.error.code, message: p.error.message, name: p.error.constructor.name } }));
${body}
console.log(JSON.stringify(out));\n`,
  );
  return runScenario(file, { mode });
}

for (const mode of hookModes) {
  test(`[${mode}] a plugins folder: files and folders with an entry, sorted, each in its own space`, () => {
    const out = run('folder', `
      const plugins = await loadPlugins('./plugins', { base: import.meta.url });
      out.names = plugins.map((p) => p.name);
      out.loads = globalThis.__loads;
      out.errors = plugins.filter((p) => p.error).map((p) => p.error.message);
      out.spaces = new Set(plugins.map((p) => p.space)).size;
      out.spaceNames = plugins.map((p) => p.space.name);
      out.utilCounts = plugins.filter((p) => p.namespace.utilCount).map((p) => p.namespace.utilCount);
      out.delta = [plugins.find((p) => p.name === 'delta').file.endsWith('/plugins/delta/src/main.js'), plugins[0].url.startsWith('file:')];
      out.folders = plugins.map((p) => p.folder ? p.folder.split('/').at(-1) : null);
      out.gamma = plugins.find((p) => p.name === 'gamma').namespace.name;
      await plugins.dispose();
      out.disposed = plugins.every((p) => p.space.disposed);
    `, mode);
    assert.equal(out.names, ['alpha', 'beta', 'delta', 'epsilon', 'gamma']);
    assert.equal(out.loads, ['alpha', 'beta', 'delta', 'epsilon'], 'loaded one after the other, in name order');
    assert.equal(out.errors, []);
    assert.is(out.spaces, 5);
    assert.equal(out.spaceNames, out.names, 'each space is named after its plugin');
    assert.equal(out.utilCounts, [1, 1, 1, 1], 'each plugin space has its own instance of an unshared module');
    assert.equal(out.delta, [true, true]);
    assert.equal(out.folders, [null, null, 'delta', 'epsilon', null]);
    assert.is(out.gamma, 'gamma', 'TypeScript plugins load');
    assert.is(out.disposed, true, 'plugins.dispose() disposes every plugin space');
  });

  test(`[${mode}] the host's API is shared: one bus, instanceof across the boundary`, () => {
    const out = run('shared', `
      const api = await import('./host/api.js');
      const plugins = await loadPlugins('./plugins', { base: import.meta.url, space: { share: ['./host/api.js'] } });
      out.busIds = plugins.map((p) => p.namespace.busId);
      out.seen = api.bus.seen.map((event) => event.name);
      out.instanceOf = plugins.filter((p) => p.namespace.event).every((p) => p.namespace.event instanceof api.Event);
      out.apiInstances = globalThis.__apiInstances;
      const isolated = await loadPlugins('./plugins', { base: import.meta.url });
      out.isolatedInstanceOf = isolated.filter((p) => p.namespace.event).map((p) => p.namespace.event instanceof api.Event);
      out.seenAfter = api.bus.seen.length;
    `, mode);
    assert.equal(out.busIds, [1, 1, 1, 1, 1]);
    assert.equal(out.seen, ['alpha', 'beta', 'delta', 'epsilon'], "every plugin emitted on the host's own bus");
    assert.is(out.instanceOf, true);
    assert.is(out.apiInstances, 1, 'the host API module evaluated once');
    assert.equal(out.isolatedInstanceOf, [false, false, false, false], 'without share, each plugin has its own API');
    assert.is(out.seenAfter, 4);
  });

  test(`[${mode}] failing plugins are reported with their error; the others load`, () => {
    const out = run('failures', `
      const plugins = await loadPlugins('./broken', { base: import.meta.url, space: { policy: { deny: ['node:child_process'] } } });
      out.plugins = summary(plugins);
      out.loaded = plugins.filter((p) => !p.error).map((p) => p.namespace.default);
      out.failedDisposed = plugins.filter((p) => p.error).every((p) => p.space.disposed && p.namespace === undefined);
    `, mode);
    const [syntax, throws, denied, fine, badPackage] = out.plugins;
    assert.equal(out.plugins.map((p) => p.name), ['a-syntax', 'b-throws', 'c-denied', 'd-fine', 'e-bad-package']);
    assert.is(syntax.error.name, 'SyntaxError');
    assert.is(throws.error.message, 'plugin b refuses to start');
    assert.is(denied.error.code, 'ERR_MODSPACE_DENIED');
    assert.match(denied.error.message, /\[modspace:c-denied\] Import denied by policy .*"node:child_process".*broken\/c-denied\.js/);
    assert.is(fine.error, undefined);
    assert.is(badPackage.error.code, 'ERR_INVALID_PACKAGE_CONFIG');
    assert.equal(out.loaded, ['d loaded']);
    assert.is(out.failedDisposed, true);
  });

  test(`[${mode}] isolate: false, globs, a package folder, one file, per-plugin options`, () => {
    const out = run('forms', `
      const together = await loadPlugins('./plugins', { base: import.meta.url, isolate: false });
      out.together = [new Set(together.map((p) => p.space)).size, together[0].space.name, together.filter((p) => p.namespace.utilCount).map((p) => p.namespace.utilCount)];
      const globbed = await loadPlugins('./globbed/*/index.js', { base: import.meta.url });
      out.globbed = globbed.map((p) => [p.name, p.namespace.default]);
      out.starFolders = (await loadPlugins('globbed/*', { base: import.meta.url })).map((p) => p.name);
      out.deep = (await loadPlugins(new URL('./globbed/**/*.js', import.meta.url).pathname)).map((p) => p.name);
      out.noMatch = (await loadPlugins('./globbed/*/nothing-*.js', { base: import.meta.url })).length;
      out.empty = (await loadPlugins('./empty', { base: import.meta.url })).length;
      out.pkg = (await loadPlugins('./single-package', { base: import.meta.url })).map((p) => [p.name, p.namespace.default]);
      out.pkgDev = (await loadPlugins('./single-package', { base: import.meta.url, space: { conditions: ['development'] } }))[0].namespace.default;
      out.file = (await loadPlugins(new URL('./broken/d-fine.js', import.meta.url))).map((p) => [p.name, p.namespace.default]);
      out.fileURLString = (await loadPlugins(new URL('./globbed/one', import.meta.url).href)).map((p) => p.name);
      const seen = [];
      const versioned = await loadPlugins('./versioned', { base: import.meta.url, space: (plugin) => { seen.push(plugin.name); return { name: 'plugin ' + plugin.name, roots: [plugin.folder + '/deps'] }; } });
      out.versioned = versioned.map((p) => [p.space.name, p.namespace.version]);
      out.seen = seen;
    `, mode);
    assert.equal(out.together, [1, 'plugins', [1, 2, 3, 4]], 'one space: one instance of the shared util');
    assert.equal(out.globbed, [['one', 'one'], ['two', 'two']]);
    assert.equal(out.starFolders, ['one', 'two'], 'a matched folder without an entry is skipped');
    assert.equal(out.deep, ['one', 'three/main', 'two', 'two/other']);
    assert.is(out.noMatch, 0, 'a glob matching nothing loads nothing');
    assert.is(out.empty, 0);
    assert.equal(out.pkg, [['single-package', 'single package']]);
    assert.is(out.pkgDev, 'single package (development)');
    assert.equal(out.file, [['d-fine', 'd loaded']]);
    assert.equal(out.fileURLString, ['index'], 'a file: URL string names a folder as a path does');
    assert.equal(out.versioned, [['plugin a', '1.0.0'], ['plugin b', '2.0.0']], 'two versions of lib, one per plugin');
    assert.equal(out.seen, ['a', 'b']);
  });

  test(`[${mode}] a parent space: disposing it disposes every plugin`, () => {
    const out = run('parent', `
      const host = new ModuleSpace({ name: 'host', base: import.meta.url, share: ['./host/api.js'] });
      const plugins = await loadPlugins('./plugins', { parent: host, space: { share: ['./host/api.js'] } });
      const api = await import('./host/api.js');
      out.parents = plugins.every((p) => p.space.parent === host);
      out.bus = plugins.every((p) => p.namespace.busId === api.bus.id) && api.bus.seen.length === 4;
      await host.dispose();
      out.disposed = plugins.every((p) => p.space.disposed);
    `, mode);
    assert.is(out.parents, true);
    assert.is(out.bus, true, "a parent that shares the API onward gives plugins the host's instance");
    assert.is(out.disposed, true);
  });

  test(`[${mode}] bad input: missing folder, bad options; a host error disposes what was created`, () => {
    const out = run('bad', `
      const base = import.meta.url;
      out.missing = await capture(() => loadPlugins('./no-such-folder', { base }));
      out.missingGlobBase = await capture(() => loadPlugins('./no-such-folder/*/index.js', { base }));
      out.source = await capture(() => loadPlugins(42));
      out.httpSource = await capture(() => loadPlugins('https://example.invalid/plugins/'));
      out.typo = await capture(() => loadPlugins('./plugins', { base, isolated: false }));
      out.isolate = await capture(() => loadPlugins('./plugins', { base, isolate: 'no' }));
      out.fnShared = await capture(() => loadPlugins('./plugins', { base, isolate: false, space: () => ({}) }));
      out.staticName = await capture(() => loadPlugins('./plugins', { base, space: { name: 'x' } }));
      out.badSpace = await capture(() => loadPlugins('./plugins', { base, space: { roots: './nowhere' } }));
      out.badParent = await capture(() => loadPlugins('./plugins', { base, parent: {} }));
      out.unresolvedShare = await capture(() => loadPlugins('./late', { base, space: { share: ['./host/missing.js'] } }));
      out.fnThrows = await capture(() => loadPlugins('./late', { base, space: (plugin) => { if (plugin.name === 'b') throw new Error('no options for b'); return {}; } }));
      out.late = await capture(() => globalThis.__late());
    `, mode);
    assert.is(out.missing.code, 'ERR_MODSPACE_PLUGINS_NOT_FOUND');
    assert.match(out.missing.message, /The plugins folder .*no-such-folder does not exist/);
    assert.is(out.missingGlobBase.code, 'ERR_MODSPACE_PLUGINS_NOT_FOUND');
    for (const key of ['source', 'httpSource', 'typo', 'isolate', 'fnShared', 'staticName', 'badSpace', 'badParent']) assert.is(out[key].code, 'ERR_MODSPACE_INVALID_OPTION', key);
    assert.match(out.typo.message, /did you mean "isolate"\?/);
    assert.is(out.unresolvedShare.code, 'ERR_MODSPACE_UNRESOLVED_KEY', "the host's own mistake throws");
    assert.is(out.fnThrows.message, 'no options for b');
    assert.is(out.late.code, 'ERR_MODSPACE_DISPOSED', "plugin a's space was disposed when loading failed");
  });
}

test.after(() => removeProject(project));
test.run();
