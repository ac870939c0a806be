// The archive place: zip and npm tarball entries read in memory, the
// `archive:` URL scheme, zip-slip, errors, reopening. In-process, on archives
// made at test time (the tarball by a real `npm pack`).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { gzipSync, zipSync } from 'fflate';
import {
  archiveFileOf,
  archivePlaceOf,
  archiveRootURL,
  forgetArchives,
  isArchivePath,
  openArchive,
} from '../dist/core/places/archive.js';

const text = (value) => new TextEncoder().encode(value);
const decode = (bytes) => new TextDecoder().decode(bytes);
const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
/** A URL path segment for a name with spaces, `%` or unicode. */
const encode = (name) => name.split('/').map(encodeURIComponent).join('/');

// A folder name with a space, unicode and `%`: the archive's own path must round-trip too.
const tmp = mkdtempSync(join(tmpdir(), 'modspace-archive-'));
const dir = join(tmp, 'pläce 100%');
mkdirSync(dir);
const fileURL = (name) => pathToFileURL(join(dir, name)).href;
const write = (name, bytes) => {
  writeFileSync(join(dir, name), bytes);
  return fileURL(name);
};

const ODD_NAME = 'ünï cödé/100% sure.js';
const zipURL = write(
  'plugin.zip',
  zipSync({
    'index.js': text('export default "index";'),
    'lib/util.js': text('export const util = 1;'), // no folder entry for lib/
    'nested/': new Uint8Array(0), // folder entries for nested/ and nested/deep/
    'nested/deep/': new Uint8Array(0),
    'nested/deep/x.js': text('export const x = "deep";'),
    'empty/': new Uint8Array(0),
    'stored.txt': [text('kept as is'), { level: 0 }],
    'bin/data.bin': [binary, { level: 0 }],
    'bin/data.deflated': [binary, { level: 9 }],
    [ODD_NAME]: text('export const odd = true;'),
    '../evil.js': text('outside'),
    '/absolute.js': text('absolute'),
    'a/../../evil2.js': text('climbs'),
  }),
);
const zipRoot = archiveRootURL(zipURL);

// A real npm tarball: everything under `package/`, long paths in the ustar prefix, pax for the rest.
const LONG = `${'a'.repeat(60)}/${'b'.repeat(60)}/file.js`;
const packageDir = join(tmp, 'pkg');
for (const [name, content] of Object.entries({
  'package.json': JSON.stringify({ name: 'pkg', version: '1.0.0', type: 'module', main: 'index.js' }),
  'index.js': 'export { x } from "./lib/x.js";',
  'lib/x.js': 'export const x = 42;',
  'data.bin': binary,
  [ODD_NAME]: 'export const odd = "npm";',
  [LONG]: 'export const long = true;',
})) {
  mkdirSync(dirname(join(packageDir, name)), { recursive: true });
  writeFileSync(join(packageDir, name), content);
}
const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: packageDir, encoding: 'utf8' }).trim().split('\n').pop();
const tgzURL = fileURL(packed);
const tarGzURL = write('pkg.tar.gz', readFileSync(join(dir, packed)));
const tarURL = write('pkg.tar', gunzipSync(readFileSync(join(dir, packed))));

test.after(() => rmSync(tmp, { recursive: true, force: true }));
test.before.each(() => forgetArchives());

test('tells archives by their extension', () => {
  for (const yes of ['/a/p.zip', '/a/p.ZIP', '/a/p.tgz', '/a/p.tar.gz', '/a/p.tar', 'file:///a/p.zip', 'file:///a/p.tgz?x=1#y']) assert.ok(isArchivePath(yes), yes);
  for (const no of ['/a/p.js', '/a/p.gz', '/a/zip', '/a/p.zip/x.js', 'file:///a/p.js?x.zip']) assert.not.ok(isArchivePath(no), no);
});

