// Policies: deny and allow lists over builtins, packages, paths and URL
// schemes (globs included), 'none', the allow-list defaults, and bad patterns.
// The ways around a policy are in escapes.test.mjs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hookModes, makeProject, removeProject, runInProject } from './helpers.mjs';

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'node_modules/leftpad/package.json': JSON.stringify({ name: 'leftpad', type: 'module', exports: './index.js' }),
  'node_modules/leftpad/index.js': `export default (s) => ' ' + s;`,
  'plugin/spawns.js': `import { spawn } from 'node:child_process'; export default typeof spawn;`,
  'plugin/spawns-dynamically.js': `export const run = () => import('child_process');`,
  'plugin/pads.js': `import pad from 'leftpad'; export default pad('x');`,
  'plugin/uses-missing-pkg.js': `import x from 'denied-and-missing'; export default x;`,
  'plugin/reads-secret.js': `import secret from '../secrets/key.js'; export default secret;`,
  'plugin/uses-path.js': `import { join } from 'node:path'; export default join('a', 'b');`,
  'plugin/alone.js': `export default 'no imports';`,
  'plugin/imports-one.js': `import './alone.js'; export default 'imported';`,
  'secrets/key.js': `export default 'top secret';`,
  // For the pattern kinds: probe.js imports whatever it is asked to, as a module of the space.
  'probe.js': `export const load = (specifier) => import(specifier);`,
  'lib/a.js': `export default 'a';`,
  'plugins/x/private/secret.js': `export default 'x private';`,
  'plugins/x/public/ok.js': `export default 'x public';`,
  'plugins/x/public/ok.ts': `export default 'x public ts';`,
  'plugins/x/deep/private/y.js': `export default 'deep private';`,
  'plugins/private/top.js': `export default 'top private';`,
  'node_modules/@scope/a/package.json': JSON.stringify({ name: '@scope/a', type: 'module', exports: './index.js' }),
  'node_modules/@scope/a/index.js': `export default '@scope/a';`,
  'node_modules/@other/c/package.json': JSON.stringify({ name: '@other/c', type: 'module', exports: './index.js' }),
  'node_modules/@other/c/index.js': `export default '@other/c';`,
  'node_modules/lodash/package.json': JSON.stringify({ name: 'lodash', type: 'module', exports: { '.': './index.js', './fp': './fp.js' } }),
  'node_modules/lodash/index.js': `export default 'lodash';`,
  'node_modules/lodash/fp.js': `import './index.js'; export default 'lodash/fp';`,
  'node_modules/lodash.merge/package.json': JSON.stringify({ name: 'lodash.merge', type: 'module', exports: './index.js' }),
  'node_modules/lodash.merge/index.js': `export default 'lodash.merge';`,
  'node_modules/zod/package.json': JSON.stringify({ name: 'zod', type: 'module', exports: './index.js' }),
  'node_modules/zod/index.js': `export default 'zod';`,
  'node_modules/plugin-x/package.json': JSON.stringify({ name: 'plugin-x', type: 'module', exports: './index.js' }),
  'node_modules/plugin-x/index.js': `import util from './util.js'; import zod from 'zod'; export default [util, zod]; export const pad = () => import('leftpad');`,
  'node_modules/plugin-x/util.js': `export default 'util';`,
  'aliased.js': `import pad from '#pad'; export default pad;`,
});
// package.json with an `imports` alias to a package (written after makeProject: it needs the final object).
import { writeFileSync } from 'node:fs';
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', type: 'module', imports: { '#pad': 'leftpad' } }));
const run = (name, body, mode) => runInProject(project, name, body, { mode });

