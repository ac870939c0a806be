// Remote modules end to end, through the public API (ModuleSpace,
// invalidateCaches) in child processes, per hook path: roots on a web server,
// packages and subpaths there, TypeScript and JSON, the allow list and the
// https rule, the rule that keeps remote code away from local modules, every
// fetch fault with its code (and nothing cached after it), the lockfile and
// the disk cache (offline from it in another process), bad options, explain,
// children and runtime roots. The importing thread blocks while it fetches, so
// the server runs in a process of its own (test/fixtures/remote-server.mjs).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixtures, hookModes, makeProject, modspaceURL, removeProject, runInProject, startRemoteServer } from './helpers.mjs';

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'local.js': `export const load = (url) => import(url);\nexport const where = import.meta.url;\n`,
  'secret.js': `export default 'a local secret';\n`,
  'node_modules/lodashish/package.json': JSON.stringify({ name: 'lodashish', type: 'module', main: 'index.js' }),
  'node_modules/lodashish/index.js': `export const id = (x) => x;\n`,
}, 'modspace-remote-app-');
const secretURL = pathToFileURL(join(project, 'secret.js')).href;

/** The files the server serves, path → text; the tests hash them to check the lockfile. */
const servedFiles = {
  'fib.js': [
    "import { add, url as addURL } from './lib/add.js';",
    'export const fib = (n) => (n < 2 ? n : add(fib(n - 1), fib(n - 2)));',
    'export const url = import.meta.url;',
    'export { addURL };',
    '',
  ].join('\n'),
  'lib/add.js': 'export const add = (a, b) => a + b;\nexport const url = import.meta.url;\n',
  'pkg/package.json': JSON.stringify({ name: 'pkg', type: 'module', exports: { '.': './main.js', './extra': './lib/extra.js' } }),
  'pkg/main.js': "export { extra } from './lib/extra.js';\nexport default 'pkg main';\nexport const url = import.meta.url;\n",
  'pkg/lib/extra.js': "export const extra = 'pkg extra';\nexport const url = import.meta.url;\n",
  'grok/package.json': JSON.stringify({ name: 'grok', type: 'module' }),
  'grok/index.js': "export default 'grok index';\n",
  'grok/blah.js': "export default 'grok blah';\nexport const url = import.meta.url;\n",
  // Line 6 throws: the stack must name this line of the .ts file, not of the compiled JavaScript.
  'typed.ts': [
    'interface Shape { sides: number }',
    'export const square: Shape = { sides: 4 };',
    'export const url: string = import.meta.url;',
    'export function fail(reason: string): never {',
    '  const message: string = `typed failure: ${reason}`;',
    '  throw new Error(message);',
    '}',
    '',
  ].join('\n'),
  'data.json': '{ "answer": 42, "list": [1, 2, 3] }\n',
  'x.js': "export default 'x, imported by a local module';\nexport const url = import.meta.url;\n",
  'a.js': "export default 'a';\n",
  // /same-origin.js redirects here (a route of the fixture server): its relative import resolves against this URL.
  'dir/target.js': "export { add } from '../lib/add.js';\nexport const url = import.meta.url;\n",
  'b.js': "export default 'b';\n",
  'evil/fs.js': "import { readFileSync } from 'node:fs';\nexport const kind = typeof readFileSync;\n",
  'evil/file.js': `export { default } from ${JSON.stringify(secretURL)};\n`,
  'evil/bare.js': "import { id } from 'lodashish';\nexport const kind = typeof id;\n",
  'evil/child-process.js': "export { spawn } from 'node:child_process';\n",
};
const served = makeProject(servedFiles, 'modspace-remote-served-');
const sha384 = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

const startServer = () => startRemoteServer(served);

let server;
let counter = 0;
/** A new folder inside the project, for a lockfile or a cache of one scenario. */
const folder = (name) => {
  const path = join(project, 'work', `${name}-${++counter}`);
  mkdirSync(path, { recursive: true });
  return path;
};
/** Every file below `dir`, as relative paths. */
const filesIn = (dir) => (existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath ?? entry.path, entry.name).slice(dir.length + 1)).sort() : []);

