// Bad input: each failure has a stable code, names the space, the specifier
// and the importing file, and leaves nothing registered behind.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { hookModes, makeProject, removeProject, runInProject, runNode } from './helpers.mjs';

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'lib/a.js': `export default 'a';`,
  'lib/lazy.js': `export const load = () => import('./a.js');`,
  'lib/uses-fs.js': `export { readFileSync as read } from 'node:fs';`,
  'strip-hooks.cjs': `const m = require('node:module'); delete m.register; delete m.registerHooks;`,
});
const run = (name, body, mode) => runInProject(project, name, body, { mode });
const capture = `
  const capture = (fn) => { try { fn(); return 'no error'; } catch (e) { return { code: e.code, message: e.message, space: e.space, specifier: e.specifier, importer: e.importer }; } };
  const captureAsync = async (fn) => { try { await fn(); return 'no error'; } catch (e) { return { code: e.code, message: e.message, space: e.space, specifier: e.specifier, importer: e.importer }; } };
  const liveCount = () => globalThis[Symbol.for('modspace.live')]?.size ?? 0;
`;

for (const mode of hookModes) {
  test(`[${mode}] unknown, mistyped and ill-typed options`, () => {
    const out = run('options', `${capture}
      out.typo = capture(() => new ModuleSpace({ overide: {} }));
      out.unknown = capture(() => new ModuleSpace({ color: 'red' }));
      out.notObject = capture(() => new ModuleSpace('plugin'));
      out.name = capture(() => new ModuleSpace({ name: 42 }));
      out.base = capture(() => new ModuleSpace({ base: './relative' }));
      out.baseScheme = capture(() => new ModuleSpace({ base: new URL('https://example.invalid/') }));
      out.overrides = capture(() => new ModuleSpace({ overrides: [['fs', {}]] }));
      out.share = capture(() => new ModuleSpace({ share: 'lodash' }));
      out.policy = capture(() => new ModuleSpace({ policy: { dney: ['fs'] } }));
      out.policyKind = capture(() => new ModuleSpace({ policy: 'all' }));
      out.pattern = capture(() => new ModuleSpace({ name: 'pat', policy: { deny: ['not a pattern'] } }));
      out.conditions = capture(() => new ModuleSpace({ conditions: ['ok', 3] }));
      out.hooksEnv = 'checked separately';
    `, mode);
    const codeOf = (key) => out[key].code;
    for (const key of ['typo', 'unknown', 'notObject', 'name', 'base', 'baseScheme', 'overrides', 'share', 'policy', 'policyKind', 'conditions']) {
      assert.is(codeOf(key), 'ERR_MODSPACE_INVALID_OPTION', key);
    }
    assert.match(out.typo.message, /Unknown option "overide": did you mean "overrides"\?/);
    assert.is(out.typo.specifier, 'overide');
    assert.match(out.policy.message, /did you mean "deny"\?/);
    assert.match(out.name.message, /must be a non-empty string, got number 42/);
    assert.is(out.pattern.code, 'ERR_MODSPACE_INVALID_POLICY', 'bad patterns have their own code (policy.test.mjs covers each)');
    assert.match(out.pattern.message, /\[modspace:pat\] Policy pattern "not a pattern"/);
  });

  test(`[${mode}] bad overrides and keys that resolve to nothing; nothing left registered`, () => {
    const out = run('keys', `${capture}
      out.value = capture(() => new ModuleSpace({ name: 'v', overrides: { './lib/a.js': 42 } }));
      out.nullValue = capture(() => new ModuleSpace({ name: 'v', overrides: { './lib/a.js': null } }));
      out.missingFile = capture(() => new ModuleSpace({ name: 'm', base: import.meta.url, overrides: { './lib/nope.js': {} } }));
      out.missingPkg = capture(() => new ModuleSpace({ name: 'm', base: import.meta.url, overrides: { 'no-such-pkg': {} } }));
      out.missingShare = capture(() => new ModuleSpace({ name: 's', base: import.meta.url, share: ['./lib/nope.js'] }));
      out.missingRedirect = capture(() => new ModuleSpace({ name: 'r', base: import.meta.url, overrides: { './lib/a.js': './lib/nope.js' } }));
      out.duplicate = capture(() => new ModuleSpace({ name: 'd', overrides: { fs: {}, 'node:fs': {} } }));
      // A valid live value before a bad key must not stay registered.
      out.partial = capture(() => new ModuleSpace({ name: 'p', base: import.meta.url, overrides: { 'node:os': { a: 1 }, './lib/nope.js': {} } }));
      out.liveAfterFailures = liveCount();
      const ok = new ModuleSpace({ base: import.meta.url, overrides: { 'virtual-pkg': virtual({ a: 1 }) } });
      out.liveAfterSuccess = liveCount();
      out.stillWorks = (await ok.import('./lib/a.js')).default;
      await ok.dispose();
      out.liveAfterDispose = liveCount();
    `, mode);
    assert.is(out.value.code, 'ERR_MODSPACE_INVALID_OVERRIDE');
    assert.is(out.value.space, 'v');
    assert.is(out.value.specifier, './lib/a.js');
    assert.match(out.value.message, /got number 42/);
    assert.is(out.nullValue.code, 'ERR_MODSPACE_INVALID_OVERRIDE');
    for (const key of ['missingFile', 'missingPkg', 'missingShare', 'missingRedirect']) {
      assert.is(out[key].code, 'ERR_MODSPACE_UNRESOLVED_KEY', key);
      assert.is(out[key].importer, join(project, 'scenario-keys.mjs'), key);
    }
    assert.is(out.missingFile.specifier, './lib/nope.js');
    assert.match(out.missingFile.message, /\[modspace:m\] Override key resolves to no module; wrap it in virtual\(\) or use source\(\)/);
    assert.is(out.missingPkg.specifier, 'no-such-pkg');
    assert.is(out.missingRedirect.specifier, './lib/nope.js');
    assert.is(out.duplicate.code, 'ERR_MODSPACE_INVALID_OVERRIDE');
    assert.match(out.duplicate.message, /"fs" and "node:fs" name the same module/);
    assert.is(out.partial.code, 'ERR_MODSPACE_UNRESOLVED_KEY');
    assert.is(out.liveAfterFailures, 0, 'failed constructors register no live values');
    assert.is(out.liveAfterSuccess, 1);
    assert.is(out.stillWorks, 'a');
    assert.is(out.liveAfterDispose, 0);
  });

  test(`[${mode}] use after dispose(), for the space, its children and its modules`, () => {
    const out = run('disposed', `${capture}
      const space = new ModuleSpace({ name: 'gone', base: import.meta.url, overrides: { 'node:fs': { readFileSync: 'fake' } } });
      const child = space.child({ name: 'gone-child' });
      const lazy = await space.import('./lib/lazy.js');
      const usesFs = await space.import('./lib/uses-fs.js');
      out.before = usesFs.read;
      await space.dispose();
      await space.dispose(); // idempotent
      out.disposed = [space.disposed, child.disposed];
      out.import = await captureAsync(() => space.import('./lib/a.js'));
      out.resolve = capture(() => space.resolve('./lib/a.js'));
      out.fresh = capture(() => space.fresh());
      out.child = capture(() => space.child());
      out.childImport = await captureAsync(() => child.import('./lib/a.js'));
      out.moduleImport = await captureAsync(() => lazy.load());
      out.released = usesFs.read;
      out.asyncDispose = typeof space[Symbol.asyncDispose];
    `, mode);
    assert.is(out.before, 'fake');
    assert.equal(out.disposed, [true, true], 'dispose() cascades to children');
    for (const key of ['import', 'resolve', 'fresh', 'child', 'childImport', 'moduleImport']) assert.is(out[key].code, 'ERR_MODSPACE_DISPOSED', key);
    assert.is(out.import.space, 'gone');
    assert.is(out.import.specifier, './lib/a.js');
    assert.match(out.import.message, /\[modspace:gone\] Cannot import\(\): the space was disposed/);
    assert.is(out.childImport.space, 'gone-child');
    assert.is(out.moduleImport.importer, join(project, 'lib', 'lazy.js'), 'a module of a disposed space names itself');
    assert.is(out.released, undefined, "dispose() releases live override values (the generated module's bindings)");
    assert.is(out.asyncDispose, 'function');
  });

  test(`[${mode}] resolve() reports a missing module instead of guessing its URL`, () => {
    const out = run('resolve-missing', `${capture}
      const space = new ModuleSpace({ base: import.meta.url });
      out.missing = capture(() => space.resolve('./lib/nope.js'));
      out.importMissing = await captureAsync(() => space.import('./lib/nope.js'));
      out.badSpecifier = await captureAsync(() => space.import(42));
    `, mode);
    assert.is(out.missing.code, 'ERR_MODULE_NOT_FOUND');
    assert.is(out.importMissing.code, 'ERR_MODULE_NOT_FOUND');
    assert.is(out.badSpecifier.code, 'ERR_MODSPACE_INVALID_OPTION');
  });
}

