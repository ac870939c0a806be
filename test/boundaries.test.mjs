// Boundaries that hold: forged internal specifiers, spaces made by a space's
// own code, per-space conditions against Node's resolve cache, remote code
// and overrides, a file deleted and recreated, dispose() against imports in
// flight and open watchers, and invalidate() of a name the space never
// loaded. Each through the public API, on every hook path this Node has.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hookModes, makeProject, modspaceURL, removeProject, runInProject, startRemoteServer } from './helpers.mjs';

const capture = `
  const capture = async (fn) => {
    try { return await fn(); }
    catch (e) { return { code: e.code, message: e.message, space: e.space, specifier: e.specifier, importer: e.importer }; }
  };
`;

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'secrets/key.js': "export const key = 'SECRET';\n",
  'db.js': "export const query = () => 'real'; export const close = () => 'real close';\n",
  'uses-db.js': "import { query, close } from './db.js'; export const answer = () => query() + '/' + close();\n",
  'forger.js': `
    const code = (e) => e.code;
    const tryIt = async (fn) => { try { return await fn(); } catch (e) { return code(e) + ': ' + e.message; } };
    const here = import.meta.url.replace(/\\?.*$/, '');
    export const attempts = {
      actualBuiltin: () => tryIt(async () => typeof (await import('modspace-actual:node:child_process')).spawn),
      actualFile: () => tryIt(async () => (await import('modspace-actual:' + new URL('./secrets/key.js', here).href)).key),
      entryOwnSpace: (space, generation) => tryIt(async () => typeof (await import('modspace-entry:' + encodeURIComponent(JSON.stringify({ space, generation, specifier: 'node:child_process', parentURL: here })))).spawn),
      entryOtherSpace: (space, generation) => tryIt(async () => Object.keys(await import('modspace-entry:' + encodeURIComponent(JSON.stringify({ space, generation, specifier: './uses-db.js', parentURL: here }))))),
      generatedOther: (url) => tryIt(async () => Object.keys(await import(url))),
    };
  `,
  'resolves-db.js': "export const url = import.meta.resolve('./db.js'); export const again = async () => (await import(url)).query();\n",
  'plugin-own-copy.js': `
    export const attempt = async () => {
      try {
        const { ModuleSpace } = await import(${JSON.stringify(modspaceURL)});
        const mine = new ModuleSpace({ base: import.meta.url });
        return typeof (await mine.import('node:child_process')).spawn;
      } catch (e) { return { code: e.code, message: e.message }; }
    };
  `,
  'plugin-shared-copy.js': `
    import { ModuleSpace } from ${JSON.stringify(modspaceURL)};
    const attempt = async (options) => {
      try {
        const mine = new ModuleSpace({ base: import.meta.url, ...options });
        return { parent: mine.parent?.name ?? null, spawn: typeof (await mine.import('./spawns.js')).spawn };
      } catch (e) { return { code: e.code, message: e.message }; }
    };
    export const plain = () => attempt({});
    export const loosened = () => attempt({ policy: { deny: [] } });
  `,
  'spawns.js': "export { spawn } from 'node:child_process';\n",
  'node_modules/flavour/package.json': JSON.stringify({
    name: 'flavour',
    exports: {
      '.': { development: './dev.js', production: './prod.js', default: './default.js' },
      './deep': { development: './deep-dev.js', default: './deep-default.js' },
    },
  }),
  'node_modules/flavour/dev.js': "export default 'dev';\n",
  'node_modules/flavour/prod.js': "export default 'prod';\n",
  'node_modules/flavour/default.js': "export default 'default';\n",
  'node_modules/flavour/deep-dev.js': "export default 'deep-dev';\n",
  'node_modules/flavour/deep-default.js': "export default 'deep-default';\n",
  'uses-flavour.js': "export { default } from 'flavour'; export { default as deep } from 'flavour/deep';\n",
  'slow.js': `
    import { value } from './value.js';
    await new Promise((resolve) => setTimeout(resolve, 100));
    export const seen = value.answer();
    const later = await import('./later.js');
    export const laterSeen = later.value.answer();
  `,
  'value.js': "export const value = { answer: () => 'real' };\n",
  'later.js': "export { value } from './value.js';\n",
  'watched/entry.js': "export { a } from './a.js';\n",
  'watched/a.js': "export const a = 1;\n",
  'recreated/entry.js': "export { a } from './a.js';\n",
  'recreated/a.js': "export const a = 1;\n",
  'never-loaded.js': "export const never = true;\n",
});

