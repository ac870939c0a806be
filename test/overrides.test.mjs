// Overrides: live values, redirects and source text, under every key form,
// matched wherever the space's modules import them from.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hookModes, makeProject, removeProject, runInProject } from './helpers.mjs';

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'node_modules/greeter/package.json': JSON.stringify({ name: 'greeter', type: 'module', exports: { '.': './index.js', './loud': './loud.js' } }),
  'node_modules/greeter/index.js': `export const greet = (n) => 'hello ' + n; export default 'greeter';`,
  'node_modules/greeter/loud.js': `export const greet = (n) => 'HELLO ' + n;`,
  'lib/db.js': `export const query = () => ['real']; export default { kind: 'real' };`,
  'lib/fake-db.js': `export const query = () => ['redirected']; export default { kind: 'redirected' };`,
  'lib/service.js': `
    import { query } from './db.js';
    import db from './db.js';
    import { greet } from 'greeter';
    import { readFileSync } from 'fs';
    import * as fsNs from 'node:fs';
    export const rows = query();
    export const dbKind = db.kind;
    export const greeting = greet('x');
    export const readType = typeof readFileSync;
    export const sameFs = fsNs.readFileSync === readFileSync;
  `,
  'lib/deep/nested.js': `export { rows } from '../db-user.js';`,
  'lib/db-user.js': `import { query } from './db.js'; export const rows = query();`,
  'lib/uses-virtual.js': `import { answer } from 'not-installed'; export { answer };`,
  'lib/uses-source.js': `import config from './generated-config.js'; export default config;`,
  'lib/helper.js': `export const helper = 'real helper';`,
  'lib/weird.js': `import * as ns from './db.js'; export const names = Object.keys(ns).sort();`,
});
const run = (name, body, mode) => runInProject(project, name, body, { mode });

