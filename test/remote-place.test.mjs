// Remote modules: the checked fetch through the synchronous worker bridge,
// the lockfile, the disk cache and the remote place. The code under test
// blocks this thread while it fetches, so the test server runs in a child
// process (test/fixtures/remote-server.mjs), on two ports: two origins.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtures, makeProject, removeProject, startRemoteServer } from './helpers.mjs';
import { forgetRemote, readRemote, remotePlace } from '../dist/core/places/remote.js';
import { blobPath, indexPath } from '../dist/core/remote/cache.js';
import { acceptedTypes } from '../dist/core/remote/content-types.js';
import { flushLockfiles } from '../dist/core/remote/lockfile.js';
import { DEFAULT_REMOTE } from '../dist/core/remote/settings.js';

const served = makeProject({
  'a.js': "export default 'a';\n",
  'b.js': "export default 'b';\n",
  'changing.js': "export default 'first';\n",
  'dir/target.js': "export default 'target';\n",
  'dir/index.js': "export default 'index';\n",
  'pkg/package.json': '{ "name": "pkg" }\n',
  'empty/readme.txt': 'no entry point here\n',
  'types/util.ts': 'export const n: number = 1;\n',
  'types/view.vue': '<template></template>\n',
}, 'modspace-remote-served-');
const scratch = mkdtempSync(join(tmpdir(), 'modspace-remote-scratch-'));
let counter = 0;
const fresh = (name) => join(scratch, `${name}-${++counter}`);

const startServer = () => startRemoteServer(served);

let server;
const settings = (overrides = {}) => ({ ...DEFAULT_REMOTE, allow: [server.origin], timeout: 5_000, ...overrides });
const sha384 = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;
const text = (bytes) => Buffer.from(bytes).toString('utf8');

/** The error `fn` throws, as plain data. */
function refusal(fn) {
  try {
    fn();
  } catch (error) {
    return { code: error.code, message: error.message };
  }
  return 'no error';
}

/** Asserts the cache holds nothing for `url`: no index entry, and no blob at all. */
function assertNothingCached(cacheDir, url) {
  assert.not.ok(existsSync(indexPath(cacheDir, url)), `no index entry for ${url}`);
  const blobs = join(cacheDir, 'blobs');
  assert.equal(existsSync(blobs) ? readdirSync(blobs) : [], [], 'no blob');
}

/** Refused with `code`, naming the URL, leaving nothing in a fresh cache. */
function assertRefused(url, code, overrides = {}) {
  const cacheDir = fresh('cache');
  forgetRemote();
  const error = refusal(() => readRemote(url, settings({ cacheDir, ...overrides })));
  assert.is(error.code, code, JSON.stringify(error));
  assert.ok(error.message.includes(url), `message names the URL: ${error.message}`);
  assertNothingCached(cacheDir, url);
  return error;
}

test.before(async () => {
  server = await startServer();
});

test.after(async () => {
  await server.stop();
  removeProject(served);
  removeProject(scratch);
});

test('content types: JavaScript everywhere, JSON for .json, TypeScript for .ts family, text/plain for extra extensions', () => {
  const js = acceptedTypes('https://h/x.js');
  assert.ok(js.includes('text/javascript') && js.includes('application/javascript'));
  assert.not.ok(js.includes('application/json') || js.includes('text/plain'));
  assert.ok(acceptedTypes('https://h/esm/react').includes('text/javascript'), 'extensionless');
  assert.ok(acceptedTypes('https://h/data.json?v=1').includes('application/json'));
  for (const ext of ['ts', 'mts', 'cts', 'tsx']) {
    const types = acceptedTypes(`https://h/x.${ext}`);
    assert.ok(types.includes('video/mp2t') && types.includes('text/plain') && types.includes('application/typescript'), ext);
  }
  assert.not.ok(acceptedTypes('https://h/x.vue').includes('text/plain'));
  assert.ok(acceptedTypes('https://h/x.vue', ['.vue']).includes('text/plain'));
  assert.ok(acceptedTypes('https://h/x.VUE', ['vue']).includes('text/plain'));
});

