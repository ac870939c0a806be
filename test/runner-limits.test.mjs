// The runner engine's known divergences from native ES modules (docs/runner.md,
// "Limits"): each program in test/runner-limits runs in both engines and the
// test pins down what differs, so a change in either shows up here.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { root } from './helpers.mjs';

const limits = join(root, 'test', 'runner-limits');
const runnerEntry = join(root, 'test', 'runner-corpus', 'run-in-runner.mjs');

/** Observations of a program, as { label: value }, per engine. */
function observe(name, execArgv = []) {
  const dir = join(limits, name);
  const run = (args) => {
    const result = spawnSync(process.execPath, [...execArgv, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.is(result.status, 0, result.stderr);
    return Object.fromEntries(result.stdout.trim().split('\n').map((line) => JSON.parse(line)));
  };
  return { native: run([join(dir, 'main.js')]), runner: run([runnerEntry, dir]) };
}

test('direct eval cannot see imported bindings (they are rewritten to property reads)', () => {
  const { native, runner } = observe('direct-eval');
  assert.equal(native['eval reads import'], 'X');
  assert.equal(runner['eval reads import'], { error: 'ReferenceError', message: 'x is not defined' });
  assert.equal([native['eval typeof import'], runner['eval typeof import']], ['string', 'undefined']);
});

test('Function.prototype.toString shows the rewritten source', () => {
  const { native, runner } = observe('function-tostring');
  assert.is(native.source, 'function usesImport() { return x; }');
  assert.match(runner.source, /^function usesImport\(\) \{ return __ms\$\d+\.x; \}$/);
});

test('CommonJS dependencies run when the graph is loaded, before its ES modules', () => {
  const { native, runner } = observe('cjs-evaluated-first');
  assert.equal(native.main, ['first.js', 'lib.cjs']);
  assert.equal(runner.main, ['lib.cjs', 'first.js']);
});

test('util.inspect and util.types do not recognise a runner namespace as a module namespace', () => {
  const { native, runner } = observe('namespace-inspect');
  assert.is(native.inspect, '[Module: null prototype] { a: 1 }');
  // Node 26 also wraps it in Proxy(…).
  assert.ok(runner.inspect.includes('[Object: null prototype] [Module] { a: 1 }'), runner.inspect);
  assert.equal([native.isModuleNamespaceObject, runner.isModuleNamespaceObject], [true, false]);
});

test('a TDZ ReferenceError names the exporter\'s binding, not the importer\'s', () => {
  const { native, runner } = observe('tdz-message');
  assert.is(native['default in TDZ'].error, 'ReferenceError');
  assert.is(runner['default in TDZ'].error, 'ReferenceError');
  assert.is(native['default in TDZ'].message, "Cannot access 'D' before initialization");
  assert.match(runner['default in TDZ'].message, /^Cannot access '__ms\$\d*\$?default' before initialization$/);
});

test('early errors: same SyntaxError, acorn\'s wording, with file:line:column in the message', () => {
  const { native, runner } = observe('early-error-message');
  assert.is(native.syntax.error, 'SyntaxError');
  assert.is(runner.syntax.error, 'SyntaxError');
  assert.ok(runner.syntax.message.endsWith('/early-error-message/bad.js:2:5)'), runner.syntax.message);
  assert.is.not(runner.syntax.message, native.syntax.message);
});

test('a missing named export of a CommonJS module: V8\'s wording, without Node\'s hint', () => {
  const { native, runner } = observe('cjs-missing-named-message');
  assert.match(native.named.message, /^Named export 'nope' not found/);
  assert.is(runner.named.message, "The requested module './lib.cjs' does not provide an export named 'nope'");
});

test('without source maps enabled, columns on rewritten lines differ (lines never do)', () => {
  const { native, runner } = observe('stack-columns');
  const [nativeLine, nativeColumn] = native.frame.split(':').slice(1);
  const [runnerLine, runnerColumn] = runner.frame.split(':').slice(1);
  assert.is(runnerLine, nativeLine);
  assert.is.not(runnerColumn, nativeColumn);
});

test("a module's own source map in a separate file is not read (inline ones are composed)", () => {
  const { native, runner } = observe('own-source-map', ['--enable-source-maps']);
  assert.match(native.frame, /^orig\.ts:\d+$/);
  assert.is(runner.frame, 'gen.js:2');
});

test.run();
