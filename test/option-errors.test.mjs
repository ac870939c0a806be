// Option values the OS refuses and values whose reading throws: each is
// refused at creation with ERR_MODSPACE_INVALID_OPTION (INVALID_OVERRIDE for
// live()/partial()) naming the option and the value, and a failed
// constructor leaves nothing registered. Per hook path, in child processes.
// test/option-fuzz.test.mjs tries many more values.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { hookModes, makeProject, removeProject, runInProject } from './helpers.mjs';

const LONG = 'x'.repeat(300);
const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'lib/a.js': `export default 'a';`,
  'lib/long-bare.js': `export const load = () => import('${LONG}');`,
  'deps/lib/package.json': JSON.stringify({ name: 'lib', type: 'module', exports: './index.js' }),
  'deps/lib/index.js': `export default 'lib';`,
  'transform.cjs': `exports.transform = (source) => source;`,
});
const run = (name, body, mode) => runInProject(project, name, body, { mode });
const capture = `
  const capture = (fn) => { try { fn(); return 'no error'; } catch (e) { return { code: e.code, message: e.message, space: e.space, specifier: e.specifier, importer: e.importer, cause: e.cause?.message, modspace: e.constructor.name }; } };
  const liveCount = () => globalThis[Symbol.for('modspace.live')]?.size ?? 0;
  const LONG = 'x'.repeat(300);
`;