const run = (name, body, mode) => runInProject(project, name, body, { mode });
const capture = `
  const capture = async (fn) => {
    try { await fn(); return 'no error'; } catch (e) { return { code: e.code, message: e.message, specifier: e.specifier, stack: e.stack }; }
  };
`;

test.before(async () => {
  server = await startServer();
});

test.after(async () => {
  await server?.stop();
  removeProject(project);
  removeProject(served);
});

for (const mode of hookModes) {
  test(`[${mode}] a remote root: files, packages, subpaths, relative imports, TypeScript with source maps, JSON, absolute URLs`, () => {
    const lockfile = join(folder('lock'), 'modspace.lock.json');
    const cache = folder('cache');
    const { origin } = server;
    const out = run('remote-root', `
      const origin = ${JSON.stringify(origin)};
      const space = new ModuleSpace({
        base: import.meta.url,
        roots: [origin + '/'],
        remote: { allow: [origin], lockfile: ${JSON.stringify(lockfile)}, writeLockfile: true, cache: ${JSON.stringify(cache)} },
      });
      const fib = await space.import('fib');
      out.fib = fib.fib(20);
      out.fibURL = fib.url;
      out.addURL = fib.addURL;
      const pkg = await space.import('pkg');
      out.pkg = [pkg.default, pkg.extra, pkg.url];
      const extra = await space.import('pkg/extra');
      out.extra = [extra.extra, extra.url];
      out.grok = (await space.import('grok')).default;
      const blah = await space.import('grok/blah');
      out.blah = [blah.default, blah.url];
      const typed = await space.import('typed');
      out.typed = [typed.square.sides, typed.url];
      try { typed.fail('on purpose'); } catch (e) { out.typedError = { message: e.message, frame: e.stack.split('\\n')[1].trim() }; }
      const data = await space.import('data.json', { with: { type: 'json' } });
      out.data = data.default;
      const local = await space.import('./local.js');
      const x = await local.load(origin + '/x.js');
      out.x = [x.default, x.url];
      out.localURL = local.where;
    `, mode);
    const url = (path) => new RegExp(`^${origin.replaceAll('.', '\\.')}/${path.replaceAll('.', '\\.')}\\?modspace=s\\d+\\.g\\d+$`);
    assert.is(out.fib, 6765);
    assert.match(out.fibURL, url('fib.js'));
    // A relative import of a remote module is remote too, from the same server.
    assert.match(out.addURL, url('lib/add.js'));
    assert.is(out.pkg[0], 'pkg main');
    assert.is(out.pkg[1], 'pkg extra');
    assert.match(out.pkg[2], url('pkg/main.js'));
    assert.is(out.extra[0], 'pkg extra');
    assert.match(out.extra[1], url('pkg/lib/extra.js'));
    assert.is(out.grok, 'grok index');
    assert.is(out.blah[0], 'grok blah');
    assert.match(out.blah[1], url('grok/blah.js'));
    assert.is(out.typed[0], 4);
    assert.match(out.typed[1], url('typed.ts'));
    assert.is(out.typedError.message, 'typed failure: on purpose');
    // Line 6 of typed.ts, through the source map of the compiled module.
    assert.match(out.typedError.frame, new RegExp(`${origin.replaceAll('.', '\\.')}/typed\\.ts(\\?[^:]*)?:6:\\d+`));
    assert.equal(out.data, { answer: 42, list: [1, 2, 3] });
    assert.is(out.x[0], 'x, imported by a local module');
    assert.match(out.x[1], url('x.js'));
    assert.match(out.localURL, /^file:.*\/local\.js\?modspace=/);
  });

  test(`[${mode}] nothing remote is allowed by default, and plain http only to loopback hosts`, () => {
    const { origin } = server;
    const out = run('not-allowed', `
      ${capture}
      const origin = ${JSON.stringify(origin)};
      const plain = new ModuleSpace({ base: import.meta.url });
      out.absolute = await capture(() => plain.import(origin + '/a.js'));
      const viaRoot = new ModuleSpace({ base: import.meta.url, roots: [origin + '/'] });
      out.root = await capture(() => viaRoot.import('a'));
      out.explained = viaRoot.explain('a');
      const local = await plain.import('./local.js');
      out.fromLocal = await capture(() => local.load(origin + '/a.js'));
      const other = new ModuleSpace({ base: import.meta.url, remote: { allow: [${JSON.stringify(server.otherOrigin)}] } });
      out.otherOrigin = await capture(() => other.import(origin + '/a.js'));
      const insecure = new ModuleSpace({ base: import.meta.url, remote: { allow: ['http://example.com'] } });
      out.insecure = await capture(() => insecure.import('http://example.com/x.js'));
    `, mode);
    for (const key of ['absolute', 'root', 'fromLocal', 'otherOrigin']) {
      assert.is(out[key].code, 'ERR_MODSPACE_REMOTE_ORIGIN', `${key}: ${JSON.stringify(out[key])}`);
      assert.match(out[key].message, origin);
    }
    assert.match(out.absolute.message, /allowed origins: none/);
    assert.is(out.explained.url, null);
    assert.is(out.explained.error.code, 'ERR_MODSPACE_REMOTE_ORIGIN');
    assert.match(out.otherOrigin.message, server.otherOrigin);
    assert.is(out.insecure.code, 'ERR_MODSPACE_REMOTE_INSECURE', JSON.stringify(out.insecure));
    assert.match(out.insecure.message, 'http://example.com/x.js');
    assert.match(out.insecure.message, /use https/);
  });

  test(`[${mode}] remote code may not import local modules unless remote.allowLocal`, () => {
    const { origin } = server;
    const cache = folder('cache');
    const out = run('allow-local', `
      ${capture}
      const origin = ${JSON.stringify(origin)};
      const make = (allowLocal) => new ModuleSpace({ base: import.meta.url, roots: [origin + '/'], remote: { allow: [origin], cache: ${JSON.stringify(cache)}, allowLocal } });
      const strict = make(undefined);
      for (const name of ['fs', 'file', 'bare']) out['strict-' + name] = await capture(() => strict.import(origin + '/evil/' + name + '.js'));
      // A remote module may still import other remote modules.
      out.remoteOK = (await strict.import('fib')).fib(10);
      const open = make(true);
      out.fs = (await open.import(origin + '/evil/fs.js')).kind;
      out.file = (await open.import(origin + '/evil/file.js')).default;
      out.bare = (await open.import(origin + '/evil/bare.js')).kind;
    `, mode);
    for (const name of ['fs', 'file', 'bare']) {
      const error = out[`strict-${name}`];
      assert.is(error.code, 'ERR_MODSPACE_DENIED', `${name}: ${JSON.stringify(error)}`);
      assert.match(error.message, 'remote code may not import local modules');
      assert.match(error.message, 'allowLocal');
    }
    assert.is(out.remoteOK, 55);
    assert.is(out.fs, 'function');
    assert.is(out.file, 'a local secret');
    assert.is(out.bare, 'function');
  });

  test(`[${mode}] every fetch fault has its own code, names the URL, and leaves nothing in the cache`, () => {
    const { origin } = server;
    const wrongPins = join(folder('lock'), 'modspace.lock.json');
    writeFileSync(wrongPins, `${JSON.stringify({ version: 1, remote: { [`${origin}/a.js`]: sha384('something else') } }, null, 2)}\n`);
    const emptyPins = join(folder('lock'), 'modspace.lock.json');
    writeFileSync(emptyPins, `${JSON.stringify({ version: 1, remote: {} })}\n`);
    const cases = [
      ['slow', '/slow.js', { timeout: 300 }, 'ERR_MODSPACE_REMOTE_TIMEOUT', /took longer than 300 ms/],
      ['big-length', '/big-length.js', { maxBytes: 1000 }, 'ERR_MODSPACE_REMOTE_TOO_LARGE', /larger than the limit of 1000 bytes/],
      ['big-chunked', '/big-chunked.js', { maxBytes: 1000 }, 'ERR_MODSPACE_REMOTE_TOO_LARGE', /larger than the limit of 1000 bytes/],
      ['cross-origin', '/cross-origin.js', {}, 'ERR_MODSPACE_REMOTE_REDIRECT', new RegExp(`redirected to ${server.otherOrigin}/a\\.js`)],
      ['loop', '/loop.js', { maxRedirects: 2 }, 'ERR_MODSPACE_REMOTE_REDIRECT', /more than 2 redirects/],
      ['html', '/html.js', {}, 'ERR_MODSPACE_REMOTE_CONTENT_TYPE', /text\/html/],
      ['cut', '/cut.js', {}, 'ERR_MODSPACE_REMOTE_INCOMPLETE', /closed after \d+ of 1000 bytes/],
      ['missing', '/not-there.js', {}, 'ERR_MODSPACE_REMOTE_NOT_FOUND', /not found/],
      ['gone', '/gone.js', {}, 'ERR_MODSPACE_REMOTE_NOT_FOUND', /HTTP 410/],
      ['status', '/error.js', {}, 'ERR_MODSPACE_REMOTE_STATUS', /HTTP 500/],
      ['integrity', '/a.js', { lockfile: wrongPins }, 'ERR_MODSPACE_INTEGRITY', /does not match lockfile/],
      ['unlocked', '/b.js', { lockfile: emptyPins, writeLockfile: false }, 'ERR_MODSPACE_UNLOCKED', /is not in lockfile/],
    ].map(([name, path, options, code, message]) => ({ name, url: origin + path, options, code, message, cache: folder(`cache-${name}`) }));
    const out = run('faults', `
      ${capture}
      const cases = ${JSON.stringify(cases.map(({ name, url, options, cache }) => ({ name, url, options, cache })))};
      for (const { name, url, options, cache } of cases) {
        const space = new ModuleSpace({ base: import.meta.url, remote: { allow: [${JSON.stringify(origin)}], cache, ...options } });
        out[name] = await capture(() => space.import(url));
      }
      // The pins of the lockfile that refused are unchanged, and the one without pins got none.
      const { readFileSync } = await import('node:fs');
      out.wrongPins = JSON.parse(readFileSync(${JSON.stringify(wrongPins)}, 'utf8'));
      out.emptyPins = JSON.parse(readFileSync(${JSON.stringify(emptyPins)}, 'utf8'));
    `, mode);
    for (const { name, url, code, message, cache } of cases) {
      const error = out[name];
      assert.is(error.code, code, `${name}: ${JSON.stringify(error)}`);
      assert.match(error.message, url, `${name} names the URL`);
      assert.match(error.message, message, name);
      assert.not.ok(existsSync(join(cache, 'urls', `${sha256(url)}.json`)), `${name}: no index entry`);
      assert.equal(filesIn(join(cache, 'blobs')), [], `${name}: no blob`);
      assert.equal(filesIn(cache), [], `${name}: nothing at all`);
    }
    assert.equal(out.wrongPins.remote, { [`${origin}/a.js`]: sha384('something else') });
    assert.equal(out.emptyPins.remote, {});
  });

  test(`[${mode}] the lockfile is written sorted with sha384 pins; another process runs offline from the cache`, async () => {
    const own = await startServer();
    const lockfile = join(folder('lock'), 'modspace.lock.json');
    const cache = folder('cache');
    const remote = (extra) => `{ allow: [${JSON.stringify(own.origin)}], lockfile: ${JSON.stringify(lockfile)}, cache: ${JSON.stringify(cache)}, ${extra} }`;
    let first;
    try {
      first = run('lock-online', `
        const space = new ModuleSpace({ base: import.meta.url, roots: [${JSON.stringify(own.origin + '/')}], remote: ${remote('writeLockfile: true')} });
        out.fib = (await space.import('fib')).fib(12);
        out.blah = (await space.import('grok/blah')).default;
        out.typed = (await space.import('typed')).square.sides;
        const redirected = await space.import(${JSON.stringify(own.origin + '/same-origin.js')});
        out.redirected = [redirected.url, redirected.add(2, 3)];
      `, mode);
    } finally {
      await own.stop();
    }
    assert.is(first.fib, 144);
    assert.is(first.blah, 'grok blah');
    assert.is(first.typed, 4);
    // A redirect names the module's real URL, which its relative imports resolve against.
    assert.match(first.redirected[0], new RegExp(`^${own.origin.replaceAll('.', '\\.')}/dir/target\\.js\\?modspace=`));
    assert.is(first.redirected[1], 5);
    const text = readFileSync(lockfile, 'utf8');
    const lock = JSON.parse(text);
    assert.is(text, `${JSON.stringify(lock, null, 2)}\n`, '2-space JSON with a final newline');
    assert.is(lock.version, 1);
    const urls = Object.keys(lock.remote);
    assert.equal(urls, [...urls].sort(), 'sorted keys');
    // The URL asked for is pinned (to the bytes it redirected to), and so is the one it redirected to.
    assert.is(lock.remote[`${own.origin}/same-origin.js`], sha384(servedFiles['dir/target.js']));
    for (const path of ['fib.js', 'lib/add.js', 'grok/package.json', 'grok/blah.js', 'typed.ts', 'dir/target.js']) {
      assert.is(lock.remote[`${own.origin}/${path}`], sha384(servedFiles[path]), `${path} pinned to the sha384 of its content`);
    }
    for (const [url, integrity] of Object.entries(lock.remote)) {
      assert.ok(url.startsWith(`${own.origin}/`), url);
      const path = url.slice(own.origin.length + 1);
      assert.is(integrity, sha384(servedFiles[path === 'same-origin.js' ? 'dir/target.js' : path]), url);
      // And the cache holds it, content-addressed.
      assert.ok(existsSync(join(cache, 'urls', `${sha256(url)}.json`)), `cached: ${url}`);
      assert.ok(existsSync(join(cache, 'blobs', Buffer.from(integrity.slice(7), 'base64').toString('hex'))), `blob of ${url}`);
    }

    // The server is gone: a new process reads what the lockfile pins from the cache.
    const out = run('lock-offline', `
      ${capture}
      const { invalidateCaches } = await import(${JSON.stringify(modspaceURL)});
      const { readdirSync } = await import('node:fs');
      const make = () => new ModuleSpace({ base: import.meta.url, roots: [${JSON.stringify(own.origin + '/')}], remote: ${remote('offline: true')} });
      const space = make();
      out.fib = (await space.import('fib')).fib(12);
      out.blah = (await space.import('grok/blah')).default;
      out.typed = (await space.import('typed')).square.sides;
      const redirected = await space.import(${JSON.stringify(own.origin + '/same-origin.js')});
      out.redirected = [redirected.url, redirected.add(2, 3)];
      out.never = await capture(() => space.import('never-fetched'));
      out.neverAbsolute = await capture(() => space.import(${JSON.stringify(own.origin + '/never.js')}));
      out.before = readdirSync(${JSON.stringify(cache)}, { recursive: true }).length > 0;
      invalidateCaches({ disk: true });
      out.after = readdirSync(${JSON.stringify(cache)}, { recursive: true });
      out.emptied = await capture(() => make().import('fib'));
      out.badArgument = await capture(() => invalidateCaches('disk'));
      out.badDisk = await capture(() => invalidateCaches({ disk: 'yes' }));
      out.typo = await capture(() => invalidateCaches({ dsik: true }));
    `, mode);
    assert.is(out.fib, 144);
    assert.is(out.blah, 'grok blah');
    assert.is(out.typed, 4);
    assert.equal(out.redirected, first.redirected, 'the redirect is remembered by the cache');
    for (const key of ['never', 'neverAbsolute']) {
      assert.is(out[key].code, 'ERR_MODSPACE_OFFLINE', `${key}: ${JSON.stringify(out[key])}`);
      assert.match(out[key].message, /not in the cache/);
    }
    assert.match(out.neverAbsolute.message, `${own.origin}/never.js`);
    assert.ok(out.before);
    assert.equal(out.after, []);
    assert.is(out.emptied.code, 'ERR_MODSPACE_OFFLINE', JSON.stringify(out.emptied));
    for (const key of ['badArgument', 'badDisk', 'typo']) assert.is(out[key].code, 'ERR_MODSPACE_INVALID_OPTION', `${key}: ${JSON.stringify(out[key])}`);
    assert.match(out.typo.message, /did you mean "disk"/);
    // The lockfile is untouched by all that.
    assert.is(readFileSync(lockfile, 'utf8'), text);
  });

  test(`[${mode}] bad remote options fail with ERR_MODSPACE_INVALID_OPTION naming the option`, () => {
    const out = run('bad-remote', `
      ${capture}
      const make = (remote) => capture(() => new ModuleSpace({ base: import.meta.url, remote }));
      out.notObject = await make('https://example.com');
      out.path = await make({ allow: ['https://example.com/modules/'] });
      out.notOrigin = await make({ allow: ['example.com'] });
      out.ftp = await make({ allow: ['https://example.com', 'ftp://example.com'] });
      out.notArray = await make({ allow: 'https://example.com' });
      out.timeout = await make({ allow: ['https://example.com'], timeout: 0 });
      out.maxBytes = await make({ maxBytes: 1.5 });
      out.maxRedirects = await make({ maxRedirects: -1 });
      out.offline = await make({ offline: 'yes' });
      out.cache = await make({ cache: 42 });
      out.typo = await make({ alow: ['https://example.com'] });
      out.unknown = await make({ allow: [], whatever: 1 });
      out.zeroRedirects = await make({ allow: ['https://example.com'], maxRedirects: 0 });
    `, mode);
    const expect = {
      notObject: 'remote', path: 'remote.allow[0]', notOrigin: 'remote.allow[0]', ftp: 'remote.allow[1]', notArray: 'remote.allow',
      timeout: 'remote.timeout', maxBytes: 'remote.maxBytes', maxRedirects: 'remote.maxRedirects', offline: 'remote.offline', cache: 'remote.cache',
    };
    for (const [key, option] of Object.entries(expect)) {
      assert.is(out[key].code, 'ERR_MODSPACE_INVALID_OPTION', `${key}: ${JSON.stringify(out[key])}`);
      assert.match(out[key].message, `"${option}"`, key);
    }
    assert.match(out.path.message, /must be an origin/);
    assert.match(out.timeout.message, /positive integer/);
    assert.is(out.typo.code, 'ERR_MODSPACE_INVALID_OPTION');
    assert.match(out.typo.message, /Unknown remote option "alow": did you mean "allow"\?/);
    assert.is(out.unknown.code, 'ERR_MODSPACE_INVALID_OPTION');
    assert.match(out.unknown.message, /"whatever"/);
    assert.is(out.zeroRedirects, 'no error', 'no redirects at all is a valid choice');
  });

  test(`[${mode}] explain names the remote URL; a child inherits roots and remote; roots.add() takes a server at runtime`, () => {
    const { origin } = server;
    const cache = folder('cache');
    const out = run('explain-child', `
      ${capture}
      const origin = ${JSON.stringify(origin)};
      const remote = { allow: [origin], cache: ${JSON.stringify(cache)} };
      const space = new ModuleSpace({ base: import.meta.url, roots: [origin + '/'], remote });
      out.explain = space.explain('fib');
      out.explainBlah = space.explain('grok/blah');
      const child = space.child();
      out.childRoots = child.roots.toArray();
      out.childFib = (await child.import('fib')).url;
      // Defaults: the cache in node_modules/.cache/modspace and, with lockfile: true, modspace.lock.json, beside base.
      const late = new ModuleSpace({ base: new URL('./defaults/', import.meta.url), remote: { allow: [origin], lockfile: true, writeLockfile: true } });
      out.before = await capture(() => late.import('fib'));
      out.added = late.roots.add(origin);
      out.lateFib = (await late.import('fib')).fib(7);
      out.lateURL = (await late.import('grok/blah')).url;
    `, mode);
    assert.is(out.explain.rule, 'space');
    assert.match(out.explain.url, new RegExp(`^${origin.replaceAll('.', '\\.')}/fib\\.js\\?modspace=`));
    assert.is(out.explain.error, undefined);
    assert.match(out.explainBlah.url, new RegExp(`^${origin.replaceAll('.', '\\.')}/grok/blah\\.js\\?modspace=`));
    assert.equal(out.childRoots, [`${origin}/`]);
    assert.match(out.childFib, new RegExp(`^${origin.replaceAll('.', '\\.')}/fib\\.js\\?modspace=`));
    assert.is(out.before.code, 'ERR_MODULE_NOT_FOUND', JSON.stringify(out.before));
    assert.is(out.added, `${origin}/`);
    assert.is(out.lateFib, 13);
    assert.match(out.lateURL, new RegExp(`^${origin.replaceAll('.', '\\.')}/grok/blah\\.js\\?modspace=`));
    const defaults = join(project, 'defaults');
    assert.ok(existsSync(join(defaults, 'node_modules', '.cache', 'modspace', 'urls', `${sha256(`${origin}/fib.js`)}.json`)), 'default cache folder');
    assert.is(JSON.parse(readFileSync(join(defaults, 'modspace.lock.json'), 'utf8')).remote[`${origin}/fib.js`], sha384(servedFiles['fib.js']));
  });

  test(`[${mode}] a reused keep-alive socket answering garbage is retried once on a new connection; a new one answering garbage fails`, async () => {
    // The raw server answers the first request of each connection, and garbage to every later one on it.
    const own = await startServer();
    const raw = own.rawOrigin;
    let out;
    let counts;
    try {
      out = run('stale-socket', `
        ${capture}
        const raw = ${JSON.stringify(raw)};
        const space = new ModuleSpace({ base: import.meta.url, remote: { allow: [raw], cache: false } });
        out.first = (await space.import(raw + '/first.js')).default;
        // Same connection, from the pool: garbage, then one retry on a new connection.
        out.reused = (await space.import(raw + '/reused.js')).default;
        // Nothing pooled any more: a new connection, answered with garbage, is an error at once.
        out.fresh = await capture(() => space.import(raw + '/always-garbage.js'));
        out.third = (await space.import(raw + '/third.js')).default;
        // Pooled again: the retry answers garbage too, and that is the end of it.
        out.twice = await capture(() => space.import(raw + '/always-garbage.js?again'));
      `, mode);
      counts = await (await fetch(`${raw}/requests`)).json();
    } finally {
      await own.stop();
    }
    assert.is(out.first, '/first.js');
    assert.is(out.reused, '/reused.js');
    assert.is(out.third, '/third.js');
    for (const [key, url] of [['fresh', `${raw}/always-garbage.js`], ['twice', `${raw}/always-garbage.js?again`]]) {
      assert.is(out[key].code, 'ERR_MODSPACE_REMOTE_INCOMPLETE', `${key}: ${JSON.stringify(out[key])}`);
      assert.match(out[key].message, url);
      assert.match(out[key].message, /Parse Error/);
    }
    assert.equal(counts, { '/first.js': 1, '/reused.js': 2, '/always-garbage.js': 1, '/third.js': 1, '/always-garbage.js?again': 2 });
  });

  test(`[${mode}] the space's policy applies to remote modules too`, () => {
    const { origin } = server;
    const out = run('remote-policy', `
      ${capture}
      const origin = ${JSON.stringify(origin)};
      const space = new ModuleSpace({ base: import.meta.url, policy: { deny: ['node:child_process'] }, remote: { allow: [origin], cache: false, allowLocal: true } });
      out.denied = await capture(() => space.import(origin + '/evil/child-process.js'));
      out.allowed = (await space.import(origin + '/evil/fs.js')).kind;
    `, mode);
    assert.is(out.denied.code, 'ERR_MODSPACE_DENIED', JSON.stringify(out.denied));
    assert.match(out.denied.message, 'node:child_process');
    assert.is(out.allowed, 'function');
  });
}

test.run();
