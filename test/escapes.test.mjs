// Every known way around a deny policy (DESIGN.md, README "Policies"), run
// through the public API on each hook path: the ones modspace blocks fail with
// ERR_MODSPACE_DENIED naming the rule, the space, the specifier and the
// importer; the ones hooks cannot see are shown to get through, so the README
// table stays true.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { hookModes, makeProject, removeProject, runInProject } from './helpers.mjs';

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'plugin/lib.cjs': `module.exports = {
    required: () => typeof require('node:child_process').spawn,
    imported: () => import('node:child_process').then((m) => typeof m.spawn),
  };`,
  'plugin/counter.js': `globalThis.loads = (globalThis.loads ?? 0) + 1; export const id = Symbol('counter');`,
  'plugin/vectors.js': `
    import cjs from './lib.cjs';
    const spawnType = (m) => typeof m.spawn;
    export const vectors = {
      data: () => import('data:text/javascript,import { spawn } from "node:child_process"; export default typeof spawn').then((m) => m.default),
      cjsRequire: () => cjs.required(),
      cjsImport: () => cjs.imported(),
      createRequire: async () => {
        const { createRequire } = await import('node:module');
        return typeof createRequire(import.meta.url)('node:child_process').spawn;
      },
      getBuiltinModule: () => typeof process.getBuiltinModule('node:child_process').spawn,
      binding: () => typeof process.binding('spawn_sync').spawn,
      vmScript: async () => {
        const vm = await import('node:vm');
        const script = new vm.Script('import("node:child_process")', { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
        return spawnType(await script.runInThisContext());
      },
      worker: async () => {
        const { Worker } = await import('node:worker_threads');
        return new Promise((resolve, reject) => {
          const worker = new Worker(new URL('./worker-entry.js', import.meta.url));
          worker.once('message', resolve);
          worker.once('error', reject);
        });
      },
      createRequireFilename: async () => {
        const { createRequire } = await import('node:module');
        return typeof createRequire(import.meta.filename)('node:child_process').spawn;
      },
      createRequirePlainURL: async () => {
        const { createRequire } = await import('node:module');
        return typeof createRequire(import.meta.url.split("?")[0])('node:child_process').spawn;
      },
      registerHooks: async () => {
        // Hooks of its own redirect the imports of the whole process: the host's and other spaces' too.
        const nodeModule = await import('node:module');
        const answer = 'data:text/javascript,export default "hijacked"';
        if (process.env.MODSPACE_HOOKS === 'in-thread') {
          nodeModule.registerHooks({ resolve: (s, c, next) => (s === 'victim:module' ? { url: answer, shortCircuit: true } : next(s, c)) });
        } else {
          const code = 'export async function resolve(s, c, next) { return s === "victim:module" ? { url: ' + JSON.stringify(answer) + ', shortCircuit: true } : next(s, c); }';
          nodeModule.register('data:text/javascript,' + encodeURIComponent(code));
        }
        return 'function';
      },
      eval: () => eval('import("node:child_process")').then(spawnType),
      newFunction: () => new Function('return import("node:child_process")')().then(spawnType),
      importMetaResolve: () => import.meta.resolve('node:child_process'),
    };
  `,
  'plugin/vm-module.js': `
    import vm from 'node:vm';
    const evaluate = async (options) => {
      const module = new vm.SourceTextModule('export default typeof (await import("node:child_process")).spawn', options);
      await module.link(() => { throw new Error('no static imports here'); });
      await module.evaluate();
      return module.namespace.default;
    };
    // Its import() must be answered by a callback: one written in this module is this module's import().
    export const viaCallback = () => evaluate({ importModuleDynamically: (specifier) => import(specifier) });
    export const viaMainLoader = () => evaluate({ importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  `,
  'plugin/data-graph.js': `
    import { id } from './counter.js';
    const counter = new URL('./counter.js', import.meta.url).href.replace(/\\?.*$/, '');
    const code = 'import { id } from ' + JSON.stringify(counter) + '; import os from "node:os"; export { id, os }; export const url = import.meta.url;';
    const data = await import('data:text/javascript,' + encodeURIComponent(code));
    export const sameCounter = data.id === id;
    export const os = data.os;
    export const url = data.url;
  `,
  'plugin/bus.js': "const listeners = []; export const bus = { on: (fn) => listeners.push(fn), emit: (event) => listeners.forEach((fn) => fn(event)) };\n",
  'plugin/spy.js': "import { bus } from './bus.js'; export const seen = []; const emit = bus.emit; bus.emit = (event) => { seen.push(event); emit(event); };\n",
  'plugin/emitter.js': "import { bus } from './bus.js'; bus.emit('secret from b');\n",
  'plugin/reexports.js': "export { spawn } from 'node:child_process';\n",
  'plugin/uses-reexport.js': "export { spawn } from './reexports.js';\n",
  'plugin/worker-entry.js': `import { parentPort } from 'node:worker_threads'; import { spawn } from 'node:child_process'; parentPort.postMessage(typeof spawn);`,
});
const vectorsFile = join(project, 'plugin', 'vectors.js');

