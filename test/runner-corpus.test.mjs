// Differential test of the runner engine: every program in test/runner-corpus
// runs natively (`node main.js`) and in a ModuleRunner (run-in-runner.mjs, a
// file-system host); both must print the same observations and exit alike.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { root } from './helpers.mjs';

const corpus = join(root, 'test', 'runner-corpus');
const runnerEntry = join(corpus, 'run-in-runner.mjs');

function run(args, dir, execArgv) {
  const result = spawnSync(process.execPath, [...execArgv, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout.trim().split('\n').filter(Boolean), stderr: result.stderr };
}

const programs = readdirSync(corpus, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(corpus, entry.name, 'main.js')))
  .map((entry) => entry.name)
  .sort();

for (const name of programs) {
  test(name, () => {
    const dir = join(corpus, name);
    const optionsFile = join(dir, 'options.json');
    const { execArgv = [] } = existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, 'utf8')) : {};
    const native = run([join(dir, 'main.js')], dir, execArgv);
    const runner = run([runnerEntry, dir], dir, execArgv);
    assert.ok(native.stdout.length > 0, `${name} observed nothing natively:\n${native.stderr}`);
    assert.equal(
      { status: runner.status, stdout: runner.stdout },
      { status: native.status, stdout: native.stdout },
      `${name} differs; runner stderr:\n${runner.stderr}\nnative stderr:\n${native.stderr}`,
    );
  });
}

test.run();
