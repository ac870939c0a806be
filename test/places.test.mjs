// Modules from places other than files on disk, through the public API in
// child processes, per hook path: memory roots, the ordered and editable
// roots list, transforms by extension (with source maps), and the checks on
// bad input. Archives and remote modules have their own test files.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hookModes, makeProject, removeProject, runInProject } from './helpers.mjs';

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'extra/ex.js': `export default 'extra folder';`,
  'odd #1/hash.js': `export default 'from a folder with # in its name';`,
  '100%/percent.js': `export default 'from a folder with % in its name';`,
  'extra/fib.js': `export const fib = () => 'fib from the extra folder';`,
  'node_modules/lodashish/package.json': JSON.stringify({ name: 'lodashish', type: 'module', main: 'index.js' }),
  'node_modules/lodashish/index.js': `export const id = (x) => x;`,
  'transforms/upper.cjs': `
    // A toy language: each line "say <text>" becomes an exported constant; the map points back at the line.
    exports.transform = (source, url) => {
      const lines = source.split('\\n').filter(Boolean);
      const code = lines.map((line, index) => line === 'fail' ? 'throw new Error("failed on purpose");' : 'export const line' + index + ' = ' + JSON.stringify(line.replace(/^say /, '').toUpperCase()) + ';').join('\\n');
      const mappings = lines.map((_, index) => (index === 0 ? 'AAAA' : 'AACA')).join(';');
      return { code: code + '\\nexport const from = ' + JSON.stringify(url) + ';', map: { version: 3, sources: [url], names: [], mappings } };
    };`,
  'transforms/plain.mjs': `export function transform(source) { return 'export default ' + JSON.stringify(source.trim()) + ';'; }`,
  'transforms/broken.cjs': `exports.transform = () => { throw new Error('cannot parse this'); };`,
  'transforms/no-export.cjs': `exports.other = 1;`,
  'pages/hello.up': `say hello\nsay world\n`,
  'pages/fails.up': `say first\nfail\n`,
});
const run = (name, body, mode) => runInProject(project, name, body, { mode });
const capture = `
  const capture = async (fn) => { try { await fn(); return 'no error'; } catch (e) { return { code: e.code, message: e.message, specifier: e.specifier }; } };
`;

const memoryFiles = `{
  'fib.js': "import { add } from './util/add.ts'; export const fib = (n) => (n < 2 ? n : add(fib(n - 1), fib(n - 2))); export const url = import.meta.url;",
  'util/add.ts': 'export const add = (a: number, b: number): number => a + b;\\nexport function fail(): never {\\n  throw new Error("thrown in memory");\\n}',
  'grok/package.json': JSON.stringify({ name: 'grok', exports: { '.': './main.js', './blah': './lib/blah.js' } }),
  'grok/main.js': "export default 'grok main';",
  'grok/lib/blah.js': "export { fail } from '../../util/add.ts'; export default 'blah';",
  'plain/blah.js': "export default 'plain blah';",
  'uses-installed.js': "export { id } from 'lodashish';",
  'config.json': '{ "answer": 42 }',
}`;