for (const mode of hookModes) {
  test(`[${mode}] roots, imports and transforms: a 300-byte name and a NUL byte are ERR_MODSPACE_INVALID_OPTION naming the option and the value`, () => {
    const out = run('os-refuses', `${capture}
      const base = import.meta.url;
      out.rootsLong = capture(() => new ModuleSpace({ base, roots: ['./' + LONG] }));
      out.rootsNul = capture(() => new ModuleSpace({ base, roots: ['./deps', './de\\0ps'] }));
      out.rootsNulURL = capture(() => new ModuleSpace({ base, roots: [new URL('file:///tmp/a%00b/')] }));
      out.importsLong = capture(() => new ModuleSpace({ base, imports: { lib: './' + LONG + '/index.js' } }));
      out.importsNul = capture(() => new ModuleSpace({ base, imports: { 'lib/': './deps/\\0/' } }));
      out.transformsLong = capture(() => new ModuleSpace({ base, transforms: { '.x': '/tmp/' + LONG + '.cjs' } }));
      out.transformsNul = capture(() => new ModuleSpace({ base, transforms: { '.x': './transform.cjs\\0' } }));
      out.baseNul = capture(() => new ModuleSpace({ base: '/tmp/a\\0b/' }));
      out.baseHost = capture(() => new ModuleSpace({ base: 'file://elsewhere/app/' }));
      out.lockfileNul = capture(() => new ModuleSpace({ base, remote: { lockfile: './lock\\0.json' } }));
      out.cacheScheme = capture(() => new ModuleSpace({ base, remote: { cache: 'https://cache.example/' } }));
      out.timeout = capture(() => new ModuleSpace({ base, remote: { timeout: 2 ** 31 } }));
      out.live = liveCount();
      const space = new ModuleSpace({ base, roots: ['./deps'] });
      out.works = (await space.import('lib')).default;
      // Imports the OS would refuse are "not found", as Node says for its own lookups, on every hook path.
      try { await (await space.import('./lib/long-bare.js')).load(); } catch (e) { out.longBare = e.code; }
    `, mode);
    const expectations = {
      rootsLong: ['roots[0]', /has a name of 300 bytes; file systems allow 255/],
      rootsNul: ['roots[1]', /"\.\/de\\u0000ps" contains a NUL byte/],
      rootsNulURL: ['roots[0]', /"file:\/\/\/tmp\/a%00b\/" contains a NUL byte/],
      importsLong: ['imports["lib"]', /has a name of 300 bytes/],
      importsNul: ['imports["lib/"]', /contains a NUL byte/],
      transformsLong: ['transforms[".x"]', /has a name of 304 bytes/],
      transformsNul: ['transforms[".x"]', /"\.\/transform\.cjs\\u0000" contains a NUL byte/],
      baseNul: ['base', /contains a NUL byte/],
      baseHost: ['base', /"file:\/\/elsewhere\/app\/" is not a local file path/],
      lockfileNul: ['remote.lockfile', /contains a NUL byte/],
      cacheScheme: ['remote.cache', /must be a local path or file URL, got "https:\/\/cache\.example\/"/],
      timeout: ['remote.timeout', /must be a positive integer up to 2147483647, got number 2147483648/],
    };
    for (const [key, [option, message]] of Object.entries(expectations)) {
      assert.is(out[key].code, 'ERR_MODSPACE_INVALID_OPTION', key);
      assert.is(out[key].modspace, 'ModspaceError', key);
      assert.is(out[key].specifier, option, key);
      assert.match(out[key].message, `Option "${option}"`, key);
      assert.match(out[key].message, message, key);
    }
    assert.match(out.rootsLong.message, LONG, 'the value is named');
    assert.is(out.live, 0);
    assert.is(out.works, 'lib');
    assert.is(out.longBare, 'ERR_MODULE_NOT_FOUND');
  });

  test(`[${mode}] options whose reading throws (getters, Proxy traps, revoked Proxies) are ERR_MODSPACE_INVALID_OPTION with the error as cause`, () => {
    const out = run('reading-throws', `${capture}
      const base = import.meta.url;
      const boom = () => { throw new Error('getter says no'); };
      out.getter = capture(() => new ModuleSpace({ base, get roots() { return boom(); } }));
      out.nested = capture(() => new ModuleSpace({ base, overrides: { get './lib/a.js'() { return boom(); } } }));
      out.memory = capture(() => new ModuleSpace({ base, roots: [{ get files() { return boom(); } }] }));
      out.trap = capture(() => new ModuleSpace(new Proxy({ base }, { ownKeys: boom })));
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      out.revoked = capture(() => new ModuleSpace({ base, imports: proxy }));
      out.holes = capture(() => new ModuleSpace({ base, conditions: new Array(2) }));
      out.symbol = capture(() => new ModuleSpace({ base, share: [Symbol('s')] }));
      const proto = new ModuleSpace({ base, imports: JSON.parse('{"__proto__": "./lib/a.js"}') });
      out.proto = (await proto.import('__proto__')).default;
      out.live = liveCount();
      out.works = (await new ModuleSpace({ base }).import('./lib/a.js')).default;
    `, mode);
    for (const key of ['getter', 'nested', 'memory', 'trap', 'revoked', 'holes', 'symbol']) {
      assert.is(out[key].code, 'ERR_MODSPACE_INVALID_OPTION', key);
      assert.is(out[key].modspace, 'ModspaceError', key);
    }
    assert.is(out.getter.specifier, 'roots');
    assert.match(out.getter.message, /Option "roots" cannot be read: getter says no/);
    assert.is(out.getter.cause, 'getter says no');
    assert.is(out.nested.specifier, 'overrides');
    assert.is(out.memory.specifier, 'roots');
    assert.is(out.trap.specifier, 'options');
    assert.is(out.revoked.specifier, 'imports');
    assert.match(out.holes.message, /got undefined at index 0/);
    assert.match(out.symbol.message, /got symbol Symbol\(s\) at index 0/);
    assert.is(out.proto, 'a', '"__proto__" is an alias key like any other, not a prototype');
    assert.is(out.live, 0);
    assert.is(out.works, 'a');
  });

  test(`[${mode}] live() and partial() check their arguments when called: ERR_MODSPACE_INVALID_OVERRIDE`, () => {
    const out = run('descriptors', `${capture}
      out.liveNull = capture(() => live({ a: 1 }, null));
      out.partialNumber = capture(() => partial({ a: 1 }, 5));
      out.typo = capture(() => live({ a: 1 }, { export: ['a'] }));
      out.names = capture(() => partial({ a: 1 }, { exports: 'a' }));
      out.value = capture(() => live(42));
      out.getter = capture(() => live({}, { get exports() { throw new Error('no names'); } }));
      // The names are copied when checked: changing the array later changes nothing.
      const names = ['a'];
      const descriptor = live({ a: 'A', b: 'B' }, { exports: names });
      names.push(42);
      const space = new ModuleSpace({ base: import.meta.url, overrides: { './lib/a.js': descriptor } });
      out.exports = Object.keys(await space.import('./lib/a.js')).sort();
    `, mode);
    for (const key of ['liveNull', 'partialNumber', 'typo', 'names', 'value', 'getter']) {
      assert.is(out[key].code, 'ERR_MODSPACE_INVALID_OVERRIDE', key);
      assert.is(out[key].modspace, 'ModspaceError', key);
    }
    assert.match(out.liveNull.message, /live\(\)'s options must be an object \(\{ exports \}\), got null/);
    assert.match(out.partialNumber.message, /partial\(\)'s options must be an object \(\{ exports \}\), got number 5/);
    assert.match(out.typo.message, /live\(\) has no option "export" \(known: exports\)/);
    assert.match(out.names.message, /Export names must be an array of well-formed strings, got "a"/);
    assert.match(out.value.message, /live\(\) takes an object or a function, got number 42/);
    assert.match(out.getter.message, /live\(\)'s options cannot be read .*: no names/);
    assert.equal(out.exports, ['a', 'default']);
  });
}

test.after(() => removeProject(project));
test.run();