test('maps a file URL to its archive root and back', () => {
  assert.is(archiveRootURL('file:///a/p.zip'), 'archive:///a/p.zip!/');
  assert.is(archiveRootURL('file:///a/p.zip?q#f'), 'archive:///a/p.zip!/');
  assert.is(archiveFileOf('archive:///a/p.zip!/x.js?q'), 'file:///a/p.zip');
  assert.is(archiveFileOf('archive:///a/p.zip!/'), 'file:///a/p.zip');
  assert.is(archiveFileOf('archive:///a/x!/p.tgz!/lib/y.js#f'), 'file:///a/x!/p.tgz', 'a folder may end in !');
  assert.is(archiveFileOf('file:///a/p.zip'), undefined);
  assert.is(archiveFileOf('node:fs'), undefined);
  assert.is(archiveFileOf(archiveRootURL(zipURL) + 'lib/util.js'), zipURL);
  assert.throws(() => archiveRootURL('https://host/p.zip'), (error) => error.code === 'ERR_INVALID_URL_SCHEME');
});

test('relative URLs resolve inside the archive; a .. above !/ escapes it', () => {
  assert.is(new URL('./y.js', 'archive:///a/p.zip!/lib/x.js').href, 'archive:///a/p.zip!/lib/y.js');
  assert.is(new URL('../index.js', `${zipRoot}lib/util.js`).href, `${zipRoot}index.js`);
  const escaped = new URL('../../evil.js', `${zipRoot}lib/util.js`).href;
  assert.not.ok(escaped.includes('!/'));
  for (const call of [() => archiveFileOf(escaped), () => archivePlaceOf(escaped)]) {
    assert.throws(call, (error) => error.code === 'ERR_MODSPACE_ARCHIVE' && error.message.includes(escaped));
  }
});

test('zip: reads deflated, stored and binary entries', () => {
  const place = openArchive(zipURL);
  assert.is(place.url, zipRoot);
  assert.is(decode(place.read(`${zipRoot}index.js`)), 'export default "index";');
  assert.is(decode(place.read(`${zipRoot}lib/util.js`)), 'export const util = 1;');
  assert.is(decode(place.read(`${zipRoot}nested/deep/x.js`)), 'export const x = "deep";');
  assert.is(decode(place.read(`${zipRoot}stored.txt`)), 'kept as is');
  assert.equal([...place.read(`${zipRoot}bin/data.bin`)], [...binary]);
  assert.equal([...place.read(`${zipRoot}bin/data.deflated`)], [...binary]);
  assert.ok(place.read(`${zipRoot}index.js`) instanceof Uint8Array);
});

test('zip: folders with and without folder entries', () => {
  const place = openArchive(zipURL);
  for (const folder of ['', 'lib/', 'nested/', 'nested/deep/', 'bin/', 'empty/', `${encode('ünï cödé')}/`]) {
    assert.ok(place.isDirectory(`${zipRoot}${folder}`), folder);
    assert.not.ok(place.isFile(`${zipRoot}${folder}`), folder);
  }
  assert.not.ok(place.isDirectory(`${zipRoot}lib`), 'a folder URL ends in /');
  assert.not.ok(place.isDirectory(`${zipRoot}missing/`));
  assert.not.ok(place.isDirectory(`${zipRoot}index.js/`));
  assert.ok(place.isFile(`${zipRoot}lib/util.js`));
  assert.not.ok(place.isFile(`${zipRoot}lib/nope.js`));
  assert.not.ok(place.isFile('archive:///elsewhere.zip!/index.js'), 'another archive');
});

test('a missing entry is ERR_MODULE_NOT_FOUND naming the entry and the archive', () => {
  const place = openArchive(zipURL);
  try {
    place.read(`${zipRoot}lib/nope.js`);
    assert.unreachable();
  } catch (error) {
    assert.is(error.code, 'ERR_MODULE_NOT_FOUND');
    assert.match(error.message, 'lib/nope.js');
    assert.match(error.message, join(dir, 'plugin.zip'));
  }
  assert.throws(() => place.read(`${zipRoot}nested/`), (error) => error.code === 'ERR_MODULE_NOT_FOUND', 'a folder is not a file');
});