for (const mode of hookModes) {
  test(`[${mode}] a live object becomes the module: named exports plus default`, () => {
    const out = run('live', `
      const fakeFs = { readFileSync: () => 'fake', extra: 1 };
      const space = new ModuleSpace({ base: import.meta.url, overrides: {
        './lib/db.js': { query: () => ['fake'], default: { kind: 'fake' } },
        'fs': fakeFs,
      } });
      const m = await space.import('./lib/service.js');
      out.rows = m.rows; out.dbKind = m.dbKind; out.readType = m.readType; out.sameFs = m.sameFs;
      const fsMod = await space.import('node:fs');
      out.fsDefaultIsObject = fsMod.default === fakeFs;
      out.fsNames = Object.keys(fsMod).sort();
      const plain = await import('./lib/service.js');
      out.plainRows = plain.rows;
    `, mode);
    assert.equal(out.rows, ['fake']);
    assert.is(out.dbKind, 'fake', 'an own `default` property is the default export');
    assert.is(out.readType, 'function');
    assert.is(out.sameFs, true, "'fs' and 'node:fs' are one override");
    assert.is(out.fsDefaultIsObject, true, 'without a default property the object is the default export');
    assert.equal(out.fsNames, ['default', 'extra', 'readFileSync']);
    assert.equal(out.plainRows, ['real'], 'modules outside the space are untouched');
  });

  test(`[${mode}] every key form matches the same target, from any importing file`, () => {
    const out = run('key-forms', `
      const { pathToFileURL } = await import('node:url');
      const dbPath = import.meta.dirname + '/lib/db.js';
      const forms = { relative: './lib/db.js', absolute: dbPath, fileURL: pathToFileURL(dbPath).href };
      out.rows = {};
      for (const [form, key] of Object.entries(forms)) {
        const space = new ModuleSpace({ base: import.meta.url, overrides: { [key]: { query: () => [form] } } });
        out.rows[form] = [(await space.import('./lib/deep/nested.js')).rows, (await space.import('./lib/db-user.js')).rows];
        await space.dispose();
      }
      const bare = new ModuleSpace({ base: import.meta.url, overrides: { greeter: { greet: () => 'stubbed' } } });
      out.bare = (await bare.import('./lib/service.js')).greeting;
      out.subpath = (await bare.import('greeter/loud')).greet('y');
    `, mode);
    assert.equal(out.rows, {
      relative: [['relative'], ['relative']],
      absolute: [['absolute'], ['absolute']],
      fileURL: [['fileURL'], ['fileURL']],
    });
    assert.is(out.bare, 'stubbed');
    assert.is(out.subpath, 'HELLO y', 'a package key overrides the file it resolves to, not its other subpaths');
  });

  test(`[${mode}] redirects: a string or redirect() loads another module in the space`, () => {
    const out = run('redirect', `
      const a = new ModuleSpace({ base: import.meta.url, overrides: { './lib/db.js': './lib/fake-db.js' } });
      const b = new ModuleSpace({ base: import.meta.url, overrides: { './lib/db.js': redirect('./lib/fake-db.js') } });
      const ma = await a.import('./lib/service.js');
      const mb = await b.import('./lib/service.js');
      out.rows = [ma.rows, mb.rows];
      out.resolved = a.resolve('./lib/db.js');
    `, mode);
    assert.equal(out.rows, [['redirected'], ['redirected']]);
    assert.match(out.resolved, /lib\/fake-db\.js\?modspace=s1\.g1$/);
  });

  test(`[${mode}] source text and virtual packages: modules that do not exist`, () => {
    const out = run('source', `
      const space = new ModuleSpace({ base: import.meta.url, overrides: {
        'not-installed': virtual({ answer: 42 }),
        './lib/generated-config.js': source("import { helper } from './helper.js'; export default { helper, url: import.meta.url };"),
      } });
      out.answer = (await space.import('./lib/uses-virtual.js')).answer;
      const config = (await space.import('./lib/uses-source.js')).default;
      out.helper = config.helper;
      out.url = config.url;
      space.fresh();
      out.freshIsNew = (await space.import('./lib/uses-source.js')).default !== config;
    `, mode);
    assert.is(out.answer, 42);
    assert.is(out.helper, 'real helper', "a source module's relative imports resolve beside its key");
    assert.match(out.url, /^modspace:\/\/\/1\/o\d+\/\.%2Flib%2Fgenerated-config\.js\?modspace=s1\.g1$/, 'the URL names the key');
    assert.is(out.freshIsNew, true, 'fresh() re-evaluates source modules too');
  });

  test(`[${mode}] a builtin overridden in a parent reaches children; unshared files stay per space`, () => {
    const out = run('builtin-delegation', `
      const parent = new ModuleSpace({ base: import.meta.url, overrides: { 'node:fs': { readFileSync: 1 } } });
      const child = parent.child();
      const own = parent.child({ overrides: { fs: { readFileSync: 'child' } } });
      out.child = (await child.import('node:fs')).readFileSync;
      out.own = (await own.import('node:fs')).readFileSync;
    `, mode);
    assert.is(out.child, 1, 'builtins are delegated to the parent, with its overrides');
    assert.is(out.own, 'child', "a child's own override wins");
  });

  test(`[${mode}] export names that are not identifiers are still exported`, () => {
    const out = run('names', `
      const space = new ModuleSpace({ base: import.meta.url, overrides: { './lib/db.js': { 'kebab-name': 1, 'with space': 2, class: 3 } } });
      out.names = (await space.import('./lib/weird.js')).names;
    `, mode);
    assert.equal(out.names, ['class', 'default', 'kebab-name', 'with space']);
  });

  test(`[${mode}] a JSON file overridden by a value, imported with type json`, () => {
    const out = run('json-override', `
      const { writeFileSync } = await import('node:fs');
      writeFileSync(import.meta.dirname + '/lib/settings.json', '{"mode":"real"}');
      const space = new ModuleSpace({ base: import.meta.url, overrides: { './lib/settings.json': { mode: 'fake' } } });
      out.mode = (await space.import('./lib/settings.json', { with: { type: 'json' } })).default.mode;
    `, mode);
    assert.is(out.mode, 'fake');
  });
}

test.after(() => removeProject(project));
test.run();
