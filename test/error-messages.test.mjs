// Errors about overrides say which override: a name an override lacks
// (ERR_MODSPACE_MISSING_EXPORT), a source() that does not parse
// (ERR_MODSPACE_INVALID_OVERRIDE with line and column in its text), and
// generated modules carry their key in their URL and in modules().
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { hookModes, makeProject, removeProject, runInProject } from './helpers.mjs';

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'lib/db.js': `export const query = () => 'real'; export const close = () => 'closed';`,
  'lib/clock.js': `export const now = () => 1;`,
  'lib/app.js': `import { query, close } from './db.js';\nexport const run = () => [query(), close()];\n`,
  'lib/wants-x.js': `import { x } from './db.js';\nexport { x };\n`,
  'lib/sub/deep.js': `// one folder down, the same override under another specifier\nimport { close } from '../db.js';\nexport { close };\n`,
  'lib/service.js': `import { now, later } from './clock.js';\nexport const at = () => [now(), later()];\n`,
  'lib/uses-os.js': `import { cpus } from 'node:os';\nexport { cpus };\n`,
  'lib/plain-missing.js': `import { nothere } from './clock.js';\n`,
  'lib/awaits.js': `export const app = await import('./app.js');\n`,
  'lib/lazy.js': `export const load = () => import('./app.js');\n`,
  'lib/broken-file.js': `import config from './config.js';\nexport const x = (;\n`,
  'lib/uses-config.js': `import config from './config.js';\nexport default config;\n`,
});
const run = (name, body, mode) => runInProject(project, name, body, { mode });
const path = (name) => join(project, 'lib', name);
const capture = `
  const captureAsync = async (fn) => {
    try { await fn(); return 'no error'; } catch (e) {
      return { name: e.name, code: e.code, message: e.message, space: e.space, specifier: e.specifier, importer: e.importer, cause: e.cause && { name: e.cause.name, message: e.cause.message } };
    }
  };
`;
const [major] = process.versions.node.split('.').map(Number);

test('a generated module URL keeps its key as one segment URL parsing leaves alone, and still names its id', async () => {
  const { generatedURL, generatedIdOf } = await import(new URL('../dist/core/generated.js', import.meta.url).href);
  const { readToken, withToken } = await import(new URL('../dist/core/token.js', import.meta.url).href);
  const cases = {
    './db.js': 'modspace:///3/o1/.%2Fdb.js',
    'node:fs': 'modspace:///3/o1/node:fs',
    '@scope/pkg/sub': 'modspace:///3/o1/@scope%2Fpkg%2Fsub',
    '../x.js': 'modspace:///3/o1/..%2Fx.js',
    '.': 'modspace:///3/o1/',
    '..': 'modspace:///3/o1/',
    'a?b#c': 'modspace:///3/o1/a%3Fb%23c',
    'x?modspace=s9.g9': 'modspace:///3/o1/x%3Fmodspace%3Ds9.g9',
    'C:\\dir\\x.js': 'modspace:///3/o1/C:%5Cdir%5Cx.js',
  };
  for (const [key, expected] of Object.entries(cases)) {
    const url = generatedURL(3, 'o1', key);
    assert.is(url, expected, key);
    const tokenized = withToken(url, { space: 3, generation: 7 });
    assert.is(new URL(tokenized).href, tokenized, `${key}: not normalised by URL parsing`);
    assert.is(generatedIdOf(tokenized), 'o1', key);
    assert.equal(readToken(tokenized), { space: 3, generation: 7 }, key);
  }
});

