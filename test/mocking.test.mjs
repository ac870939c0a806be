// What tests need from overrides: partial, scoped, mapper functions, Proxy
// values, modules that do not exist, importActual, order independence.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hookModes, makeProject, removeProject, runInProject } from './helpers.mjs';

// Off-thread, a mapper runs in the main thread while Node leaves it free: up to
// Node 22, whose loader resolves import() asynchronously (see README, mapper).
const major = Number(process.versions.node.split('.')[0]);
const mapperWorks = (mode) => mode === 'in-thread' || major < 24;

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'lib/db.js': `
    globalThis.__dbLoads = (globalThis.__dbLoads ?? 0) + 1;
    export const query = () => ['real'];
    export const connect = () => 'real connection';
    export let state = 'initial';
    export const setState = (s) => { state = s; };
    export default { kind: 'real' };
  `,
  'lib/service.js': `
    import db, { query, connect, state, setState } from './db.js';
    export const result = () => ({ rows: query(), conn: connect(), kind: db.kind });
    export const stateNow = () => state;
    export { setState };
  `,
  'lib/other.js': `import { query } from './db.js'; export const rows = () => query();`,
  'lib/both.js': `import { result } from './service.js'; import { rows } from './other.js'; export const all = () => ({ service: result().rows, other: rows() });`,
  'lib/uses-fs-forms.js': `
    import a from 'fs'; import b from 'node:fs'; import { readFile } from 'fs/promises'; import c from 'node:fs/promises';
    export default [a.tag, b.tag, typeof readFile, c.tag];
  `,
  'lib/uses-openai.js': `import OpenAI from 'openai'; export const reply = new OpenAI().chat('hi');`,
  'lib/computed.js': `import { anything, other } from './db.js'; export default [anything, other];`,
  'lib/plain-import.js': `import { query } from './db.js'; export default query();`,
});
const run = (name, body, mode) => runInProject(project, name, body, { mode });