test('`await using` disposes the space at the end of the block (Node 24+, which has the syntax)', () => {
  if (Number(process.versions.node.split('.')[0]) < 24) return;
  const out = runInProject(project, 'await-using', `
    let held;
    {
      await using space = new ModuleSpace({ base: import.meta.url });
      held = space;
      out.inside = (await space.import('./lib/a.js')).default;
    }
    out.disposed = held.disposed;
  `);
  assert.equal(out, { inside: 'a', disposed: true });
});

test('a Node without hook support gets ERR_MODSPACE_UNSUPPORTED_NODE, and nothing is registered', () => {
  const out = runInProject(project, 'unsupported', `
    try { new ModuleSpace({ overrides: { 'node:os': {} } }); } catch (e) { out.code = e.code; out.message = e.message; }
    out.live = globalThis[Symbol.for('modspace.live')]?.size ?? 0;
    out.channel = globalThis[Symbol.for('modspace.hooks')] === undefined;
  `, { execArgv: ['--require', join(project, 'strip-hooks.cjs')] });
  assert.is(out.code, 'ERR_MODSPACE_UNSUPPORTED_NODE');
  assert.match(out.message, /needs module\.registerHooks\(\) \(22\.15\+\) or module\.register\(\) \(20\.6\+\)/);
  assert.is(out.live, 0);
  assert.is(out.channel, true);
});

test('MODSPACE_HOOKS with an unknown value is refused', () => {
  const result = runNode(join(project, 'scenario-unsupported.mjs'), { env: { MODSPACE_HOOKS: 'sideways' } });
  assert.is(result.status, 0);
  assert.is(result.json.code, 'ERR_MODSPACE_INVALID_OPTION');
  assert.match(result.json.message, /MODSPACE_HOOKS must be "in-thread" or "off-thread", got "sideways"/);
});

test.after(() => removeProject(project));
test.run();