test('unicode, spaces and % round-trip in entry names and the archive path', () => {
  assert.ok(zipRoot.includes('pl%C3%A4ce%20100%25'), zipRoot);
  const url = new URL(encode(ODD_NAME), zipRoot).href;
  const place = archivePlaceOf(url);
  assert.is(place, openArchive(zipURL));
  assert.ok(place.isFile(url));
  assert.is(decode(place.read(url)), 'export const odd = true;');
  assert.is(archiveFileOf(url), zipURL);
  assert.not.ok(place.isFile(`${zipRoot}100%zz.js`), 'a malformed escape names nothing');
});

test('entries that are absolute or climb out are unreachable', () => {
  const place = openArchive(zipURL);
  for (const name of ['evil.js', 'evil2.js', 'absolute.js', '..%2Fevil.js', 'a/..%2F..%2Fevil2.js', '%2Fabsolute.js']) {
    assert.not.ok(place.isFile(`${zipRoot}${name}`), name);
  }
  assert.not.ok(place.isDirectory(`${zipRoot}a/`), 'the climbing entry makes no folder');
});

test('queries and fragments play no part in lookups', () => {
  const place = archivePlaceOf(`${zipRoot}index.js?modspace=s1.g0`);
  assert.ok(place.isFile(`${zipRoot}index.js?modspace=s1.g0`));
  assert.ok(place.isFile(`${zipRoot}index.js#frag`));
  assert.ok(place.isDirectory(`${zipRoot}lib/?modspace=s1.g0`));
  assert.is(decode(place.read(`${zipRoot}index.js?x=1&modspace=s2.g3#f`)), 'export default "index";');
});

for (const [label, url] of [
  ['npm .tgz', () => tgzURL],
  ['.tar.gz', () => tarGzURL],
  ['plain .tar', () => tarURL],
]) {
  test(`${label}: the package folder is the root`, () => {
    const place = openArchive(url());
    const root = archiveRootURL(url());
    assert.is(place.url, root);
    assert.is(JSON.parse(decode(place.read(`${root}package.json`))).name, 'pkg');
    assert.is(decode(place.read(`${root}lib/x.js`)), 'export const x = 42;');
    assert.equal([...place.read(`${root}data.bin`)], [...binary]);
    assert.is(decode(place.read(new URL(encode(ODD_NAME), root).href)), 'export const odd = "npm";');
    assert.is(decode(place.read(`${root}${LONG}`)), 'export const long = true;', 'a path beyond 100 bytes');
    assert.ok(place.isDirectory(root));
    assert.ok(place.isDirectory(`${root}lib/`));
    assert.not.ok(place.isDirectory(`${root}package/`));
    assert.not.ok(place.isFile(`${root}package/package.json`));
    assert.throws(() => place.read(`${root}nope.js`), (error) => error.code === 'ERR_MODULE_NOT_FOUND' && error.message.includes(fileURLToPath(url())));
  });
}

test('tar: pax and GNU long names, links left out, no stripping with two top folders', () => {
  const url = write(
    'hand.tgz',
    gzipSync(
      tar([
        { name: 'one/a.js', data: 'a' },
        { name: 'two/', type: '5' },
        { name: 'x', type: 'x', data: pax('path', 'two/with space=and equals ünï.js') },
        { name: 'placeholder', data: 'pax' },
        { name: '././@LongLink', type: 'L', data: `two/${'g'.repeat(150)}.js\0` },
        { name: 'truncated', data: 'gnu' },
        { name: 'two/link.js', type: '2', link: '../one/a.js' },
        { name: 'two/hard.js', type: '1', link: 'one/a.js' },
        { name: '../evil.js', data: 'evil' },
        { name: './one/dot.js', data: 'dot' },
      ]),
    ),
  );
  const root = archiveRootURL(url);
  const place = openArchive(url);
  assert.is(decode(place.read(`${root}one/a.js`)), 'a');
  assert.is(decode(place.read(`${root}one/dot.js`)), 'dot');
  assert.is(decode(place.read(new URL(encode('two/with space=and equals ünï.js'), root).href)), 'pax');
  assert.is(decode(place.read(`${root}two/${'g'.repeat(150)}.js`)), 'gnu');
  assert.not.ok(place.isFile(`${root}placeholder`));
  assert.not.ok(place.isFile(`${root}two/link.js`), 'symlinks are left out');
  assert.not.ok(place.isFile(`${root}two/hard.js`), 'hard links are left out');
  assert.not.ok(place.isFile(`${root}evil.js`));
  assert.ok(place.isDirectory(`${root}two/`));
});