const capture = `
  const outcome = async (fn) => {
    try { return await fn(); }
    catch (e) { return { code: e.code, message: e.message, space: e.space, specifier: e.specifier, importer: e.importer }; }
  };
`;

/** Runs every vector in a space with `policy`, once per mode and policy (a child process each). */
const runs = new Map();
function vectorsUnder(mode, policy) {
  const key = `${mode} ${JSON.stringify(policy)}`;
  if (!runs.has(key)) {
    runs.set(key, runInProject(project, `vectors-${runs.size}`, `${capture}
      const space = new ModuleSpace({ name: 'plugin', base: import.meta.url, policy: ${JSON.stringify(policy)} });
      const { vectors } = await space.import('./plugin/vectors.js');
      for (const [name, fn] of Object.entries(vectors)) out[name] = await outcome(fn);
    `, { mode }));
  }
  return runs.get(key);
}

const DENY = { deny: ['node:child_process'] };
const deniedChildProcess = (result, importer = vectorsFile) => {
  assert.type(result, 'object', `expected a denial, got ${JSON.stringify(result)}`);
  assert.is(result.code, 'ERR_MODSPACE_DENIED');
  assert.is(result.space, 'plugin');
  assert.is(result.importer, importer);
  assert.match(result.message, /\[modspace:plugin\] Import denied by policy \(deny: node:child_process\)/);
};
const gotThrough = (result) => assert.is(result, 'function', `expected to get through, got ${JSON.stringify(result)}`);