test('fetches, pins in the lockfile (sorted keys, 2-space JSON, final newline) and fills the cache', () => {
  forgetRemote();
  const cacheDir = fresh('cache');
  const lockfile = join(fresh('lock'), 'modspace.lock.json');
  const options = settings({ cacheDir, lockfile, writeLock: true });
  const b = readRemote(`${server.origin}/b.js`, options);
  const a = readRemote(`${server.origin}/a.js`, options);
  assert.not.ok(existsSync(lockfile), 'pins are written with their batch, not one by one');
  assert.is(flushLockfiles(), undefined);
  assert.is(text(a.bytes), "export default 'a';\n");
  assert.is(a.url, `${server.origin}/a.js`);
  assert.is(a.finalURL, a.url);
  assert.is(a.contentType, 'text/javascript; charset=utf-8');
  assert.is(a.integrity, sha384("export default 'a';\n"));
  const expected = { version: 1, remote: { [`${server.origin}/a.js`]: a.integrity, [`${server.origin}/b.js`]: b.integrity } };
  assert.is(readFileSync(lockfile, 'utf8'), `${JSON.stringify(expected, null, 2)}\n`);
  assert.ok(existsSync(blobPath(cacheDir, a.integrity)));
  assert.equal(JSON.parse(readFileSync(indexPath(cacheDir, a.url), 'utf8')), {
    url: a.url, finalURL: a.url, integrity: a.integrity, contentType: a.contentType,
  });
  assert.is(readRemote(a.url, options), a, 'a second read in this thread is the same object');
});

test('a warm cache serves with the server stopped: offline, and online for cached URLs', async () => {
  const own = await startServer();
  const cacheDir = fresh('cache');
  const lockfile = join(fresh('lock'), 'modspace.lock.json');
  const url = `${own.origin}/a.js`;
  forgetRemote();
  const first = readRemote(url, { ...settings({ cacheDir, lockfile, writeLock: true }), allow: [own.origin] });
  await own.stop();
  for (const offline of [true, false]) {
    forgetRemote();
    const again = readRemote(url, { ...settings({ cacheDir, lockfile, offline }), allow: [own.origin] });
    assert.is(text(again.bytes), text(first.bytes), `offline: ${offline}`);
    assert.is(again.integrity, first.integrity);
  }
  forgetRemote();
  const missing = refusal(() => readRemote(`${own.origin}/b.js`, { ...settings({ cacheDir, offline: true }), allow: [own.origin] }));
  assert.is(missing.code, 'ERR_MODSPACE_OFFLINE');
  assert.match(missing.message, `${own.origin}/b.js`);
  forgetRemote();
  const down = refusal(() => readRemote(`${own.origin}/b.js`, { ...settings({ cacheDir }), allow: [own.origin] }));
  assert.is(down.code, 'ERR_MODSPACE_REMOTE_INCOMPLETE', 'a server that is down is a network error');
  assert.not.ok(existsSync(indexPath(cacheDir, `${own.origin}/b.js`)));
});

test('a corrupted blob is a miss, is deleted, and is fetched again', () => {
  const cacheDir = fresh('cache');
  const url = `${server.origin}/b.js`;
  forgetRemote();
  const file = readRemote(url, settings({ cacheDir }));
  const blob = blobPath(cacheDir, file.integrity);
  writeFileSync(blob, "export default 'tampered';\n");
  forgetRemote();
  assert.is(refusal(() => readRemote(url, settings({ cacheDir, offline: true }))).code, 'ERR_MODSPACE_OFFLINE');
  assert.not.ok(existsSync(blob), 'the damaged blob was deleted');
  forgetRemote();
  assert.is(text(readRemote(url, settings({ cacheDir })).bytes), "export default 'b';\n");
  assert.is(readFileSync(blob, 'utf8'), "export default 'b';\n", 'rewritten');
});

test('a redirect within allowed origins is followed; finalURL says where; the lockfile pins the URL asked for', () => {
  forgetRemote();
  const lockfile = join(fresh('lock'), 'modspace.lock.json');
  const url = `${server.origin}/same-origin.js`;
  const file = readRemote(url, settings({ lockfile, writeLock: true }));
  flushLockfiles();
  assert.is(file.url, url);
  assert.is(file.finalURL, `${server.origin}/dir/target.js`);
  assert.is(text(file.bytes), "export default 'target';\n");
  assert.equal(Object.keys(JSON.parse(readFileSync(lockfile, 'utf8')).remote), [url]);
});

test('TypeScript served as video/mp2t, and an extra extension served as text/plain', () => {
  forgetRemote();
  assert.is(readRemote(`${server.origin}/types/util.ts`, settings()).contentType, 'video/mp2t');
  const vue = `${server.origin}/types/view.vue`;
  assert.is(refusal(() => readRemote(vue, settings())).code, 'ERR_MODSPACE_REMOTE_CONTENT_TYPE');
  forgetRemote();
  assert.is(readRemote(vue, settings(), ['.vue']).contentType, 'text/plain');
});