for (const mode of hookModes) {
  test(`[${mode}] deny: a builtin is refused with the space, specifier and importing file`, () => {
    const out = run('deny-builtin', `
      const space = new ModuleSpace({ name: 'plugin-a', base: import.meta.url, policy: { deny: ['child_process'] } });
      for (const entry of ['./plugin/spawns.js']) {
        try { await space.import(entry); } catch (e) { out.error = { code: e.code, space: e.space, specifier: e.specifier, importer: e.importer, message: e.message }; }
      }
      const dyn = await space.import('./plugin/spawns-dynamically.js');
      try { await dyn.run(); } catch (e) { out.dynamic = { code: e.code, specifier: e.specifier }; }
      out.allowedOther = (await space.import('./plugin/uses-path.js')).default;
    `, mode);
    assert.is(out.error.code, 'ERR_MODSPACE_DENIED');
    assert.is(out.error.space, 'plugin-a');
    assert.is(out.error.specifier, 'node:child_process');
    assert.is(out.error.importer, join(project, 'plugin', 'spawns.js'));
    assert.match(out.error.message, /\[modspace:plugin-a\] Import denied by policy \(deny: child_process\)/);
    assert.match(out.error.message, new RegExp(`imported from ${join(project, 'plugin', 'spawns.js').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal(out.dynamic, { code: 'ERR_MODSPACE_DENIED', specifier: 'child_process' });
    assert.is(out.allowedOther, join('a', 'b'));
  });

  test(`[${mode}] deny: packages (even missing ones) and path folders`, () => {
    const out = run('deny-package', `
      const space = new ModuleSpace({ name: 'p', base: import.meta.url, policy: { deny: ['leftpad', 'denied-and-missing', './secrets/'] } });
      for (const entry of ['./plugin/pads.js', './plugin/uses-missing-pkg.js', './plugin/reads-secret.js']) {
        try { await space.import(entry); out[entry] = 'loaded'; } catch (e) { out[entry] = e.code + ' ' + e.specifier; }
      }
    `, mode);
    assert.is(out['./plugin/pads.js'], 'ERR_MODSPACE_DENIED leftpad');
    assert.is(out['./plugin/uses-missing-pkg.js'], 'ERR_MODSPACE_DENIED denied-and-missing');
    assert.is(out['./plugin/reads-secret.js'], 'ERR_MODSPACE_DENIED ../secrets/key.js');
  });

  test(`[${mode}] allow: only listed builtins and packages; own files always; deny wins`, () => {
    const out = run('allow', `
      const space = new ModuleSpace({ base: import.meta.url, policy: { allow: ['node:path', 'child_process'], deny: ['child_process'] } });
      out.path = (await space.import('./plugin/uses-path.js')).default;
      for (const entry of ['./plugin/pads.js', './plugin/spawns.js']) {
        try { await space.import(entry); out[entry] = 'loaded'; } catch (e) { out[entry] = e.message; }
      }
      out.own = (await space.import('./plugin/imports-one.js')).default;
    `, mode);
    assert.is(out.path, join('a', 'b'));
    assert.match(out['./plugin/pads.js'], /not in allow list: leftpad/);
    assert.match(out['./plugin/spawns.js'], /deny: child_process/, 'deny wins, and the message names the deny rule as written');
    assert.is(out.own, 'imported');
  });

  test(`[${mode}] 'none': the entry loads, every import it makes fails (emptyMapper)`, () => {
    const out = run('none', `
      const space = new ModuleSpace({ name: 'empty', base: import.meta.url, policy: 'none' });
      out.alone = (await space.import('./plugin/alone.js')).default;
      try { await space.import('./plugin/imports-one.js'); } catch (e) { out.error = [e.code, e.specifier, e.message]; }
      const child = space.child();
      try { await child.import('./plugin/uses-path.js'); } catch (e) { out.childInherits = e.code; }
    `, mode);
    assert.is(out.alone, 'no imports');
    assert.equal(out.error.slice(0, 2), ['ERR_MODSPACE_DENIED', './alone.js']);
    assert.match(out.error[2], /policy 'none'/);
    assert.is(out.childInherits, 'ERR_MODSPACE_DENIED', 'a child inherits its parent policy');
  });
}

/**
 * Imports each specifier from probe.js in a space with each policy. An
 * outcome is 'ok', 'denied (<rule>)' or another error code.
 */
function probe(mode, name, cases) {
  return run(`probe-${name}`, `
    const results = [];
    for (const [policy, specifiers] of ${JSON.stringify(cases)}) {
      const space = new ModuleSpace({ name: 'probe', base: import.meta.url, policy });
      const { load } = await space.import('./probe.js');
      const row = {};
      for (const specifier of specifiers) {
        try { await load(specifier); row[specifier] = 'ok'; }
        catch (e) { row[specifier] = e.code === 'ERR_MODSPACE_DENIED' ? 'denied (' + e.message.slice(e.message.indexOf('policy (') + 8, e.message.indexOf(') (specifier')) + ')' : e.code; }
      }
      results.push(row);
      await space.dispose();
    }
    out.results = results;
  `, mode).results;
}

for (const mode of hookModes) {
  test(`[${mode}] builtin patterns: names cover their subpaths, node:* globs, allow globs`, () => {
    const [subpath, whole, all, globbed] = probe(mode, 'builtins', [
      [{ deny: ['node:fs/promises'] }, ['node:fs', 'fs/promises']],
      [{ deny: ['fs'] }, ['node:fs/promises', 'node:path']],
      [{ deny: ['node:*'] }, ['node:path', './lib/a.js']],
      [{ allow: ['node:p*'] }, ['node:path', 'node:process', 'node:os', 'leftpad']],
    ]);
    assert.equal(subpath, { 'node:fs': 'ok', 'fs/promises': 'denied (deny: node:fs/promises)' });
    assert.equal(whole, { 'node:fs/promises': 'denied (deny: fs)', 'node:path': 'ok' });
    assert.equal(all, { 'node:path': 'denied (deny: node:*)', './lib/a.js': 'ok' });
    assert.equal(globbed, { 'node:path': 'ok', 'node:process': 'ok', 'node:os': 'denied (not in allow list: node:os)', leftpad: 'denied (not in allow list: leftpad)' });
  });

  test(`[${mode}] package patterns: names, scopes, globs, subpaths, aliases and paths into node_modules`, () => {
    const [scope, dotted, name, subpath] = probe(mode, 'packages', [
      [{ deny: ['@scope/*'] }, ['@scope/a', '@scope/missing/sub', '@other/c']],
      [{ deny: ['lodash.*'] }, ['lodash.merge', 'lodash']],
      [{ deny: ['lodash', 'leftpad'] }, ['lodash/fp', 'lodash.merge', '#pad', './node_modules/leftpad/index.js']],
      [{ allow: ['lodash/fp'] }, ['lodash/fp', 'lodash']],
    ]);
    assert.equal(scope, { '@scope/a': 'denied (deny: @scope/*)', '@scope/missing/sub': 'denied (deny: @scope/*)', '@other/c': 'ok' });
    assert.equal(dotted, { 'lodash.merge': 'denied (deny: lodash.*)', lodash: 'ok' });
    assert.equal(name, {
      'lodash/fp': 'denied (deny: lodash)',
      'lodash.merge': 'ok',
      '#pad': 'denied (deny: leftpad)',
      './node_modules/leftpad/index.js': 'denied (deny: leftpad)',
    }, "a package is caught after resolution too: an imports alias or a path into node_modules");
    assert.equal(subpath, { 'lodash/fp': 'ok', lodash: 'denied (not in allow list: lodash)' }, "lodash/fp's own import of its package files is allowed");
  });

  test(`[${mode}] a package's files import each other freely; its other imports are policed`, () => {
    const out = run('package-own-files', `
      const space = new ModuleSpace({ name: 'pkg', base: import.meta.url, policy: { allow: ['zod'] } });
      const plugin = await space.import('plugin-x');
      out.loaded = plugin.default;
      try { await plugin.pad(); } catch (e) { out.pad = e.message; }
    `, mode);
    assert.equal(out.loaded, ['util', 'zod']);
    assert.match(out.pad, /not in allow list: leftpad/);
  });

  test(`[${mode}] path patterns: files, folders, globs, absolute paths and file URLs, against base`, () => {
    const secret = join(project, 'secrets', 'key.js');
    const [glob, folder, bare, exact, absolute, url, braces] = probe(mode, 'paths', [
      [{ deny: ['./plugins/**/private/*.js'] }, ['./plugins/x/private/secret.js', './plugins/x/deep/private/y.js', './plugins/private/top.js', './plugins/x/public/ok.js']],
      [{ deny: ['./secrets/'] }, ['./secrets/key.js', './lib/a.js']],
      [{ deny: ['./secrets'] }, ['./secrets/key.js']],
      [{ deny: ['./secrets/key.js'] }, ['./secrets/key.js', './lib/a.js']],
      [{ deny: [join(project, 'secrets') + '/'] }, ['./secrets/key.js']],
      [{ deny: [pathToFileURL(secret).href] }, ['./secrets/key.js']],
      [{ deny: ['./plugins/?/{private,deep}/*.[jt]s'] }, ['./plugins/x/private/secret.js', './plugins/x/public/ok.js', './plugins/x/deep/private/y.js']],
    ]);
    assert.equal(glob, {
      './plugins/x/private/secret.js': 'denied (deny: ./plugins/**/private/*.js)',
      './plugins/x/deep/private/y.js': 'denied (deny: ./plugins/**/private/*.js)',
      './plugins/private/top.js': 'denied (deny: ./plugins/**/private/*.js)',
      './plugins/x/public/ok.js': 'ok',
    });
    assert.equal(folder, { './secrets/key.js': 'denied (deny: ./secrets/)', './lib/a.js': 'ok' });
    assert.equal(bare, { './secrets/key.js': 'denied (deny: ./secrets)' }, 'a path covers what is below it');
    assert.equal(exact, { './secrets/key.js': 'denied (deny: ./secrets/key.js)', './lib/a.js': 'ok' });
    assert.equal(absolute, { './secrets/key.js': `denied (deny: ${join(project, 'secrets')}/)` });
    assert.equal(url, { './secrets/key.js': `denied (deny: ${pathToFileURL(secret).href})` });
    assert.equal(braces, {
      './plugins/x/private/secret.js': 'denied (deny: ./plugins/?/{private,deep}/*.[jt]s)',
      './plugins/x/public/ok.js': 'ok',
      './plugins/x/deep/private/y.js': 'ok', // '*.[jt]s' must match the segment after deep/: 'private' does not
    });
  });

  test(`[${mode}] paths in an allow list restrict the space's files; without one, files are free`, () => {
    const secret = join(project, 'secrets', 'key.js');
    const [restricted, free] = probe(mode, 'allow-paths', [
      [{ allow: ['node:path', './lib/', './plugins/*/public/*.js'] }, ['./lib/a.js', './plugins/x/public/ok.js', './secrets/key.js', 'node:path']],
      [{ allow: ['node:path'] }, ['./secrets/key.js', './lib/a.js']],
    ]);
    assert.equal(restricted, {
      './lib/a.js': 'ok',
      './plugins/x/public/ok.js': 'ok',
      './secrets/key.js': `denied (not in allow list: ${secret})`,
      'node:path': 'ok',
    });
    assert.equal(free, { './secrets/key.js': 'ok', './lib/a.js': 'ok' });
  });

  test(`[${mode}] scheme patterns: data:, https:; allow lists refuse schemes they do not name`, () => {
    const data = 'data:text/javascript,export default 1';
    const remote = 'https://example.com/x.js';
    const [denyData, denyHttps, allowOther, allowData] = probe(mode, 'schemes', [
      [{ deny: ['data:'] }, [data, './lib/a.js']],
      [{ deny: ['HTTPS:'] }, [remote]],
      [{ allow: ['node:path'] }, [data, remote]],
      [{ allow: ['data:'] }, [data]],
    ]);
    assert.equal(denyData, { [data]: 'denied (deny: data:)', './lib/a.js': 'ok' });
    assert.equal(denyHttps, { [remote]: 'denied (deny: HTTPS:)' }, 'refused before Node looks at the scheme');
    assert.equal(allowOther, { [data]: 'denied (not in allow list: data:)', [remote]: 'denied (not in allow list: https:)' });
    assert.equal(allowData, { [data]: 'ok' });
  });

  test(`[${mode}] allow-list defaults: node:module, node:vm, node:worker_threads only when named`, () => {
    const sensitive = ['node:module', 'node:vm', 'node:worker_threads'];
    const [broad, globbed, named, denyList] = probe(mode, 'defaults', [
      [{ allow: ['node:*'] }, [...sensitive, 'node:path']],
      [{ allow: ['node:{module,vm,worker_threads}'] }, sensitive],
      [{ allow: ['module', 'node:vm', 'worker_threads'] }, sensitive],
      [{ deny: ['node:fs'] }, sensitive],
    ]);
    for (const builtin of sensitive) {
      assert.is(broad[builtin], `denied (not in allow list: ${builtin} (only naming it allows it))`, builtin);
      assert.is(globbed[builtin], `denied (not in allow list: ${builtin} (only naming it allows it))`, builtin);
      assert.is(named[builtin], 'ok', builtin);
      assert.is(denyList[builtin], 'ok', 'deny lists have no defaults');
    }
    assert.is(broad['node:path'], 'ok');
  });

  test(`[${mode}] conflicting rules: deny wins, and the denial names the deny rule`, () => {
    const [same, overlap] = probe(mode, 'conflicts', [
      [{ allow: ['node:fs', 'leftpad'], deny: ['node:fs', 'leftpad'] }, ['node:fs', 'leftpad']],
      [{ allow: ['node:*', './'], deny: ['fs', './secrets/'] }, ['node:fs/promises', './secrets/key.js', './lib/a.js']],
    ]);
    assert.equal(same, { 'node:fs': 'denied (deny: node:fs)', leftpad: 'denied (deny: leftpad)' });
    assert.equal(overlap, { 'node:fs/promises': 'denied (deny: fs)', './secrets/key.js': 'denied (deny: ./secrets/)', './lib/a.js': 'ok' });
  });

  test(`[${mode}] bad patterns: ERR_MODSPACE_INVALID_POLICY naming the pattern, and nothing left registered`, () => {
    const out = run('bad-patterns', `
      const liveCount = () => globalThis[Symbol.for('modspace.live')]?.size ?? 0;
      const bad = ${JSON.stringify(BAD_PATTERNS.map(([pattern]) => pattern))};
      out.errors = {};
      for (const pattern of bad) {
        try { new ModuleSpace({ name: 'bad', base: import.meta.url, overrides: { 'node:os': { fake: 1 } }, policy: { deny: ['node:fs', pattern] } }); out.errors[pattern] = 'no error'; }
        catch (e) { out.errors[pattern] = { code: e.code, message: e.message, space: e.space, specifier: e.specifier }; }
      }
      try { new ModuleSpace({ name: 'bad-allow', policy: { allow: ['node:nope'] } }); } catch (e) { out.allow = e.message; }
      try { new ModuleSpace({ policy: { deny: 'fs' } }); } catch (e) { out.notList = e.code; }
      try { new ModuleSpace({ policy: { deny: [3] } }); } catch (e) { out.notString = e.code; }
      const parent = new ModuleSpace({ name: 'parent', base: import.meta.url });
      try { parent.child({ policy: { deny: ['./x/[' ] } }); } catch (e) { out.child = e.code; }
      out.liveAfterFailures = liveCount();
      // The same space with a good policy works: nothing half-made is in the way.
      const good = new ModuleSpace({ name: 'bad', base: import.meta.url, overrides: { 'node:os': { fake: 1 } }, policy: { deny: ['node:fs'] } });
      out.liveAfterSuccess = liveCount();
      out.works = (await good.import('./lib/a.js')).default;
      await good.dispose();
      await parent.dispose();
      out.liveAfterDispose = liveCount();
    `, mode);
    for (const [pattern, reason] of BAD_PATTERNS) {
      const error = out.errors[pattern];
      assert.type(error, 'object', `${JSON.stringify(pattern)}: ${JSON.stringify(error)}`);
      assert.is(error.code, 'ERR_MODSPACE_INVALID_POLICY', pattern);
      assert.is(error.space, 'bad', pattern);
      assert.is(error.specifier, pattern, pattern);
      assert.ok(error.message.startsWith(`[modspace:bad] Policy pattern ${JSON.stringify(pattern)} in deny `), error.message);
      assert.ok(error.message.includes(reason), `${pattern}: ${error.message}`);
    }
    assert.match(out.allow, /Policy pattern "node:nope" in allow is not a builtin module/);
    assert.is(out.notList, 'ERR_MODSPACE_INVALID_OPTION');
    assert.is(out.notString, 'ERR_MODSPACE_INVALID_OPTION');
    assert.is(out.child, 'ERR_MODSPACE_INVALID_POLICY');
    assert.is(out.liveAfterFailures, 0, 'failed constructors register no live values');
    assert.is(out.liveAfterSuccess, 1);
    assert.is(out.works, 'a');
    assert.is(out.liveAfterDispose, 0);
  });
}

/** Patterns that can match nothing, and a piece of the reason each gives. */
const BAD_PATTERNS = [
  ['', 'is empty'],
  [' fs', 'leading or trailing spaces'],
  ['not a pattern', 'contains spaces'],
  ['node:nope', 'is not a builtin module'],
  ['node:zz*', 'matches no builtin module'],
  ['node:', "write 'node:*'"],
  ['./plugins/[abc', "'[' is never closed"],
  ['./plugins/[]', "'[]' matches no character"],
  ['./plugins/{a,b', "'{' is never closed"],
  ['./plugins/{a,{b}}', "'{' inside '{...}'"],
  ['./plugins/a}', "'}' without '{'"],
  ['./plugins/a]', "']' without '['"],
  ['./a**b.js', "'**' must be a whole path segment"],
  ['@scope/**', "uses '**'"],
  ['@scope', 'a scope without a package name'],
  ['lodash//fp', 'empty path segment'],
  ['_private', 'cannot start with . or _'],
  ['1http:', 'is not a URL scheme'],
  ['da_ta:', 'is not a URL scheme'],
  ['https://cdn.example/x.js', "write 'https:'"],
  ['file:', 'names every file'],
  ['file://server/share/x.js', 'is not a local file URL'],
  ['file:///x%zz', 'malformed %-escape'],
  [`./${'../'.repeat(64)}x`, 'climbs above the root'],
];

test.after(() => removeProject(project));
test.run();