for (const mode of hookModes) {
  test(`[${mode}] modspace's internal specifiers do not exist for a space's modules`, () => {
    const out = runInProject(project, 'forge', `
      const other = new ModuleSpace({ name: 'other', base: import.meta.url, overrides: { './db.js': { query: () => 'fake', close: () => 'fake close' } } });
      const otherNamespace = await other.import('./uses-db.js');
      const otherURL = other.resolve('./db.js');
      const plugin = new ModuleSpace({ name: 'plugin', base: import.meta.url, policy: { deny: ['node:child_process', './secrets/'] } });
      const { attempts } = await plugin.import('./forger.js');
      out.actualBuiltin = await attempts.actualBuiltin();
      out.actualFile = await attempts.actualFile();
      out.entryOwnSpace = await attempts.entryOwnSpace(2, plugin.generation);
      out.entryOtherSpace = await attempts.entryOtherSpace(1, other.generation);
      out.generatedOther = await attempts.generatedOther(otherURL);
      // What modspace makes itself keeps working: partial() reaching its module, and a module importing what import.meta.resolve gave it.
      const partialSpace = new ModuleSpace({ base: import.meta.url, overrides: { './db.js': partial({ query: () => 'partial' }) } });
      out.partial = (await partialSpace.import('./uses-db.js')).answer();
      out.actual = (await partialSpace.importActual('./db.js')).query();
      out.resolvedURL = (await other.import('./resolves-db.js')).url.startsWith('modspace:');
      out.resolvedImport = await (await other.import('./resolves-db.js')).again();
      out.other = otherNamespace.answer();
    `, { mode });
    for (const key of ['actualBuiltin', 'actualFile', 'entryOwnSpace', 'entryOtherSpace', 'generatedOther']) {
      assert.match(out[key], /^ERR_MODULE_NOT_FOUND: Cannot find module 'modspace(-actual|-entry)?:/, `${key}: ${out[key]}`);
      assert.match(out[key], /imported from .*forger\.js/, `${key} names the importer as a path`);
    }
    assert.is(out.partial, 'partial/real close');
    assert.is(out.actual, 'real');
    assert.ok(out.resolvedURL, 'import.meta.resolve of an overridden module gives its modspace: URL');
    assert.is(out.resolvedImport, 'fake', 'and importing that URL in its own space works');
    assert.is(out.other, 'fake/fake close');
  });

  test(`[${mode}] a space's code cannot make a space that escapes its policy`, () => {
    const out = runInProject(project, 'own-copy', `
      ${capture}
      // Its own copy of modspace: that copy is the space's code, and makes no spaces.
      const deny = new ModuleSpace({ name: 'deny-list', base: import.meta.url, policy: { deny: ['node:child_process'] } });
      out.ownCopy = await (await deny.import('./plugin-own-copy.js')).attempt();
      const open = new ModuleSpace({ name: 'open', base: import.meta.url });
      out.ownCopyUnpoliced = await (await open.import('./plugin-own-copy.js')).attempt();
      // Allow lists refuse modspace unless they name it.
      const allow = new ModuleSpace({ name: 'allow-list', base: import.meta.url, policy: { allow: ['node:path'] } });
      out.allowList = await capture(() => allow.import('./plugin-own-copy.js').then((m) => m.attempt()));
      // The host's own copy, shared: a space its code makes is its child, bound by its policy.
      const shared = new ModuleSpace({ name: 'shared', base: import.meta.url, share: [${JSON.stringify(modspaceURL)}], policy: { deny: ['node:child_process'] } });
      const plugin = await shared.import('./plugin-shared-copy.js');
      out.plain = await plugin.plain();
      out.loosened = await plugin.loosened();
      // The host itself is not a space's code: its spaces are roots.
      const root = new ModuleSpace({ base: import.meta.url });
      out.hostParent = root.parent;
      out.hostSpawn = typeof (await root.import('./spawns.js')).spawn;
    `, { mode });
    assert.is(out.ownCopy.code, 'ERR_MODSPACE_DENIED', JSON.stringify(out.ownCopy));
    assert.match(out.ownCopy.message, /loaded inside space s\d+.*share 'modspace'/);
    assert.is(out.ownCopyUnpoliced.code, 'ERR_MODSPACE_DENIED');
    assert.is(out.allowList.code, 'ERR_MODSPACE_DENIED', JSON.stringify(out.allowList));
    assert.match(out.allowList.message, /not in allow list: modspace \(only naming it allows it\)/);
    assert.is(out.plain.code, 'ERR_MODSPACE_DENIED', `a space made by the plugin's code is bound: ${JSON.stringify(out.plain)}`);
    assert.match(out.plain.message, /deny: node:child_process/);
    assert.is(out.loosened.code, 'ERR_MODSPACE_DENIED', 'a policy of its own adds to the parent policy, never replaces it');
    assert.is(out.hostParent, null);
    assert.is(out.hostSpawn, 'function');
  });

  test(`[${mode}] a child's own policy adds to its parent's`, () => {
    const out = runInProject(project, 'child-policy', `
      ${capture}
      const parent = new ModuleSpace({ base: import.meta.url, policy: { deny: ['node:child_process'] } });
      const child = parent.child({ policy: { deny: ['node:os'] } });
      out.parentRule = await capture(() => child.import('./spawns.js'));
      out.ownRule = await capture(() => child.import('data:text/javascript,import "node:os"'));
      const free = parent.child({ policy: { allow: ['node:*'] } });
      out.allowCannotReopen = await capture(() => free.import('./spawns.js'));
    `, { mode });
    assert.is(out.parentRule.code, 'ERR_MODSPACE_DENIED');
    assert.match(out.parentRule.message, /deny: node:child_process/);
    assert.is(out.ownRule.code, 'ERR_MODSPACE_DENIED');
    assert.match(out.ownRule.message, /deny: node:os/);
    assert.is(out.allowCannotReopen.code, 'ERR_MODSPACE_DENIED');
  });

  for (const order of ['space-first', 'host-first']) {
    test(`[${mode}] per-space conditions hold for space.import() and resolve() of bare specifiers (${order})`, () => {
      const out = runInProject(project, `conditions-${order}`, `
        if (${JSON.stringify(order)} === 'host-first') out.host = (await import('flavour')).default + '/' + (await import('flavour/deep')).default;
        const dev = new ModuleSpace({ base: import.meta.url, conditions: ['development'] });
        const prod = new ModuleSpace({ base: import.meta.url, conditions: ['production'] });
        out.entry = [(await dev.import('flavour')).default, (await prod.import('flavour')).default];
        out.deep = [(await dev.import('flavour/deep')).default, (await prod.import('flavour/deep')).default];
        out.resolve = [dev.resolve('flavour'), prod.resolve('flavour')].map((url) => url.replace(/^.*\\/flavour\\//, '').replace(/\\?.*$/, ''));
        const inside = [await dev.import('./uses-flavour.js'), await prod.import('./uses-flavour.js')];
        out.inside = inside.map((m) => m.default + '/' + m.deep);
        dev.fresh();
        out.afterFresh = (await dev.import('flavour')).default;
        if (${JSON.stringify(order)} === 'space-first') out.host = (await import('flavour')).default + '/' + (await import('flavour/deep')).default;
      `, { mode });
      assert.equal(out.entry, ['dev', 'prod']);
      assert.equal(out.deep, ['deep-dev', 'deep-default']);
      assert.equal(out.resolve, ['dev.js', 'prod.js']);
      assert.equal(out.inside, ['dev/deep-dev', 'prod/deep-default']);
      assert.is(out.afterFresh, 'dev');
      assert.is(out.host, 'default/deep-default', 'the host keeps its own conditions');
    });
  }

  test(`[${mode}] a file deleted and recreated comes back on invalidate()`, () => {
    writeFileSync(join(project, 'recreated', 'a.js'), 'export const a = 1;\n');
    const out = runInProject(project, 'recreate', `
      ${capture}
      const { rmSync, writeFileSync } = await import('node:fs');
      const a = new URL('./recreated/a.js', import.meta.url);
      const space = new ModuleSpace({ base: import.meta.url });
      out.first = (await space.import('./recreated/entry.js')).a;
      rmSync(a);
      out.invalidatedDeleted = (await space.invalidate('./recreated/a.js')).map((url) => url.replace(/^.*\\//, ''));
      out.missing = await capture(() => space.import('./recreated/entry.js'));
      writeFileSync(a, 'export const a = 2;\\n');
      out.invalidatedBack = (await space.invalidate('./recreated/a.js')).map((url) => url.replace(/^.*\\//, '')).sort();
      out.back = (await space.import('./recreated/entry.js')).a;
    `, { mode });
    assert.is(out.first, 1);
    assert.equal(out.invalidatedDeleted.sort(), ['a.js', 'entry.js']);
    assert.is(out.missing.code, 'ERR_MODULE_NOT_FOUND');
    assert.ok(out.invalidatedBack.includes('entry.js'), `the importer that failed is renewed: ${out.invalidatedBack}`);
    assert.is(out.back, 2);
  });

  test(`[${mode}] the watcher picks up a file deleted and recreated`, () => {
    writeFileSync(join(project, 'watched', 'a.js'), 'export const a = 1;\n');
    const out = runInProject(project, 'watch-recreate', `
      const { rmSync, writeFileSync } = await import('node:fs');
      const a = new URL('./watched/a.js', import.meta.url);
      const space = new ModuleSpace({ base: import.meta.url });
      let current = await space.import('./watched/entry.js');
      const events = [];
      const watcher = space.watch({ entry: './watched/entry.js', debounce: 20, onReload: (ns) => { current = ns; } });
      const next = (name) => new Promise((resolve) => watcher.once(name, resolve));
      watcher.on('error', ({ error }) => events.push('error ' + error.code));
      watcher.on('reload', () => events.push('reload ' + current.a));
      let failed = next('error');
      rmSync(a);
      await failed;
      const reloaded = next('reload');
      writeFileSync(a, 'export const a = 3;\\n');
      await reloaded;
      await watcher.close();
      out.events = events;
      out.a = current.a;
    `, { mode });
    assert.equal(out.events, ['error ERR_MODULE_NOT_FOUND', 'reload 3']);
    assert.is(out.a, 3);
  });

  test(`[${mode}] dispose() lets imports in flight complete against the overrides they started with`, () => {
    const out = runInProject(project, 'dispose-in-flight', `
      ${capture}
      const space = new ModuleSpace({ name: 'busy', base: import.meta.url, overrides: { './value.js': { value: { answer: () => 'fake' } } } });
      const pending = capture(() => space.import('./slow.js').then((m) => [m.seen, m.laterSeen]));
      await new Promise((resolve) => setTimeout(resolve, 20));
      const disposed = space.dispose();
      out.importAfter = await capture(() => space.import('./slow.js'));
      out.disposedFlag = space.disposed;
      out.sameDispose = space.dispose() === disposed || 'idempotent';
      await disposed;
      out.pending = await pending;
      out.freshAfter = await capture(async () => space.fresh());
    `, { mode });
    assert.equal(out.pending, ['fake', 'fake'], JSON.stringify(out.pending));
    assert.is(out.importAfter.code, 'ERR_MODSPACE_DISPOSED');
    assert.is(out.freshAfter.code, 'ERR_MODSPACE_DISPOSED');
    assert.ok(out.disposedFlag);
  });

  test(`[${mode}] a change waiting for an import is told when the space is disposed`, () => {
    const out = runInProject(project, 'dispose-deferred', `
      ${capture}
      const space = new ModuleSpace({ base: import.meta.url });
      await space.import('./value.js');
      const pending = space.import('./slow.js');
      const invalidated = capture(() => space.invalidate('./value.js'));
      await space.dispose();
      await pending;
      out.invalidated = await invalidated;
    `, { mode });
    assert.is(out.invalidated.code, 'ERR_MODSPACE_DISPOSED');
  });

  test(`[${mode}] dispose() closes the space's watchers`, () => {
    const out = runInProject(project, 'dispose-watcher', `
      const space = new ModuleSpace({ base: import.meta.url });
      await space.import('./value.js');
      const watcher = space.watch({ rescan: 20 });
      let closed = false;
      watcher.on('close', () => { closed = true; });
      const child = space.child();
      await child.import('./db.js');
      const childWatcher = child.watch({ rescan: 20 });
      await space.dispose();
      // Rescans would have run several times by now.
      await new Promise((resolve) => setTimeout(resolve, 200));
      out.closed = closed;
      out.files = watcher.files.length;
      childWatcher.refresh();
      out.survived = true;
    `, { mode, timeout: 20_000 });
    assert.ok(out.closed);
    assert.ok(out.survived);
  });

  test(`[${mode}] invalidate() of a file the space never loaded is an error and changes nothing`, () => {
    const out = runInProject(project, 'invalidate-unknown', `
      const space = new ModuleSpace({ name: 'reloader', base: import.meta.url });
      await space.import('./uses-db.js');
      const before = space.generation;
      try { await space.invalidate(['./db.js', './never-loaded.js']); out.error = 'no error'; } catch (e) { out.error = { code: e.code, message: e.message }; }
      out.sameGeneration = space.generation === before;
      out.stillLoaded = space.modules().map((m) => m.url.replace(/^.*\\//, ''));
      try { space.invalidate('./no-such-file.js'); out.missing = 'no error'; } catch (e) { out.missing = e.code; }
      try { space.invalidate('no-such-package'); out.bare = 'no error'; } catch (e) { out.bare = e.code; }
    `, { mode });
    assert.is(out.error.code, 'ERR_MODSPACE_UNRESOLVED_KEY', JSON.stringify(out.error));
    assert.match(out.error.message, /\[modspace:reloader\] invalidate\(\) key names no module of the space: the space has not loaded it \(specifier "\.\/never-loaded\.js"/);
    assert.ok(out.sameGeneration, 'nothing was invalidated');
    assert.equal(out.stillLoaded, ['uses-db.js?modspace=s1.g1', 'db.js?modspace=s1.g1']);
    assert.is(out.missing, 'ERR_MODSPACE_UNRESOLVED_KEY');
    assert.is(out.bare, 'ERR_MODSPACE_UNRESOLVED_KEY');
  });
}

// Remote code and the space's overrides: the override is the space's own module.
const served = makeProject({
  'uses-fs.js': "import { readFileSync } from 'node:fs'; export const kind = typeof readFileSync; export const fake = readFileSync('x');\n",
  'uses-db.js': "export { query } from 'db';\n",
}, 'modspace-remote-served-');
let server;
test.before(async () => {
  server = await startRemoteServer(served);
});
test.after(async () => {
  await server.stop();
  removeProject(served);
  removeProject(project);
});

for (const mode of hookModes) {
  test(`[${mode}] remote modules reach the space's overrides of builtins and packages`, () => {
    const out = runInProject(project, 'remote-overrides', `
      ${capture}
      const origin = ${JSON.stringify(server?.origin ?? '')};
      const space = new ModuleSpace({
        base: import.meta.url,
        remote: { allow: [origin], cache: false },
        overrides: { 'node:fs': { readFileSync: () => 'fake fs' }, db: virtual({ query: () => 'fake db' }) },
      });
      out.fs = (await space.import(origin + '/uses-fs.js')).fake;
      out.db = (await space.import(origin + '/uses-db.js')).query();
      const strict = new ModuleSpace({ base: import.meta.url, remote: { allow: [origin], cache: false } });
      out.strict = await capture(() => strict.import(origin + '/uses-fs.js'));
    `, { mode });
    assert.is(out.fs, 'fake fs');
    assert.is(out.db, 'fake db');
    assert.is(out.strict.code, 'ERR_MODSPACE_DENIED', 'without the override, a builtin is still local');
  });
}

test.run();