for (const mode of hookModes) {
  test(`[${mode}] partial(): the real module with some exports replaced, live bindings kept`, () => {
    const out = run('partial', `
      const space = new ModuleSpace({ base: import.meta.url, overrides: { './lib/db.js': partial({ query: () => ['fake'] }) } });
      const service = await space.import('./lib/service.js');
      out.result = service.result();
      service.setState('changed');
      out.state = service.stateNow();
      const withDefault = new ModuleSpace({ base: import.meta.url, overrides: { './lib/db.js': partial({ default: { kind: 'fake default' } }) } });
      out.kind = (await withDefault.import('./lib/service.js')).result().kind;
    `, mode);
    assert.equal(out.result, { rows: ['fake'], conn: 'real connection', kind: 'real' });
    assert.is(out.state, 'changed', "the real module's live bindings show through");
    assert.is(out.kind, 'fake default');
  });

  test(`[${mode}] importActual(): the real module beside the override, one instance with partial's`, () => {
    const out = run('actual', `
      const space = new ModuleSpace({ base: import.meta.url, overrides: { './lib/db.js': partial({ query: () => ['fake'] }) } });
      const service = await space.import('./lib/service.js');
      const actual = await space.importActual('./lib/db.js');
      out.actualRows = actual.query();
      actual.setState('from test');
      out.seenByService = service.stateNow();
      out.loads = globalThis.__dbLoads;
      const whole = new ModuleSpace({ base: import.meta.url, overrides: { './lib/db.js': { query: () => ['stub'] } } });
      out.wholeActual = (await whole.importActual('./lib/db.js')).query();
      out.wholeOverride = (await whole.import('./lib/db.js')).query();
    `, mode);
    assert.equal(out.actualRows, ['real']);
    assert.is(out.seenByService, 'from test', 'importActual gives the instance the partial override wraps');
    assert.is(out.loads, 1);
    assert.equal(out.wholeActual, ['real']);
    assert.equal(out.wholeOverride, ['stub']);
  });

  test(`[${mode}] scoped overrides apply to one importer only; they win over global ones`, () => {
    const out = run('scoped', `
      const space = new ModuleSpace({
        base: import.meta.url,
        overrides: { './lib/db.js': partial({ query: () => ['global'] }) },
        scoped: { './lib/service.js': { './lib/db.js': partial({ query: () => ['scoped'] }) } },
      });
      out.all = (await space.import('./lib/both.js')).all();
      const onlyScoped = new ModuleSpace({ base: import.meta.url, scoped: { './lib/service.js': { './lib/db.js': partial({ query: () => ['scoped'] }) } } });
      out.onlyScoped = (await onlyScoped.import('./lib/both.js')).all();
    `, mode);
    assert.equal(out.all, { service: ['scoped'], other: ['global'] });
    assert.equal(out.onlyScoped, { service: ['scoped'], other: ['real'] });
  });

  if (mapperWorks(mode)) test(`[${mode}] mapper(specifier, importer): values, fall-through, one instance per value`, () => {
    const out = run('mapper', `
      const calls = [];
      const fakeDb = { query: () => ['mapped'], connect: () => 'mapped connection', state: 'mapped', setState() {}, default: { kind: 'mapped' } };
      const space = new ModuleSpace({
        base: import.meta.url,
        mapper(specifier, importer) {
          calls.push([specifier, importer.split('/').pop()]);
          if (specifier === './db.js') return fakeDb;
          if (specifier === 'openai') return { default: class { chat(m) { return 'mapped ' + m; } } };
          return undefined;
        },
      });
      out.all = (await space.import('./lib/both.js')).all();
      out.reply = (await space.import('./lib/uses-openai.js')).reply;
      out.calls = calls;
      out.same = (await space.import('./lib/db.js')) === (await space.import('./lib/db.js'));
    `, mode);
    assert.equal(out.all, { service: ['mapped'], other: ['mapped'] });
    assert.is(out.reply, 'mapped hi', 'a mapper can supply a package that is not installed');
    assert.ok(out.calls.some(([s, i]) => s === './db.js' && i === 'service.js'), 'the importer is passed without the token');
    assert.ok(out.calls.some(([s]) => s === './lib/both.js'), 'the entry is mapped too');
    assert.is(out.same, true);
  });

  if (!mapperWorks(mode)) test(`[${mode}] a mapper the main thread cannot answer fails clearly`, () => {
    const out = run('mapper-unreachable', `
      const space = new ModuleSpace({ name: 'far', base: import.meta.url, mapper: () => undefined });
      try { await space.import('./lib/db.js'); } catch (e) { out.error = [e.code, e.space, e.message]; }
    `, mode);
    assert.equal(out.error.slice(0, 2), ['ERR_MODSPACE_MAPPER_UNREACHABLE', 'far']);
    assert.match(out.error[2], /cannot serve a synchronous resolution/);
  });

  if (mode === 'off-thread' && major < 24) test(`[${mode}] a mapper cannot serve synchronous resolution off-thread`, () => {
    const out = run('mapper-sync', `
      const space = new ModuleSpace({ name: 'sync', base: import.meta.url, mapper: () => undefined });
      try { space.resolve('./lib/db.js'); } catch (e) { out.code = e.code; }
      out.asyncStillWorks = (await space.import('./lib/plain-import.js')).default;
    `, mode);
    assert.is(out.code, 'ERR_MODSPACE_MAPPER_UNREACHABLE');
    assert.equal(out.asyncStillWorks, ['real']);
  });

  if (mapperWorks(mode)) test(`[${mode}] a mapper that throws: its error surfaces with the space name`, () => {
    const out = run('mapper-throws', `
      const space = new ModuleSpace({ name: 'mapped', base: import.meta.url, mapper: (s) => { if (s === './db.js') throw new Error('no db for you'); } });
      try { await space.import('./lib/service.js'); } catch (e) { out.error = { code: e.code, message: e.message, space: e.space, specifier: e.specifier }; }
      const bad = new ModuleSpace({ name: 'bad', base: import.meta.url, mapper: (s) => (s === './db.js' ? 42 : undefined) });
      try { await bad.import('./lib/service.js'); } catch (e) { out.badValue = e.code; }
    `, mode);
    assert.is(out.error.code, 'ERR_MODSPACE_MAPPER_FAILED');
    assert.is(out.error.space, 'mapped');
    assert.is(out.error.specifier, './db.js');
    assert.match(out.error.message, /\[modspace:mapped\] The mapper threw: no db for you/);
    assert.is(out.badValue, 'ERR_MODSPACE_INVALID_OVERRIDE');
  });

  test(`[${mode}] Proxy values with explicit export names, read when the module evaluates`, () => {
    const out = run('proxy', `
      const reads = [];
      const proxy = new Proxy({}, { get: (_, name) => (reads.push(String(name)), 'computed ' + String(name)) });
      const space = new ModuleSpace({ base: import.meta.url, overrides: { './lib/db.js': live(proxy, { exports: ['anything', 'other'] }) } });
      out.values = (await space.import('./lib/computed.js')).default;
      out.reads = reads.filter((n) => n !== 'then');
      try { new ModuleSpace({ name: 'px', base: import.meta.url, overrides: { './lib/db.js': proxy } }); } catch (e) { out.noNames = [e.code, e.message]; }
      try { new ModuleSpace({ base: import.meta.url, overrides: { './lib/db.js': live(proxy, { exports: 'anything' }) } }); } catch (e) { out.badNames = e.code; }
    `, mode);
    assert.equal(out.values, ['computed anything', 'computed other']);
    assert.equal(out.reads, ['anything', 'other']);
    assert.is(out.noNames[0], 'ERR_MODSPACE_INVALID_OVERRIDE');
    assert.match(out.noNames[1], /\[modspace:px\] A Proxy cannot list its export names: pass them, live\(proxy, \{ exports: \[\.\.\.\] \}\)/);
    assert.is(out.badNames, 'ERR_MODSPACE_INVALID_OVERRIDE');
  });

  test(`[${mode}] fs, node:fs and fs/promises overridden alike; a package that is not installed`, () => {
    const out = run('missing', `
      const space = new ModuleSpace({ base: import.meta.url, overrides: {
        fs: { default: { tag: 'fake fs' } },
        'node:fs/promises': { readFile: async () => 'x', default: { tag: 'fake promises' } },
        openai: virtual({ default: class { chat(m) { return 'stub ' + m; } } }),
      } });
      out.forms = (await space.import('./lib/uses-fs-forms.js')).default;
      out.reply = (await space.import('./lib/uses-openai.js')).reply;
    `, mode);
    assert.equal(out.forms, ['fake fs', 'fake fs', 'function', 'fake promises']);
    assert.is(out.reply, 'stub hi');
  });

  test(`[${mode}] order independence: real first then overridden, and the reverse, agree`, () => {
    const out = run('order', `
      const realFirst = [];
      realFirst.push((await import('./lib/plain-import.js')).default);
      const a = new ModuleSpace({ base: import.meta.url, overrides: { './lib/db.js': { query: () => ['fake'] } } });
      realFirst.push((await a.import('./lib/plain-import.js')).default);
      const overrideFirst = [];
      const b = new ModuleSpace({ base: import.meta.url, overrides: { './lib/db.js': { query: () => ['fake'] } } });
      overrideFirst.push((await b.import('./lib/plain-import.js')).default);
      const c = new ModuleSpace({ base: import.meta.url });
      overrideFirst.push((await c.import('./lib/plain-import.js')).default);
      out.realFirst = realFirst; out.overrideFirst = overrideFirst;
    `, mode);
    assert.equal(out.realFirst, [['real'], ['fake']]);
    assert.equal(out.overrideFirst, [['fake'], ['real']]);
  });

  test(`[${mode}] strict by default: importing a name the stub lacks fails at link time`, () => {
    const out = run('strict', `
      const space = new ModuleSpace({ base: import.meta.url, overrides: { './lib/db.js': { query: () => [] } } });
      try { await space.import('./lib/service.js'); } catch (e) { out.error = [e.code, e.message, e.cause?.name]; }
    `, mode);
    assert.is(out.error[0], 'ERR_MODSPACE_MISSING_EXPORT');
    assert.match(out.error[1], /does not provide an export named '(connect|default|state|setState)'\. Use partial\(\)/);
    assert.is(out.error[2], 'SyntaxError', "Node's link error is the cause");
  });
}

test.after(() => removeProject(project));
test.run();