test('tar: a single top folder made only of folder entries and files is stripped; a top-level file prevents it', () => {
  const stripped = write('one-folder.tar', tar([{ name: 'top/', type: '5' }, { name: 'top/a.js', data: 'a' }]));
  assert.is(decode(openArchive(stripped).read(`${archiveRootURL(stripped)}a.js`)), 'a');
  const kept = write('top-file.tar', tar([{ name: 'top/a.js', data: 'a' }, { name: 'README', data: 'r' }]));
  assert.is(decode(openArchive(kept).read(`${archiveRootURL(kept)}top/a.js`)), 'a');
});

test('not an archive, or a corrupt one, is ERR_MODSPACE_ARCHIVE naming the file', () => {
  const zipBytes = readFileSync(new URL(zipURL));
  const tgzBytes = readFileSync(new URL(tgzURL));
  const cases = {
    'text.zip': text('not a zip at all'),
    'truncated.zip': zipBytes.subarray(0, zipBytes.length - 30),
    'empty.tar': new Uint8Array(0),
    'text.tar': text('x'.repeat(2048)),
    'random.tgz': Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251),
    'truncated.tgz': tgzBytes.subarray(0, tgzBytes.length / 2),
    'gzipped-text.tgz': gzipSync(text('y'.repeat(4096))),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    const url = write(name, bytes);
    assert.throws(
      () => openArchive(url),
      (error) => error.code === 'ERR_MODSPACE_ARCHIVE' && error.message.includes(join(dir, name)),
      name,
    );
  }
  mkdirSync(join(dir, 'folder.zip'));
  assert.throws(() => openArchive(fileURL('folder.zip')), (error) => error.code === 'ERR_MODSPACE_ARCHIVE');
  assert.throws(() => openArchive(write('plain.js', text('x'))), (error) => error.code === 'ERR_MODSPACE_ARCHIVE');
});

test('a missing archive is ERR_MODULE_NOT_FOUND', () => {
  assert.throws(
    () => openArchive(fileURL('missing.zip')),
    (error) => error.code === 'ERR_MODULE_NOT_FOUND' && error.message.includes(join(dir, 'missing.zip')),
  );
  assert.throws(() => archivePlaceOf(`${archiveRootURL(fileURL('missing.tgz'))}x.js`), (error) => error.code === 'ERR_MODULE_NOT_FOUND');
});

test('an archive is opened once, and again when its size or mtime changes', () => {
  const url = write('changing.zip', zipSync({ 'v.js': text('one') }));
  const root = archiveRootURL(url);
  const first = openArchive(url);
  assert.is(openArchive(url), first);
  assert.is(archivePlaceOf(`${root}v.js`), first);

  write('changing.zip', zipSync({ 'v.js': text('two, longer') }));
  const second = openArchive(url);
  assert.is.not(second, first);
  assert.is(decode(second.read(`${root}v.js`)), 'two, longer');
  assert.is(decode(first.read(`${root}v.js`)), 'one', 'a place keeps the archive it read');

  // Same size, new mtime.
  const path = join(dir, 'changing.zip');
  write('changing.zip', zipSync({ 'v.js': text('six, longer') }));
  const { mtime } = statSync(path);
  utimesSync(path, mtime, new Date(mtime.getTime() + 5000));
  const third = openArchive(url);
  assert.is.not(third, second);
  assert.is(decode(third.read(`${root}v.js`)), 'six, longer');
});

test('forgetArchives() makes the next open read the file again', () => {
  const first = openArchive(zipURL);
  forgetArchives();
  const second = openArchive(zipURL);
  assert.is.not(second, first);
  assert.is(openArchive(zipURL), second);
});

