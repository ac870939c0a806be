// The runner engine's own API (runner/runner.ts), in-process with an
// in-memory host: instances per runner, host errors, import.meta defaults,
// stack URLs, early errors, and that a dropped runner's modules are freed.
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { root } from './helpers.mjs';

const { ModuleRunner } = await import(new URL('../dist/runner/runner.js', import.meta.url).href);

/** A host serving `files` (name → source) under file:///virtual/, JSON by extension, node: natively. */
function memoryHost(files, calls = []) {
  return {
    resolve(specifier, parentURL, attributes) {
      calls.push(['resolve', specifier, attributes]);
      if (specifier.startsWith('node:')) return { url: specifier, native: true };
      const url = new URL(specifier, parentURL ?? 'file:///virtual/').href;
      if (!(url.slice('file:///virtual/'.length) in files)) {
        throw Object.assign(new Error(`no ${specifier}`), { code: 'ERR_MODULE_NOT_FOUND' });
      }
      return { url, native: false };
    },
    load(url, attributes) {
      calls.push(['load', url, attributes]);
      const name = url.slice('file:///virtual/'.length);
      return { format: name.endsWith('.json') ? 'json' : 'module', source: files[name] };
    },
    importNative(url, attributes) {
      calls.push(['importNative', url, attributes]);
      return import(url);
    },
  };
}

test('each runner has its own instances; one runner keeps one per URL', async () => {
  const files = { 'main.js': "export const o = {};\nglobalThis.runs = (globalThis.runs ?? 0) + 1;\n" };
  globalThis.runs = 0;
  const a = new ModuleRunner(memoryHost(files));
  const b = new ModuleRunner(memoryHost(files));
  const [a1, a2, b1] = [await a.import('./main.js'), await a.import('./main.js'), await b.import('./main.js')];
  assert.is(a1, a2);
  assert.is.not(a1.o, b1.o);
  assert.is(globalThis.runs, 2);
  assert.equal(a.urls(), ['file:///virtual/main.js']);
});

test('forget(url) drops an instance: the next import evaluates the module anew', async () => {
  const files = { 'main.js': "export const o = {};\nglobalThis.runs = (globalThis.runs ?? 0) + 1;\n" };
  globalThis.runs = 0;
  const runner = new ModuleRunner(memoryHost(files));
  const first = await runner.import('./main.js');
  assert.ok(runner.has('file:///virtual/main.js'));
  assert.ok(runner.forget('file:///virtual/main.js'));
  assert.not.ok(runner.has('file:///virtual/main.js'));
  const second = await runner.import('./main.js');
  assert.is.not(first, second);
  assert.is(globalThis.runs, 2);
});

test('a failing resolve rejects the import and nothing in the graph runs', async () => {
  const files = { 'main.js': "import './ok.js';\nimport './missing.js';\nglobalThis.ran = true;\n", 'ok.js': 'globalThis.ran = true;\n' };
  globalThis.ran = false;
  const runner = new ModuleRunner(memoryHost(files));
  const error = await runner.import('./main.js').catch((e) => e);
  assert.is(error.code, 'ERR_MODULE_NOT_FOUND');
  assert.is(globalThis.ran, false);
});

test('attributes reach resolve, load and importNative; native modules are the host\'s', async () => {
  const calls = [];
  const files = { 'main.js': "import data from './d.json' with { type: 'json' };\nimport { sep } from 'node:path';\nexport { data, sep };\n", 'd.json': '{"a":1}' };
  const runner = new ModuleRunner(memoryHost(files, calls));
  const ns = await runner.import('./main.js');
  assert.equal(ns.data, { a: 1 });
  assert.is(ns.sep, (await import('node:path')).sep);
  assert.ok(calls.some(([kind, what, attrs]) => kind === 'load' && what.endsWith('d.json') && attrs.type === 'json'));
  assert.ok(calls.some(([kind, what]) => kind === 'importNative' && what === 'node:path'));
});

test('import.meta defaults to dirname, filename, resolve, url (null prototype)', async () => {
  const files = { 'sub/m.js': 'export const meta = import.meta;\nexport const r = import.meta.resolve("./other.js");\n', 'sub/other.js': '' };
  const runner = new ModuleRunner(memoryHost(files));
  const { meta, r } = await runner.import('./sub/m.js');
  assert.equal(Object.keys(meta), ['dirname', 'filename', 'resolve', 'url']);
  assert.is(Object.getPrototypeOf(meta), null);
  assert.equal([meta.dirname, meta.filename, meta.url, r], ['/virtual/sub', '/virtual/sub/m.js', 'file:///virtual/sub/m.js', 'file:///virtual/sub/other.js']);
});

test('host.stackURL names the module in stack traces, with the original line', async () => {
  const files = { 'm.js': "import './n.js';\n\nexport const stack = new Error('x').stack;\n", 'n.js': '' };
  const runner = new ModuleRunner({ ...memoryHost(files), stackURL: (url) => `${url}#shown` });
  const { stack } = await runner.import('./m.js');
  assert.match(stack, /file:\/\/\/virtual\/m\.js#shown:3:\d+/);
});

test('an early error is a SyntaxError naming url, line and column; the graph does not run', async () => {
  const files = { 'main.js': "import './dep.js';\nimport './bad.js';\n", 'dep.js': 'globalThis.depRan = true;\n', 'bad.js': 'const a = 1;\n  with (a) {}\n' };
  globalThis.depRan = false;
  const error = await new ModuleRunner(memoryHost(files)).import('./main.js').catch((e) => e);
  assert.instance(error, SyntaxError);
  assert.match(error.message, /\(file:\/\/\/virtual\/bad\.js:2:3\)$/);
  assert.equal([error.url, error.line, error.column], ['file:///virtual/bad.js', 2, 3]);
  assert.is(globalThis.depRan, false);
});

test('a dropped runner\'s module instances are garbage collected', () => {
  const script = `
    const { ModuleRunner } = await import(${JSON.stringify(new URL('../dist/runner/runner.js', import.meta.url).href)});
    const host = {
      resolve: (s, p) => ({ url: new URL(s, p ?? 'file:///v/').href, native: false }),
      load: () => ({ format: 'module', source: 'export const big = new Array(1e5).fill(1);' }),
      importNative: (u) => import(u),
    };
    let runner = new ModuleRunner(host);
    const ref = new WeakRef((await runner.import('./m.js')).big);
    runner = undefined;
    for (let i = 0; i < 20 && ref.deref(); i++) { await new Promise((r) => setImmediate(r)); gc(); }
    console.log(ref.deref() === undefined ? 'freed' : 'kept');
  `;
  const result = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  assert.is(result.stdout.trim(), 'freed', result.stderr);
});

test.run();
