// modspace/testing's spaceFor() takes options or a function making them per
// test, like withSpace() and useSpace(): through node:test itself (in a child
// process, per hook path), with a test context of our own, and in the types
// (tsc over a user's .ts file).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hookModes, makeProject, removeProject, root, runInProject, runNode, userTsconfig } from './helpers.mjs';

const testingURL = pathToFileURL(join(root, 'dist', 'src', 'testing.js')).href;

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'lib/db.js': `export const query = () => ['real'];`,
  'lib/report.js': `import { query } from './db.js'; export const report = () => query();`,
  'node-test.mjs': `
    import { test } from 'node:test';
    import assert from 'node:assert/strict';
    import { spaceFor } from 'modspace/testing';
    let made = 0;
    const spaces = [];
    // Called once per spaceFor(): every test gets fakes of its own.
    const options = () => ({ base: import.meta.url, overrides: { './lib/db.js': { query: () => ['fake ' + ++made] } } });
    test('first', async (t) => {
      const space = spaceFor(t, options);
      spaces.push(space);
      assert.deepEqual((await space.import('./lib/report.js')).report(), ['fake 1']);
    });
    test('second, failing on purpose', async (t) => {
      const space = spaceFor(t, options);
      spaces.push(space);
      assert.deepEqual((await space.import('./lib/report.js')).report(), ['fake 2']);
      assert.equal(space.hookMode, process.env.MODSPACE_HOOKS);
      assert.fail('on purpose');
    });
    test('both spaces were disposed, the failed test\\'s too', () => {
      assert.deepEqual(spaces.map((s) => s.disposed), [true, true]);
      assert.equal(made, 2);
    });
  `,
  'types.ts': `
    import { test } from 'node:test';
    import { spaceFor, withSpace, type SpaceOptionsSource } from 'modspace/testing';
    import type { ModuleSpace } from 'modspace';

    test('typed', async (t) => {
      const plain: ModuleSpace = spaceFor(t, { base: import.meta.url });
      const made: ModuleSpace = spaceFor(t, () => ({ base: import.meta.url, overrides: { './lib/db.js': { query: () => [] } } }));
      const source: SpaceOptionsSource = () => ({ name: 'typed' });
      spaceFor(t, source);
      withSpace(source, async (space: ModuleSpace) => space.name);
      // @ts-expect-error a function must return options
      spaceFor(t, () => 42);
      // @ts-expect-error unknown options are refused by the types too
      spaceFor(t, () => ({ bogus: true }));
      // @ts-expect-error a context without after() is not a test context
      spaceFor({}, { base: import.meta.url });
      console.log(plain.name, made.name);
    });
  `,
  'tsconfig.json': userTsconfig(['types.ts'], { skipLibCheck: true }),
});
// Resolved as an installed package would be (Node follows the link to the repository).
mkdirSync(join(project, 'node_modules'));
symlinkSync(root, join(project, 'node_modules', 'modspace'), 'dir');

for (const mode of hookModes) {
  test(`[${mode}] node:test: spaceFor(t, () => options) makes each test's options anew and disposes its space, failed or not`, () => {
    const result = runNode(join(project, 'node-test.mjs'), { mode, execArgv: ['--test', '--test-reporter=tap'] });
    assert.is(result.status, 1, 'one test fails on purpose');
    assert.match(result.stdout, /# pass 2/);
    assert.match(result.stdout, /# fail 1/);
    assert.match(result.stdout, /not ok 2 - second, failing on purpose/);
    assert.not.match(result.stdout, /ERR_MODSPACE_INVALID_OPTION/);
  });

  test(`[${mode}] spaceFor() with a test context of our own: the function is called once, t.after() disposes`, () => {
    const out = runInProject(project, 'fake-context', `
      const { spaceFor } = await import(${JSON.stringify(testingURL)});
      const after = [];
      const t = { after: (fn) => after.push(fn) };
      let calls = 0;
      const space = spaceFor(t, () => (calls++, { name: 'from-function', base: import.meta.url, overrides: { './lib/db.js': { query: () => ['fake'] } } }));
      out.name = space.name;
      out.rows = (await space.import('./lib/report.js')).report();
      out.calls = calls;
      out.afterHooks = after.length;
      for (const fn of after) await fn();
      out.disposed = space.disposed;
      try { spaceFor(t, () => 'not options'); } catch (e) { out.bad = [e.code, e.message]; }
    `, { mode });
    assert.equal(out.name, 'from-function');
    assert.equal(out.rows, ['fake']);
    assert.is(out.calls, 1);
    assert.is(out.afterHooks, 1);
    assert.is(out.disposed, true);
    assert.is(out.bad[0], 'ERR_MODSPACE_INVALID_OPTION', 'what the function returns is checked like any options');
    assert.match(out.bad[1], /Options must be an object, got "not options"/);
  });
}

test('types: spaceFor accepts SpaceOptionsSource (options or a function returning them), and only that', () => {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(project, 'tsconfig.json')], { encoding: 'utf8', cwd: project });
  assert.is(result.status, 0, result.stdout + result.stderr);
});

test.after(() => removeProject(project));
test.run();
