// Runs test/fixtures/esmock-scenarios.mjs (a user's uvu suite built on
// modspace/testing) in a generated project, once per hook path, and a
// node:test file using spaceFor, including a failing test whose space must
// still be disposed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { hookModes, makeProject, removeProject, root, runNode } from './helpers.mjs';

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module', imports: { '#db': './lib/db.js' } }),
  'node_modules/fancy-log/package.json': JSON.stringify({ name: 'fancy-log', type: 'module', exports: './index.js' }),
  'node_modules/fancy-log/index.js': `export default (m) => 'real:' + m;`,
  'lib/db.js': `export const query = () => ['real user']; export const connect = () => 'real connection';`,
  'lib/users.js': `import { query } from '#db'; export const listUsers = () => query();`,
  'lib/audit.js': `import { query } from './db.js'; export const auditRows = () => query();`,
  'lib/report.js': `import log from 'fancy-log'; export const report = (m) => log(m);`,
  'lib/files.js': `import { readFileSync } from 'node:fs'; export const readConfigText = () => readFileSync('/etc/hostname', 'utf8');`,
  'lib/config.json': '{ "retries": 3 }',
  'lib/settings.js': `import config from './config.json' with { type: 'json' }; export const retries = config.retries;`,
  'lib/client.js': `export class Client { send() { return 'real sent'; } }`,
  'lib/service.js': `import { Client } from './client.js'; export const makeClient = () => new Client();`,
  'lib/assistant.js': `import OpenAI from 'openai'; export const ask = () => new OpenAI().chat();`,
  'scenarios.mjs': readFileSync(join(root, 'test', 'fixtures', 'esmock-scenarios.mjs'), 'utf8'),
  'node-test.mjs': `
    import { test } from 'node:test';
    import assert from 'node:assert/strict';
    import { spaceFor } from 'modspace/testing';
    const spaces = [];
    test('stubbed', async (t) => {
      const space = spaceFor(t, { base: import.meta.url, overrides: { './lib/db.js': { query: () => ['node:test stub'] } } });
      spaces.push(space);
      assert.deepEqual((await space.import('./lib/audit.js')).auditRows(), ['node:test stub']);
    });
    test('fails on purpose', async (t) => {
      const space = spaceFor(t, { base: import.meta.url });
      spaces.push(space);
      assert.equal(1, 2);
    });
    test('every space was disposed, the failed test\\'s too', () => {
      assert.deepEqual(spaces.map((s) => s.disposed), [true, true]);
    });
  `,
});
// The project resolves 'modspace' and uvu through node_modules links, as an installed package would
// (Node follows them to their real paths, so their own dependencies resolve from the repository).
symlinkSync(root, join(project, 'node_modules', 'modspace'));
symlinkSync(join(root, 'node_modules', 'uvu'), join(project, 'node_modules', 'uvu'));

for (const mode of hookModes) {
  test(`[${mode}] esmock's scenario classes pass as a uvu suite on modspace/testing`, () => {
    const result = runNode(join(project, 'scenarios.mjs'), { mode, env: { FORCE_COLOR: '0' } });
    assert.is(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /Total:\s+11\s/);
    assert.match(result.stdout, /Passed:\s+11\s/);
  });
}

test('node:test with spaceFor: spaces are disposed after each test, failed ones too', () => {
  const result = runNode(join(project, 'node-test.mjs'), { execArgv: ['--test', '--test-reporter=tap'] });
  assert.is(result.status, 1, 'one test fails on purpose');
  assert.match(result.stdout, /# pass 2/);
  assert.match(result.stdout, /# fail 1/);
  assert.match(result.stdout, /not ok 2 - fails on purpose/);
});

test.after(() => removeProject(project));
test.run();