for (const mode of hookModes) {
  test(`[${mode}] data: modules are tagged into the space, so their imports are policed`, () => {
    const result = vectorsUnder(mode, DENY).data;
    assert.type(result, 'object', JSON.stringify(result));
    assert.is(result.code, 'ERR_MODSPACE_DENIED');
    assert.is(result.specifier, 'node:child_process');
    assert.match(result.importer, /^data:text\/javascript,import \{ spawn \}/);
    assert.not.match(result.importer, /modspace=/, 'the importer is shown without the space token');
    assert.match(result.message, /deny: node:child_process/);
  });

  test(`[${mode}] data: modules are modules of the space: overrides apply, files are the space's instances`, () => {
    const out = runInProject(project, 'data-graph', `
      const space = new ModuleSpace({ name: 'plugin', base: import.meta.url, overrides: { 'node:os': { fake: true } } });
      const graph = await space.import('./plugin/data-graph.js');
      out.sameCounter = graph.sameCounter;
      out.osIsFake = graph.os.fake === true;
      out.url = graph.url.replace(/^data:[^#]*/, '');
      out.loads = globalThis.loads;
      space.fresh();
      out.freshUrl = (await space.import('./plugin/data-graph.js')).url.replace(/^data:[^#]*/, '');
    `, { mode });
    assert.is(out.sameCounter, true, 'a file imported by a data: module is the space instance');
    assert.is(out.osIsFake, true, "the space's override applies inside the data: module");
    assert.match(out.url, /^#modspace=s\d+\.g1$/);
    assert.match(out.freshUrl, /^#modspace=s\d+\.g2$/, 'fresh() gives data: modules a new instance too');
    assert.is(out.loads, 1);
  });

  test(`[${mode}] require() inside a CommonJS module of the space gets through (no token)`, () => {
    gotThrough(vectorsUnder(mode, DENY).cjsRequire);
  });

  test(`[${mode}] import() inside a CommonJS module of the space gets through (no token)`, () => {
    gotThrough(vectorsUnder(mode, DENY).cjsImport);
  });

  test(`[${mode}] createRequire(import.meta.url): ${mode === 'in-thread' ? 'blocked (the hooks see the token)' : 'gets through (the hooks never see require)'}`, () => {
    const result = vectorsUnder(mode, DENY).createRequire;
    if (mode === 'in-thread') {
      deniedChildProcess(result);
      assert.is(result.specifier, 'node:child_process');
    } else gotThrough(result);
  });

  test(`[${mode}] createRequire() given the path or the URL without its token gets through`, () => {
    const out = vectorsUnder(mode, DENY);
    gotThrough(out.createRequireFilename);
    gotThrough(out.createRequirePlainURL);
  });

  test(`[${mode}] hooks a space's module registers through node:module redirect the host's imports (allow lists refuse node:module)`, () => {
    const out = runInProject(project, 'register-hooks', `${capture}
      const space = new ModuleSpace({ name: 'plugin', base: import.meta.url, policy: ${JSON.stringify(DENY)} });
      const { vectors } = await space.import('./plugin/vectors.js');
      out.registered = await outcome(vectors.registerHooks);
      out.host = await outcome(async () => (await import('victim:module')).default);
      const strict = new ModuleSpace({ name: 'plugin', base: import.meta.url, policy: { allow: ['node:*'] } });
      const strictVectors = (await strict.import('./plugin/vectors.js')).vectors;
      out.strict = await outcome(strictVectors.registerHooks);
    `, { mode });
    gotThrough(out.registered);
    assert.is(out.host, 'hijacked', 'the host imported what the plugin chose');
    assert.is(out.strict.code, 'ERR_MODSPACE_DENIED');
    assert.match(out.strict.message, /not in allow list: node:module/);
  });

  test(`[${mode}] shared host objects are the same objects in every space: one plugin can rewrite what another uses`, () => {
    const out = runInProject(project, 'shared-objects', `
      const share = ['./plugin/bus.js', './plugin/reexports.js'];
      const a = new ModuleSpace({ name: 'a', base: import.meta.url, share, policy: ${JSON.stringify(DENY)} });
      const b = new ModuleSpace({ name: 'b', base: import.meta.url, share, policy: ${JSON.stringify(DENY)} });
      const spy = await a.import('./plugin/spy.js');
      await b.import('./plugin/emitter.js');
      out.seen = spy.seen;
      out.spawn = typeof (await a.import('./plugin/uses-reexport.js')).spawn;
    `, { mode });
    assert.equal(out.seen, ['secret from b'], 'plugin a saw what plugin b emitted');
    assert.is(out.spawn, 'function', 'a shared module re-exporting a denied builtin hands it over');
  });

  test(`[${mode}] process.getBuiltinModule() and process.binding() never reach a hook`, () => {
    const out = vectorsUnder(mode, DENY);
    gotThrough(out.getBuiltinModule);
    gotThrough(out.binding);
  });

  test(`[${mode}] vm.Script with the main context's loader gets through (no parent URL)`, () => {
    gotThrough(vectorsUnder(mode, DENY).vmScript);
  });

  test(`[${mode}] vm.SourceTextModule: its import() is the callback's, which the space polices`, () => {
    const out = runInProject(project, 'vm-module', `${capture}
      const space = new ModuleSpace({ name: 'plugin', base: import.meta.url, policy: ${JSON.stringify(DENY)} });
      const vmModule = await space.import('./plugin/vm-module.js');
      out.viaCallback = await outcome(vmModule.viaCallback);
      out.viaMainLoader = await outcome(vmModule.viaMainLoader);
    `, { mode, execArgv: ['--experimental-vm-modules', '--no-warnings'] });
    deniedChildProcess(out.viaCallback, join(project, 'plugin', 'vm-module.js'));
    assert.is(out.viaMainLoader.code, 'ERR_INVALID_ARG_TYPE', "Node refuses the main context's loader for SourceTextModule");
  });

  test(`[${mode}] new Worker() gets through (its entry carries no token)`, () => {
    gotThrough(vectorsUnder(mode, DENY).worker);
  });

  test(`[${mode}] eval and new Function: their import() carries the token, so it is blocked`, () => {
    const out = vectorsUnder(mode, DENY);
    deniedChildProcess(out.eval);
    deniedChildProcess(out.newFunction);
    assert.is(out.eval.specifier, 'node:child_process');
  });

  test(`[${mode}] import.meta.resolve is blocked`, () => {
    deniedChildProcess(vectorsUnder(mode, DENY).importMetaResolve);
  });

  test(`[${mode}] allow lists refuse node:module, node:vm, node:worker_threads and data: unless named; node:* does not name them`, () => {
    const broad = vectorsUnder(mode, { allow: ['node:*'], deny: ['node:child_process'] });
    const refused = (result, what) => {
      assert.is(result.code, 'ERR_MODSPACE_DENIED', what);
      assert.is(result.importer, vectorsFile, what);
      assert.match(result.message, new RegExp(`not in allow list: ${what}`), what);
    };
    refused(broad.createRequire, 'node:module');
    refused(broad.vmScript, 'node:vm');
    refused(broad.worker, 'node:worker_threads');
    refused(broad.data, 'data:');
    assert.is(broad.createRequire.specifier, 'node:module');
    assert.match(broad.data.specifier, /^data:text\/javascript,/);
    // The rest of the table does not change with an allow list.
    deniedChildProcess(broad.eval);
    gotThrough(broad.getBuiltinModule);

    const named = vectorsUnder(mode, { allow: ['node:*', 'module', 'node:vm', 'node:worker_threads', 'data:'], deny: ['node:child_process'] });
    deniedChildProcess(named.data, named.data.importer); // data: allowed: loads, then its own import is policed
    assert.match(named.data.importer, /^data:/);
    gotThrough(named.vmScript);
    gotThrough(named.worker);
    if (mode === 'in-thread') deniedChildProcess(named.createRequire);
    else gotThrough(named.createRequire);
  });
}

test.after(() => removeProject(project));
test.run();