for (const mode of hookModes) {
  test(`[${mode}] an override lacking an imported name: ERR_MODSPACE_MISSING_EXPORT names the key, kind, space, importer and a hint`, () => {
    const out = run('missing-export', `${capture}
      const make = (name, options) => new ModuleSpace({ name, base: import.meta.url, ...options });
      const liveSpace = make('live', { overrides: { './lib/db.js': { query: () => 'fake' } } });
      out.live = await captureAsync(() => liveSpace.import('./lib/app.js'));
      out.liveDeep = await captureAsync(() => liveSpace.import('./lib/sub/deep.js'));
      out.partial = await captureAsync(() => make('partial', { overrides: { './lib/db.js': partial({ query: () => 'fake' }) } }).import('./lib/wants-x.js'));
      out.partialFine = (await make('partial-fine', { overrides: { './lib/db.js': partial({ query: () => 'fake' }) } }).import('./lib/app.js')).run();
      out.source = await captureAsync(() => make('source', { overrides: { './lib/db.js': source('export const query = () => 1;') } }).import('./lib/app.js'));
      out.redirect = await captureAsync(() => make('redirect', { overrides: { './lib/db.js': './lib/clock.js' } }).import('./lib/app.js'));
      out.scoped = await captureAsync(() => make('scoped', { scoped: { './lib/service.js': { './lib/clock.js': { now: () => 0 } } } }).import('./lib/service.js'));
      const parent = make('parent', { overrides: { 'node:os': { hostname: () => 'h' } } });
      out.inherited = await captureAsync(() => parent.child({ name: 'child' }).import('./lib/uses-os.js'));
      // A module's top-level await of an import reaches space.import() too.
      out.awaited = await captureAsync(() => make('awaited', { overrides: { './lib/db.js': { query: () => 'fake' } } }).import('./lib/awaits.js'));
      // Not an override: Node's error, unchanged.
      out.plain = await captureAsync(() => make('plain', {}).import('./lib/plain-missing.js'));
      // An import() the space's code makes later is the code's own: Node's error, unchanged.
      const lazy = await make('lazy', { overrides: { './lib/db.js': { query: () => 'fake' } } }).import('./lib/lazy.js');
      out.lazy = await captureAsync(() => lazy.load());
      // The failed import left the space usable.
      out.afterwards = (await liveSpace.import('./lib/clock.js')).now();
    `, mode);
    const app = path('app.js');
    assert.equal(
      { ...out.live, message: undefined },
      { name: 'ModspaceError', code: 'ERR_MODSPACE_MISSING_EXPORT', message: undefined, space: 'live', specifier: './db.js', importer: app, cause: { name: 'SyntaxError', message: "The requested module './db.js' does not provide an export named 'close'" } },
    );
    assert.is(
      out.live.message,
      `[modspace:live] The override "./lib/db.js" (a live value) does not provide an export named 'close'. Use partial() to keep the real module's other exports, or add "close" to the override object (live(value, { exports: [...] }) for a value whose properties cannot be listed) (specifier "./db.js", imported from ${app})`,
    );
    assert.is(out.liveDeep.code, 'ERR_MODSPACE_MISSING_EXPORT', 'the override is found whatever specifier reaches it');
    assert.is(out.liveDeep.specifier, '../db.js');
    assert.is(out.liveDeep.importer, path('sub/deep.js'));
    assert.match(out.liveDeep.message, /The override "\.\/lib\/db\.js" \(a live value\) does not provide an export named 'close'/);

    assert.is(out.partial.code, 'ERR_MODSPACE_MISSING_EXPORT');
    assert.match(out.partial.message, /^\[modspace:partial\] The override "\.\/lib\/db\.js" \(partial\(\)\) does not provide an export named 'x'\. Neither the partial\(\) value nor the real module has it/);
    assert.equal(out.partialFine, ['fake', 'closed'], 'partial() keeps the real module\'s other exports');
    assert.match(out.source.message, /^\[modspace:source\] The override "\.\/lib\/db\.js" \(source\(\)\) does not provide an export named 'close'\. Export "close" from the source text/);
    assert.is(out.redirect.code, 'ERR_MODSPACE_MISSING_EXPORT');
    assert.is(out.redirect.message, `[modspace:redirect] The override for "./db.js" redirects it to ${path('clock.js')}, which does not provide an export named 'close'. Export "close" from that module (specifier "./db.js", imported from ${app})`);
    assert.match(out.scoped.message, /^\[modspace:scoped\] The scoped override "\.\/lib\/clock\.js" \(a live value\) does not provide an export named 'later'/);
    assert.is(out.scoped.importer, path('service.js'));
    assert.match(out.inherited.message, /^\[modspace:child\] The override "node:os" of space "parent" \(a live value\) does not provide an export named 'cpus'/);
    assert.is(out.inherited.importer, path('uses-os.js'));
    assert.is(out.awaited.code, 'ERR_MODSPACE_MISSING_EXPORT');
    assert.is(out.awaited.importer, app);

    assert.equal(out.plain, { name: 'SyntaxError', message: "The requested module './clock.js' does not provide an export named 'nothere'" }, 'no code, no cause');
    assert.is(out.lazy.name, 'SyntaxError');
    assert.is(out.lazy.code, undefined);
    assert.is(out.afterwards, 1);
  });

  // Off-thread on Node 24+ a mapper cannot answer any import (README: mapper); there is nothing to report.
  if (mode === 'in-thread' || major < 24) {
    test(`[${mode}] a mapper's override lacking an imported name is reported as the mapper's`, () => {
      const out = run('missing-export-mapper', `${capture}
        const space = new ModuleSpace({ name: 'mapped', base: import.meta.url, mapper: (specifier) => specifier === './db.js' ? { query: () => 'fake' } : undefined });
        out.error = await captureAsync(() => space.import('./lib/app.js'));
      `, mode);
      assert.is(out.error.code, 'ERR_MODSPACE_MISSING_EXPORT');
      assert.match(out.error.message, /^\[modspace:mapped\] The mapper's override "\.\/db\.js" \(a live value\) does not provide an export named 'close'\. Use partial\(\)/);
      assert.is(out.error.importer, path('app.js'));
    });
  }

  test(`[${mode}] a source() with a syntax error: ERR_MODSPACE_INVALID_OVERRIDE with the key and line:column in its text`, () => {
    const out = run('source-syntax', `${capture}
      const make = (name, code) => new ModuleSpace({ name, base: import.meta.url, overrides: { './lib/config.js': source(code) } });
      // Creating the space does not parse the text (that would cost every space); importing it reports it.
      const space = make('esbuild-finds', 'export const a = 1;\\nexport default { port: ; }\\n');
      out.created = true;
      out.direct = await captureAsync(() => space.import('./lib/config.js'));
      out.imported = await captureAsync(() => make('imported', 'export default {\\n  port: 1,\\n  host: ,\\n};').import('./lib/uses-config.js'));
      // An early error only V8 reports (esbuild accepts it): V8 is asked.
      out.v8Only = await captureAsync(() => make('v8-only', 'export default 1;\\nreturn 2;\\n').import('./lib/config.js'));
      // A syntax error in a file is not blamed on a valid source() module beside it.
      out.inFile = await captureAsync(() => make('in-file', 'export default 1;').import('./lib/broken-file.js'));
      out.liveValues = globalThis[Symbol.for('modspace.live')]?.size ?? 0;
    `, mode);
    assert.is(out.created, true);
    assert.equal(
      { ...out.direct, cause: out.direct.cause?.name },
      {
        name: 'ModspaceError',
        code: 'ERR_MODSPACE_INVALID_OVERRIDE',
        message: `[modspace:esbuild-finds] source() override "./lib/config.js" has a syntax error at line 2, column 24 of its text: Unexpected token ';' (specifier "./lib/config.js")`,
        space: 'esbuild-finds',
        specifier: './lib/config.js',
        cause: 'SyntaxError',
      },
    );
    assert.is(out.imported.code, 'ERR_MODSPACE_INVALID_OVERRIDE');
    assert.match(out.imported.message, /source\(\) override "\.\/lib\/config\.js" has a syntax error at line 3, column 9 of its text: Unexpected token ','/);
    assert.is(out.imported.importer, path('uses-config.js'));
    assert.is(out.v8Only.code, 'ERR_MODSPACE_INVALID_OVERRIDE');
    assert.match(out.v8Only.message, /has a syntax error at line 2, column 1 of its text: Illegal return statement/);
    assert.is(out.inFile.name, 'SyntaxError');
    assert.is(out.inFile.code, undefined);
    assert.is(out.liveValues, 0);
  });

  test(`[${mode}] generated modules name their key: in stack frames and in modules()`, () => {
    const out = run('generated-key', `
      const space = new ModuleSpace({ name: 'keys', base: import.meta.url, overrides: {
        './lib/db.js': { query: () => { throw new Error('from the live value'); }, close: () => 0 },
        'node:os': partial({ hostname: () => 'stub' }),
        './lib/config.js': source('export default 1;\\nexport const fail = () => { throw new Error("from source"); };'),
      } });
      const app = await space.import('./lib/app.js');
      await space.import('node:os');
      const config = await space.import('./lib/config.js');
      try { config.fail(); } catch (e) { out.sourceFrame = e.stack.split('\\n')[1].trim(); }
      out.modules = space.modules().map((m) => ({ url: m.url.replace(/^file:.*\\/lib\\//, 'lib/'), file: m.file && m.file.replace(/^.*\\/lib\\//, 'lib/'), override: m.override }));
    `, mode);
    assert.match(out.sourceFrame, /^at Module\.fail \(modspace:\/\/\/\d+\/o\d+\/\.%2Flib%2Fconfig\.js\?modspace=s\d+\.g1:2:35\)$/);
    const byURL = Object.fromEntries(out.modules.map((m) => [m.url.replace(/^modspace:\/\/\/\d+\/o\d+\//, 'modspace:').replace(/\?modspace=.*$/, ''), m]));
    assert.equal(Object.keys(byURL).sort(), ['lib/app.js', 'modspace:.%2Flib%2Fconfig.js', 'modspace:.%2Flib%2Fdb.js', 'modspace:node:os']);
    assert.equal(byURL['lib/app.js'].override, null);
    assert.equal(byURL['modspace:.%2Flib%2Fdb.js'], { ...byURL['modspace:.%2Flib%2Fdb.js'], file: null, override: { key: './lib/db.js', kind: 'live' } });
    assert.equal(byURL['modspace:node:os'].override, { key: 'node:os', kind: 'partial' });
    assert.equal(byURL['modspace:.%2Flib%2Fconfig.js'].override, { key: './lib/config.js', kind: 'source' });
  });
}

test.after(() => removeProject(project));
test.run();
