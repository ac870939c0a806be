// partial() keeps a real module, so a key naming none is refused where it is
// given, with ERR_MODSPACE_INVALID_OVERRIDE and a message that does not send
// the user to virtual() (virtual(partial()) used to be accepted and fail at
// import with ENOENT): in overrides, scoped overrides and a mapper's answer.
// A failed constructor leaves no live value behind. Per hook path.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { hookModes, makeProject, removeProject, runInProject } from './helpers.mjs';

const major = Number(process.versions.node.split('.')[0]);
// Off-thread, a mapper answers only where Node leaves the main thread free (README, mapper).
const mapperWorks = (mode) => mode === 'in-thread' || major < 24;

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'lib/a.js': `export default 'a';`,
  'lib/db.js': `export const query = () => ['real']; export default 'db';`,
  'lib/service.js': `import { query } from './db.js'; export const rows = () => query();`,
});
const run = (name, body, mode) => runInProject(project, name, body, { mode });
const capture = `
  const capture = (fn) => { try { fn(); return 'no error'; } catch (e) { return { code: e.code, message: e.message, space: e.space, specifier: e.specifier, importer: e.importer }; } };
  const liveCount = () => globalThis[Symbol.for('modspace.live')]?.size ?? 0;
`;

for (const mode of hookModes) {
  test(`[${mode}] partial() of a module that does not exist: ERR_MODSPACE_INVALID_OVERRIDE at creation, virtual() or not, scoped too; nothing left registered`, () => {
    const out = run('partial-missing', `${capture}
      const base = import.meta.url;
      const before = liveCount();
      // A valid live value comes first each time: it must not stay registered.
      out.file = capture(() => new ModuleSpace({ name: 'pf', base, overrides: { 'node:os': { a: 1 }, './lib/nope.js': partial({ a: 1 }) } }));
      out.bare = capture(() => new ModuleSpace({ name: 'pb', base, overrides: { 'node:os': { a: 1 }, 'no-such-pkg': partial({ a: 1 }) } }));
      out.virtualFile = capture(() => new ModuleSpace({ name: 'vf', base, overrides: { 'node:os': { a: 1 }, './lib/nope.js': virtual(partial({ a: 1 })) } }));
      out.virtualBare = capture(() => new ModuleSpace({ name: 'vb', base, overrides: { 'node:os': { a: 1 }, 'no-such-pkg': virtual(partial({ a: 1 })) } }));
      out.scoped = capture(() => new ModuleSpace({ name: 'sc', base, overrides: { 'node:os': { a: 1 } }, scoped: { './lib/service.js': { './lib/nope.js': partial({ a: 1 }) } } }));
      out.scopedVirtual = capture(() => new ModuleSpace({ name: 'sv', base, overrides: { 'node:os': { a: 1 } }, scoped: { './lib/service.js': { 'no-such-pkg': virtual(partial({ a: 1 })) } } }));
      out.live = liveCount() - before;
      const later = new ModuleSpace({ base, overrides: { './lib/db.js': partial({ query: () => ['partial'] }) } });
      out.later = (await later.import('./lib/service.js')).rows();
      await later.dispose();
      out.liveAfter = liveCount() - before;
    `, mode);
    const names = { file: ['pf', './lib/nope.js'], bare: ['pb', 'no-such-pkg'], virtualFile: ['vf', './lib/nope.js'], virtualBare: ['vb', 'no-such-pkg'], scoped: ['sc', './lib/nope.js'], scopedVirtual: ['sv', 'no-such-pkg'] };
    for (const [key, [space, specifier]] of Object.entries(names)) {
      assert.is(out[key].code, 'ERR_MODSPACE_INVALID_OVERRIDE', key);
      assert.is(out[key].space, space, key);
      assert.is(out[key].specifier, specifier, key);
      assert.is(out[key].importer, join(project, 'scenario-partial-missing.mjs'), key);
      assert.match(out[key].message, /partial\(\) needs a real module to keep, and this key resolves to none/, key);
      assert.not.match(out[key].message, /virtual\(\)/, `${key}: virtual() is no way out for partial()`);
    }
    assert.is(out.live, 0, 'failed constructors register no live values');
    assert.equal(out.later, ['partial']);
    assert.is(out.liveAfter, 0);
  });

  if (mapperWorks(mode)) test(`[${mode}] a mapper answering partial() for a module that does not exist: ERR_MODSPACE_INVALID_OVERRIDE, nothing registered`, () => {
    const out = run('mapper-partial-missing', `${capture}
      const before = liveCount();
      const space = new ModuleSpace({
        name: 'mp',
        base: import.meta.url,
        mapper: (specifier) => (specifier === './nope.js' ? partial({ a: 1 }) : specifier === 'no-such-pkg' ? virtual(partial({ a: 1 })) : undefined),
      });
      const captureAsync = async (fn) => { try { await fn(); return 'no error'; } catch (e) { return { code: e.code, message: e.message, space: e.space, specifier: e.specifier, importer: e.importer }; } };
      out.relative = await captureAsync(() => space.import('./nope.js'));
      out.bare = await captureAsync(() => space.import('no-such-pkg'));
      out.live = liveCount() - before;
      out.works = (await space.import('./lib/a.js')).default;
    `, mode);
    for (const key of ['relative', 'bare']) {
      assert.is(out[key].code, 'ERR_MODSPACE_INVALID_OVERRIDE', key);
      assert.is(out[key].space, 'mp', key);
      assert.match(out[key].message, /partial\(\) needs a real module to keep/, key);
      assert.not.match(out[key].message, /virtual\(\)/, key);
    }
    assert.is(out.relative.specifier, './nope.js');
    assert.is(out.relative.importer, join(project, 'scenario-mapper-partial-missing.mjs'), 'the importer the mapper was asked about');
    assert.is(out.bare.specifier, 'no-such-pkg');
    assert.is(out.live, 0);
    assert.is(out.works, 'a');
  });
}

test.after(() => removeProject(project));
test.run();