test('the size limit: refused past it (and remembered for that limit), opened under a higher one, refused again under a lower one', () => {
  const url = tgzURL;
  const unpacked = gunzipSync(readFileSync(fileURLToPath(url))).length;
  const tooLarge = (error) => error.code === 'ERR_MODSPACE_ARCHIVE' && error.message.includes(`limit of ${unpacked - 1} bytes`);
  assert.throws(() => openArchive(url, { maxBytes: unpacked - 1 }), tooLarge);
  assert.throws(() => openArchive(url, { maxBytes: unpacked - 1 }), tooLarge, 'remembered: refused again');
  const place = openArchive(url, { maxBytes: unpacked });
  assert.is(openArchive(url, { maxBytes: unpacked }), place);
  assert.throws(() => openArchive(url, { maxBytes: unpacked - 1 }), tooLarge, 'opened, but not for a lower limit');
  assert.is(archivePlaceOf(`${archiveRootURL(url)}index.js`, { maxBytes: unpacked }), place);
  assert.throws(() => archivePlaceOf(`${archiveRootURL(url)}index.js`, { maxBytes: 100 }), (error) => error.code === 'ERR_MODSPACE_ARCHIVE');
});

test('a 200-entry zip: opening it and reading one entry inflates no other', () => {
  // 199 entries claim to be deflated but hold bytes no inflater accepts: any eager inflating would throw.
  const files = { 'good.js': text('export const good = true;') };
  for (let i = 0; i < 199; i++) files[`bad/${i}.js`] = [new Uint8Array(16).fill(0xff), { level: 0 }];
  const zip = zipSync(files);
  setMethod(zip, (name) => name.startsWith('bad/'), 8);
  setMethod(zip, (name) => name === 'bad/7.js', 14); // LZMA: not ours to read
  const url = write('many.zip', zip);
  const root = archiveRootURL(url);
  const place = openArchive(url);
  assert.is(decode(place.read(`${root}good.js`)), 'export const good = true;');
  assert.ok(place.isFile(`${root}bad/0.js`));
  assert.ok(place.isDirectory(`${root}bad/`));
  assert.throws(
    () => place.read(`${root}bad/3.js`),
    (error) => error.code === 'ERR_MODSPACE_ARCHIVE' && error.message.includes('bad/3.js') && error.message.includes(join(dir, 'many.zip')),
  );
  assert.throws(() => place.read(`${root}bad/7.js`), (error) => error.code === 'ERR_MODSPACE_ARCHIVE' && /unsupported compression method/.test(error.message));
});

test.run();

/** Rewrites the compression method of the central directory records whose name passes `pick`. */
function setMethod(zip, pick, method) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  let at = view.getUint32(end + 16, true);
  for (let i = view.getUint16(end + 10, true); i > 0; i--) {
    const nameLength = view.getUint16(at + 28, true);
    if (pick(decode(zip.subarray(at + 46, at + 46 + nameLength)))) view.setUint16(at + 10, method, true);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
}

/** A minimal ustar writer, enough for entries npm would not make: pax, GNU long names, links, `..`. */
function tar(entries) {
  const blocks = [];
  for (const { name, type = '0', data = '', link = '' } of entries) {
    const body = typeof data === 'string' ? text(data) : data;
    const header = new Uint8Array(512);
    const put = (value, at) => header.set(text(value), at);
    put(name, 0);
    put('0000644\0', 100);
    put('0000000\0', 108);
    put('0000000\0', 116);
    put(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
    put('00000000000\0', 136);
    put(type, 156);
    put(link, 157);
    put('ustar\0' + '00', 257);
    put(' '.repeat(8), 148);
    put(`${header.reduce((sum, byte) => sum + byte, 0).toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, body, new Uint8Array((512 - (body.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  return Buffer.concat(blocks);
}

/** One pax record; its length counts its own digits. */
function pax(key, value) {
  const rest = ` ${key}=${value}\n`;
  const size = text(rest).length;
  let length = size + String(size).length;
  if (String(length).length !== String(size).length) length += 1;
  return `${length}${rest}`;
}