for (const mode of hookModes) {
  test(`[${mode}] memory roots: bare names, packages, subpaths, relative imports, TypeScript and JSON`, () => {
    const out = run('memory', `
      const space = new ModuleSpace({ base: import.meta.url, roots: [{ files: ${memoryFiles} }] });
      const { fib, url } = await space.import('fib');
      out.fib = fib(10);
      out.url = url;
      out.grok = (await space.import('grok')).default;
      const blah = await space.import('grok/blah');
      out.blah = blah.default;
      try { blah.fail(); } catch (e) { out.stack = e.stack.split('\\n')[1].trim(); }
      out.plain = (await space.import('plain/blah')).default;
      out.installed = typeof (await space.import('uses-installed')).id;
      out.json = (await space.import('config.json', { with: { type: 'json' } })).default.answer;
      out.resolved = space.resolve('grok/blah');
      const other = new ModuleSpace({ base: import.meta.url, roots: [{ files: ${memoryFiles} }] });
      out.otherURL = (await other.import('fib')).url;
    `, mode);
    assert.is(out.fib, 55);
    assert.match(out.url, /^memory:\/\/m\d+\/fib\.js\?modspace=s\d+\.g1$/);
    assert.is(out.grok, 'grok main');
    assert.is(out.blah, 'blah');
    // The TypeScript line (3), not the compiled one: the source map names the memory file.
    assert.match(out.stack, /memory:\/\/m\d+\/util\/add\.ts:3:\d+/);
    assert.is(out.plain, 'plain blah');
    assert.is(out.installed, 'function');
    assert.is(out.json, 42);
    assert.match(out.resolved, /^memory:\/\/m\d+\/grok\/lib\/blah\.js\?modspace=/);
    // Two spaces given the same files get two memory folders, two instances.
    assert.is.not(out.otherURL.split('?')[0], out.url.split('?')[0]);
  });

  test(`[${mode}] roots are searched in order and can be edited: add, insert, remove, set`, () => {
    const out = run('edit-roots', `
      ${capture}
      const space = new ModuleSpace({ base: import.meta.url, roots: [{ files: { 'fib.js': "export const fib = () => 'fib from memory';" } }] });
      out.first = (await space.import('fib')).fib();
      out.missing = await capture(() => space.import('ex'));
      out.added = space.roots.add('./extra');
      out.ex = (await space.import('ex')).default;
      out.list = space.roots.toArray();
      // Put the folder first: a new space generation sees the new order.
      space.roots.remove(out.added);
      space.roots.add('./extra', 0);
      space.fresh();
      out.reordered = (await space.import('fib')).fib();
      out.removedAgain = space.roots.remove('./extra');
      out.removeUnknown = space.roots.remove('./nowhere');
      space.fresh();
      out.afterRemove = (await space.import('fib')).fib();
      space.roots.set([]);
      out.length = space.roots.length;
      space.fresh();
      out.none = await capture(() => space.import('fib'));
      // Bad edits change nothing.
      space.roots.set(['./extra']);
      out.badAdd = await capture(() => space.roots.add('./not-a-folder'));
      out.badIndex = await capture(() => space.roots.add('./extra', 7));
      out.duplicate = await capture(() => space.roots.add('./extra'));
      out.badSet = await capture(() => space.roots.set(['./extra', 42]));
      out.afterBad = space.roots.toArray();
      // A child made now inherits the edited list; later edits of the parent do not reach it.
      const child = space.child();
      space.roots.set([]);
      out.childRoots = child.roots.toArray();
    `, mode);
    assert.is(out.first, 'fib from memory');
    assert.is(out.missing.code, 'ERR_MODULE_NOT_FOUND');
    assert.match(out.added, /^file:.*\/extra\/$/);
    assert.is(out.ex, 'extra folder');
    assert.is(out.list.length, 2);
    assert.match(out.list[0], /^memory:\/\/m\d+\/$/);
    assert.is(out.reordered, 'fib from the extra folder');
    assert.is(out.removedAgain, true);
    assert.is(out.removeUnknown, false);
    assert.is(out.afterRemove, 'fib from memory');
    assert.is(out.length, 0);
    assert.is(out.none.code, 'ERR_MODULE_NOT_FOUND');
    for (const key of ['badAdd', 'badIndex', 'duplicate', 'badSet']) assert.is(out[key].code, 'ERR_MODSPACE_INVALID_OPTION', key);
    assert.match(out.badAdd.message, /not-a-folder is neither a folder nor an archive/);
    assert.match(out.duplicate.message, /already a root/);
    assert.match(out.badSet.message, /roots\[1\]/);
    assert.equal(out.afterBad.length, 1);
    assert.match(out.afterBad[0], /\/extra\/$/);
    assert.equal(out.childRoots, out.afterBad);
  });

  test(`[${mode}] relative roots are paths: # and % in folder names are characters`, () => {
    const out = run('odd-roots', `
      const space = new ModuleSpace({ base: import.meta.url, roots: ['./odd #1', './100%/'] });
      out.hash = (await space.import('hash')).default;
      out.percent = (await space.import('percent')).default;
      out.removed = space.roots.remove('./odd #1');
      out.left = space.roots.toArray();
    `, mode);
    assert.is(out.hash, 'from a folder with # in its name');
    assert.is(out.percent, 'from a folder with % in its name');
    assert.is(out.removed, true);
    assert.equal(out.left.map((url) => url.slice(url.lastIndexOf('/', url.length - 2))), ['/100%25/']);
  });

  test(`[${mode}] transforms by extension, from disk and from memory, with source maps`, () => {
    const out = run('transforms', `
      ${capture}
      const space = new ModuleSpace({
        base: import.meta.url,
        transforms: { '.up': './transforms/upper.cjs', '.txt': './transforms/plain.mjs' },
        roots: [{ files: { 'notes.txt': '  remember the milk  ', 'memo.up': 'say from memory' } }],
      });
      const page = await space.import('./pages/hello.up');
      out.page = [page.line0, page.line1];
      out.from = page.from;
      out.notes = (await space.import('notes.txt')).default;
      const memo = await space.import('memo.up');
      out.memo = memo.line0;
      out.memoFrom = memo.from;
      try { await space.import('./pages/fails.up'); } catch (e) { out.stack = e.stack.split('\\n')[1].trim(); }
      // Another space without the transform does not know the extension.
      const bare = new ModuleSpace({ base: import.meta.url });
      out.bare = await capture(() => bare.import('./pages/hello.up'));
      // A child inherits its parent's transforms.
      out.child = (await space.child().import('./pages/hello.up')).line1;
    `, mode);
    assert.equal(out.page, ['HELLO', 'WORLD']);
    // The transform sees the module's URL without the space token.
    assert.match(out.from, /^file:.*\/pages\/hello\.up$/);
    assert.is(out.notes, 'remember the milk');
    assert.is(out.memo, 'FROM MEMORY');
    assert.match(out.memoFrom, /^memory:\/\/m\d+\/memo\.up$/);
    // Line 2 of the original file, through the transform's map.
    assert.match(out.stack, /pages\/fails\.up:2:\d+/);
    assert.ok(out.bare.code === 'ERR_UNKNOWN_FILE_EXTENSION', JSON.stringify(out.bare));
    assert.is(out.child, 'WORLD');
  });

  test(`[${mode}] policies: the space's own memory root is its code; its imports are judged like any module's`, () => {
    const out = run('memory-policy', `
      ${capture}
      const files = { 'app.js': "import { add } from './add.js'; import { join } from 'node:path'; export default add(1, 2) + join('a', 'b');", 'add.js': 'export const add = (a, b) => a + b;', 'sneaky.js': "import 'node:fs';", 'pkg.js': "import 'lodashish';" };
      const allowList = new ModuleSpace({ base: import.meta.url, roots: [{ files }], policy: { allow: ['node:path'] } });
      out.allowed = (await allowList.import('app')).default;
      out.sneaky = await capture(() => allowList.import('sneaky'));
      out.pkg = await capture(() => allowList.import('pkg'));
      const denyList = new ModuleSpace({ base: import.meta.url, roots: [{ files }], policy: { deny: ['node:fs'] } });
      out.denied = await capture(() => denyList.import('sneaky'));
      out.pkgOk = await capture(() => denyList.import('pkg'));
    `, mode);
    assert.is(out.allowed, '3a/b');
    assert.is(out.sneaky.code, 'ERR_MODSPACE_DENIED');
    assert.match(out.sneaky.message, /not in allow list: node:fs/);
    assert.is(out.pkg.code, 'ERR_MODSPACE_DENIED');
    assert.is(out.denied.code, 'ERR_MODSPACE_DENIED');
    assert.match(out.denied.message, /deny: node:fs/);
    assert.is(out.pkgOk, 'no error');
  });

  test(`[${mode}] bad roots, transforms and memory files fail with ERR_MODSPACE_INVALID_OPTION and leave nothing`, () => {
    const out = run('bad-places', `
      ${capture}
      const make = (options) => capture(() => new ModuleSpace({ base: import.meta.url, ...options }));
      out.memoryAbsolute = await make({ roots: [{ files: { '/etc/passwd': 'x' } }] });
      out.memoryDots = await make({ roots: [{ files: { '../up.js': 'x' } }] });
      out.memoryNotText = await make({ roots: [{ files: { 'a.js': 42 } }] });
      out.memoryTypo = await make({ roots: [{ file: {} }] });
      out.remoteQuery = await make({ roots: ['https://example.com/mods/?x=1'] });
      out.transformKey = await make({ transforms: { up: './transforms/upper.cjs' } });
      out.transformMissing = await make({ transforms: { '.up': './transforms/nowhere.cjs' } });
      out.transformNoExport = await make({ transforms: { '.up': './transforms/no-export.cjs' } });
      out.transformType = await make({ transforms: { '.up': 42 } });
      const space = new ModuleSpace({ base: import.meta.url, transforms: { '.up': './transforms/broken.cjs' } });
      out.broken = await capture(() => space.import('./pages/hello.up'));
    `, mode);
    for (const key of ['memoryAbsolute', 'memoryDots', 'memoryNotText', 'memoryTypo', 'remoteQuery', 'transformKey', 'transformMissing', 'transformNoExport', 'transformType']) {
      assert.is(out[key].code, 'ERR_MODSPACE_INVALID_OPTION', `${key}: ${JSON.stringify(out[key])}`);
    }
    assert.match(out.memoryDots.message, /not a relative file path/);
    assert.match(out.memoryTypo.message, /did you mean "files"/);
    assert.match(out.transformNoExport.message, /does not export a function transform/);
    assert.is(out.broken.code, 'ERR_MODSPACE_TRANSFORM');
    assert.match(out.broken.message, /hello\.up failed: cannot parse this/);
  });
}

test.after(() => removeProject(project));
test.run();
