// A mapper that throws fails the import with ERR_MODSPACE_MAPPER_FAILED whose
// `cause` is the mapper's own error, on both hook paths: off-thread the error
// crosses two threads (main → hooks as a message, hooks → main through Node's
// error serialization) and must still look like the original.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hookModes, makeProject, removeProject, runInProject } from './helpers.mjs';

const major = Number(process.versions.node.split('.')[0]);
// Off-thread, a mapper answers only where Node leaves the main thread free (README, mapper).
const mapperWorks = (mode) => mode === 'in-thread' || major < 24;

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'lib/db.js': `export default 'db';`,
  'lib/service.js': `import db from './db.js'; export default db;`,
  'lib/lazy.js': `export const load = () => import('./db.js');`,
});

for (const mode of hookModes) {
  if (!mapperWorks(mode)) continue;
  test(`[${mode}] the mapper's error is the cause: name, message, code, stack and own data`, () => {
    const out = runInProject(project, 'cause', `
      class DbUnavailable extends Error {
        constructor(message, options) { super(message, options); this.name = 'DbUnavailable'; this.code = 'E_DB_DOWN'; this.detail = { retries: 3, hosts: ['a', 'b'] }; this.callback = () => {}; }
      }
      const thrown = {
        './db.js': () => new DbUnavailable('no db for you', { cause: new RangeError('socket closed') }),
        './other.js': () => 'a plain string',
        './plain.js': () => Object.assign(new TypeError('bad specifier'), { code: 'E_PLAIN' }),
      };
      const space = new ModuleSpace({ name: 'mapped', base: import.meta.url, mapper: (specifier) => { if (thrown[specifier]) throw thrown[specifier](); } });
      const seen = (e) => ({
        code: e.code, space: e.space, specifier: e.specifier, message: e.message,
        causeIsError: e.cause instanceof Error, causeName: e.cause?.name, causeMessage: e.cause?.message, causeCode: e.cause?.code,
        causeDetail: e.cause?.detail, causeCallback: typeof e.cause?.callback, causeStack: String(e.cause?.stack).split('\\n').slice(0, 2).join(' | '),
        innerName: e.cause?.cause?.name, innerMessage: e.cause?.cause?.message, raw: typeof e.cause === 'string' ? e.cause : undefined,
      });
      try { await space.import('./lib/service.js'); } catch (e) { out.static = seen(e); }
      try { await (await space.import('./lib/lazy.js')).load(); } catch (e) { out.dynamic = seen(e); }
      try { await space.import('./other.js'); } catch (e) { out.string = seen(e); }
      try { await space.import('./plain.js'); } catch (e) { out.builtin = seen(e); }
    `, { mode });
    for (const key of ['static', 'dynamic']) {
      const error = out[key];
      assert.is(error.code, 'ERR_MODSPACE_MAPPER_FAILED', key);
      assert.is(error.space, 'mapped', key);
      assert.is(error.specifier, './db.js', key);
      assert.match(error.message, /\[modspace:mapped\] The mapper threw: no db for you/, key);
      assert.is(error.causeIsError, true, key);
      assert.is(error.causeName, 'DbUnavailable', key);
      assert.is(error.causeMessage, 'no db for you', key);
      assert.is(error.causeCode, 'E_DB_DOWN', key);
      assert.equal(error.causeDetail, { retries: 3, hosts: ['a', 'b'] }, key);
      assert.match(error.causeStack, /^DbUnavailable: no db for you \| +at .*scenario-cause\.mjs/, `${key}: the stack is where the mapper threw`);
      assert.is(error.innerName, 'RangeError', `${key}: a cause's own cause follows`);
      assert.is(error.innerMessage, 'socket closed', key);
    }
    // A function cannot cross threads: off-thread it is left out rather than failing the error.
    assert.is(out.static.causeCallback, mode === 'in-thread' ? 'function' : 'undefined');
    assert.is(out.string.code, 'ERR_MODSPACE_MAPPER_FAILED');
    assert.is(out.string.raw, 'a plain string', 'a thrown non-Error is the cause as it was');
    assert.is(out.builtin.causeName, 'TypeError');
    assert.is(out.builtin.causeCode, 'E_PLAIN');
  });
}

test.after(() => removeProject(project));
test.run();