test('probes: isFile is false on 404 and 410, remembered on disk; isDirectory; read of a probed file is free', async () => {
  const own = await startServer();
  const cacheDir = fresh('cache');
  const base = `${own.origin}/`;
  const options = { ...settings({ cacheDir }), allow: [own.origin] };
  forgetRemote();
  const place = remotePlace(base, options);
  assert.is(remotePlace(base, { ...options, allow: [own.origin] }), place, 'memoised on equal settings');
  assert.is(place.url, base);
  assert.ok(place.isFile(`${base}a.js`));
  assert.not.ok(place.isFile(`${base}nope.js`));
  assert.not.ok(place.isFile(`${base}gone.js`));
  assert.equal(JSON.parse(readFileSync(indexPath(cacheDir, `${base}nope.js`), 'utf8')), { url: `${base}nope.js`, missing: true });
  assert.ok(place.isDirectory(`${base}dir/`), 'index.js');
  assert.ok(place.isDirectory(`${base}pkg/`), 'package.json');
  assert.not.ok(place.isDirectory(`${base}empty/`));
  assert.is(refusal(() => place.isFile(`${base}html.js`)).code, 'ERR_MODSPACE_REMOTE_CONTENT_TYPE', 'other refusals throw');
  assert.is(refusal(() => place.read(`${base}nope.js`)).code, 'ERR_MODSPACE_REMOTE_NOT_FOUND');
  await own.stop();
  assert.is(text(place.read(`${base}a.js`)), "export default 'a';\n", 'kept in memory by the probe');
  // A new run, offline: the answers come from the disk, misses included.
  forgetRemote();
  const offline = remotePlace(base, { ...options, offline: true });
  assert.ok(offline.isFile(`${base}a.js`));
  assert.not.ok(offline.isFile(`${base}nope.js`));
  assert.not.ok(offline.isFile(`${base}gone.js`));
  assert.ok(offline.isDirectory(`${base}pkg/`));
  assert.is(refusal(() => offline.isFile(`${base}b.js`)).code, 'ERR_MODSPACE_OFFLINE', 'never probed: unknown offline');
});

test('forgetRemote forgets this thread\'s files; with disk, empties the caches it used', () => {
  const served_ = join(served, 'changing.js');
  const url = `${server.origin}/changing.js`;
  const cacheDir = fresh('cache');
  forgetRemote();
  assert.is(text(readRemote(url, settings()).bytes), "export default 'first';\n");
  writeFileSync(served_, "export default 'second';\n");
  assert.is(text(readRemote(url, settings()).bytes), "export default 'first';\n", 'from memory');
  forgetRemote();
  assert.is(text(readRemote(url, settings({ cacheDir })).bytes), "export default 'second';\n");
  assert.ok(existsSync(indexPath(cacheDir, url)));
  forgetRemote({ disk: true });
  assert.not.ok(existsSync(indexPath(cacheDir, url)));
  assert.ok(existsSync(cacheDir), 'the folder itself stays');
  writeFileSync(served_, "export default 'first';\n");
});

test('timeout', () => {
  const error = assertRefused(`${server.origin}/slow.js`, 'ERR_MODSPACE_REMOTE_TIMEOUT', { timeout: 300 });
  assert.match(error.message, '300 ms');
});

test('too large: by content-length, and counted on a chunked body', () => {
  assertRefused(`${server.origin}/big-length.js`, 'ERR_MODSPACE_REMOTE_TOO_LARGE', { maxBytes: 1000 });
  assertRefused(`${server.origin}/big-chunked.js`, 'ERR_MODSPACE_REMOTE_TOO_LARGE', { maxBytes: 1000 });
  forgetRemote();
  assert.is(readRemote(`${server.origin}/big-chunked.js`, settings({ maxBytes: 4096 })).bytes.length, 4096, 'at the limit is fine');
});

test('redirects: to an origin not allowed, and too many', () => {
  const url = `${server.origin}/cross-origin.js`;
  const error = assertRefused(url, 'ERR_MODSPACE_REMOTE_REDIRECT');
  assert.match(error.message, `${server.otherOrigin}/a.js`);
  forgetRemote();
  assert.is(refusal(() => readRemote(url, settings({ allow: [server.origin, server.otherOrigin] }))), 'no error', 'allowed when both origins are');
  assertRefused(`${server.origin}/loop.js`, 'ERR_MODSPACE_REMOTE_REDIRECT', { maxRedirects: 3 });
});

test('wrong content type, body cut short, 404, 410, 500', () => {
  const html = assertRefused(`${server.origin}/html.js`, 'ERR_MODSPACE_REMOTE_CONTENT_TYPE');
  assert.match(html.message, 'text/html');
  assertRefused(`${server.origin}/cut.js`, 'ERR_MODSPACE_REMOTE_INCOMPLETE');
  assertRefused(`${server.origin}/nope.js`, 'ERR_MODSPACE_REMOTE_NOT_FOUND');
  assertRefused(`${server.origin}/gone.js`, 'ERR_MODSPACE_REMOTE_NOT_FOUND');
  assertRefused(`${server.origin}/error.js`, 'ERR_MODSPACE_REMOTE_STATUS');
});

test('lockfile: a changed file is refused with both hashes; an unpinned URL is refused without writeLock', () => {
  const lockfile = join(fresh('lock'), 'modspace.lock.json');
  const url = `${server.origin}/changing.js`;
  forgetRemote();
  const first = readRemote(url, settings({ lockfile, writeLock: true }));
  flushLockfiles();
  const pinned = readFileSync(lockfile, 'utf8');
  writeFileSync(join(served, 'changing.js'), "export default 'changed';\n");
  try {
    for (const writeLock of [false, true]) {
      const error = assertRefused(url, 'ERR_MODSPACE_INTEGRITY', { lockfile, writeLock });
      assert.ok(error.message.includes(first.integrity) && error.message.includes(sha384("export default 'changed';\n")), error.message);
    }
    assert.is(readFileSync(lockfile, 'utf8'), pinned, 'a pin is never changed');
  } finally {
    writeFileSync(join(served, 'changing.js'), "export default 'first';\n");
  }
  const other = join(fresh('lock'), 'modspace.lock.json');
  const error = assertRefused(`${server.origin}/a.js`, 'ERR_MODSPACE_UNLOCKED', { lockfile: other });
  assert.match(error.message, 'writeLock');
  assert.not.ok(existsSync(other), 'no lockfile written');
});

test('a cached copy that disagrees with the lockfile is not used', () => {
  const cacheDir = fresh('cache');
  const lockfile = join(scratch, `disagrees-${++counter}.lock.json`);
  const url = `${server.origin}/a.js`;
  forgetRemote();
  readRemote(url, settings({ cacheDir }));
  writeFileSync(lockfile, `${JSON.stringify({ version: 1, remote: { [url]: sha384('something else') } }, null, 2)}\n`);
  forgetRemote();
  const offline = refusal(() => readRemote(url, settings({ cacheDir, lockfile, offline: true })));
  assert.is(offline.code, 'ERR_MODSPACE_OFFLINE');
  assert.match(offline.message, 'does not match the lockfile');
  assert.is(refusal(() => readRemote(url, settings({ cacheDir, lockfile }))).code, 'ERR_MODSPACE_INTEGRITY', 'the network decides');
});

test('origins: not allowed (even when cached), plain http to a non-loopback host, other schemes', () => {
  assertRefused(`${server.origin}/a.js`, 'ERR_MODSPACE_REMOTE_ORIGIN', { allow: [] });
  assertRefused(`${server.origin}/a.js`, 'ERR_MODSPACE_REMOTE_ORIGIN', { allow: [server.otherOrigin] });
  const cacheDir = fresh('cache');
  forgetRemote();
  readRemote(`${server.origin}/a.js`, settings({ cacheDir }));
  for (const forget of [false, true]) {
    if (forget) forgetRemote();
    const cached = refusal(() => readRemote(`${server.origin}/a.js`, settings({ cacheDir, allow: [server.otherOrigin], offline: true })));
    assert.is(cached.code, 'ERR_MODSPACE_REMOTE_ORIGIN', forget ? 'on disk' : 'in memory');
  }
  // Refused before any connection: no network needed.
  const insecure = assertRefused('http://example.com/x.js', 'ERR_MODSPACE_REMOTE_INSECURE', { allow: ['http://example.com'] });
  assert.match(insecure.message, 'loopback');
  assertRefused('https://example.com/x.js', 'ERR_MODSPACE_REMOTE_ORIGIN');
  assertRefused('file:///etc/passwd', 'ERR_MODSPACE_REMOTE_ORIGIN', { allow: ['file:///'] });
  assertRefused('https://example.com/x.js', 'ERR_MODSPACE_REMOTE_ORIGIN', { allow: ['https://example.com/some/path/'] });
});

test.run();
