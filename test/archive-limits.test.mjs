// The size limit of archives (`archive: { maxBytes }`), through the public API
// in child processes, per hook path: a gzip bomb (a 512 MiB entry in a tarball
// of ~0.5 MB) and a zip entry inflating far past its declared size are refused
// with ERR_MODSPACE_ARCHIVE without the memory ever being taken; a zip whose
// entries declare more than the limit is refused before anything is inflated;
// raising the limit loads an archive over the default, a child inherits it, a
// space with a lower limit is refused an archive already opened; bad values.
// The archives are made at test time, their zeros streamed through zlib so the
// test never holds them either.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { createDeflateRaw, createGzip, deflateRawSync } from 'node:zlib';
import { hookModes, makeProject, modspaceURL, removeProject, runInProject } from './helpers.mjs';

const MiB = 1024 * 1024;
const DEFAULT_LIMIT = 128 * MiB;
const project = makeProject({ 'package.json': JSON.stringify({ name: 'app', type: 'module' }) }, 'modspace-archive-limits-');
const path = (name) => join(project, name);

const INDEX = "export default 'loaded';\n";
/** A tarball of `zeros` bytes of zeros after a small index.js, under package/ as npm packs. */
const tarOf = (zeros) => [['package/index.js', INDEX], ['package/zeros.bin', { zeros }]];

test.before(async () => {
  // 512 MiB unpacked, ~0.5 MB on disk: the tarball of the issue.
  await pipeline(tarStream(tarOf(512 * MiB)), createGzip({ level: 9 }), createWriteStream(path('bomb.tgz')));
  // Over the default limit, under a raised one.
  await pipeline(tarStream(tarOf(160 * MiB)), createGzip({ level: 9 }), createWriteStream(path('large.tgz')));
  // A zip whose big.js declares 1000 bytes and inflates to 512 MiB.
  const bomb = await collect(zeroStream(512 * MiB), createDeflateRaw({ level: 9 }));
  writeFileSync(path('lying.zip'), zipOf([stored('index.js', INDEX), { name: 'big.js', method: 8, data: bomb, crc: 0, size: 1000 }]));
  // A zip whose entries declare 3 × 50 MiB (their data is never inflated): over the default by their sizes alone.
  const fifty = await collect(zeroStream(MiB), createDeflateRaw({ level: 9 }));
  const wide = [1, 2, 3].map((n) => ({ name: `padding-${n}.bin`, method: 8, data: fifty, crc: 0, size: 50 * MiB }));
  writeFileSync(path('wide.zip'), zipOf([stored('index.js', INDEX), ...wide]));
  // Small: refused only by a small limit.
  writeFileSync(path('small.zip'), zipOf([deflated('index.js', INDEX + '// '.padEnd(4000, 'x') + '\n')]));
  // Not compressed: the file is what it unpacks to.
  await pipeline(tarStream([['package/index.js', INDEX]]), createWriteStream(path('plain.tar')));
});

test.after(() => removeProject(project));

const run = (name, body, mode) => runInProject(project, name, body, { mode });
const prelude = `
  const { loadPlugins } = await import(${JSON.stringify(modspaceURL)});
  const capture = async (fn) => {
    try { await fn(); return 'no error'; } catch (e) { return { code: e.code, message: e.message, specifier: e.specifier }; }
  };
  const MiB = 1024 * 1024;
`;

for (const mode of hookModes) {
  test(`[${mode}] a gzip bomb and a zip entry inflating past its declared size are refused, and their memory never taken`, () => {
    const bombRoot = `archive://${pathToFileURL(path('bomb.tgz')).pathname}!/`;
    const out = run('bombs', `
      ${prelude}
      out.rssBefore = process.memoryUsage().rss;
      out.root = await capture(() => new ModuleSpace({ base: import.meta.url, roots: ['./bomb.tgz'] }));
      out.imports = await capture(() => new ModuleSpace({ base: import.meta.url, imports: { lib: './bomb.tgz' } }));
      out.added = await capture(() => new ModuleSpace({ base: import.meta.url }).roots.add('./bomb.tgz'));
      const [plugin] = await loadPlugins('./bomb.tgz', { base: import.meta.url });
      out.plugin = { code: plugin.error?.code, message: plugin.error?.message };
      // Straight to the hooks: an archive: URL opened where the modules load.
      out.url = await capture(() => new ModuleSpace({ base: import.meta.url }).import(${JSON.stringify(`${bombRoot}index.js`)}));
      // Its directory is honest enough to open; the entry is not.
      const lying = new ModuleSpace({ base: import.meta.url, imports: { 'lying/': './lying.zip/' } });
      out.lyingIndex = (await lying.import('lying/index.js')).default;
      out.lyingEntry = await capture(() => lying.import('lying/big.js'));
      out.maxRSS = process.resourceUsage().maxRSS * 1024;
    `, mode);
    for (const key of ['root', 'imports', 'added', 'plugin', 'url']) {
      assert.is(out[key].code, 'ERR_MODSPACE_ARCHIVE', `${key}: ${JSON.stringify(out[key])}`);
      assert.match(out[key].message, path('bomb.tgz'), `${key} names the archive`);
      assert.match(out[key].message, `limit of ${DEFAULT_LIMIT} bytes`, `${key} names the limit`);
      assert.match(out[key].message, 'archive: { maxBytes }', `${key} names the option`);
    }
    assert.is(out.lyingIndex, 'loaded');
    assert.is(out.lyingEntry.code, 'ERR_MODSPACE_ARCHIVE', JSON.stringify(out.lyingEntry));
    assert.match(out.lyingEntry.message, path('lying.zip'));
    assert.match(out.lyingEntry.message, /'big\.js': the entry inflates to more than its declared 1000 bytes/);
    // Gunzipped whole, the bomb took ~1 GB (its 512 MiB, then a copy). Bounded, each thread that opens it
    // (the main thread for the options, the hooks thread off-thread) holds at most the limit, once: a refusal is remembered.
    const peak = `peak RSS ${Math.round(out.maxRSS / MiB)} MiB, ${Math.round(out.rssBefore / MiB)} MiB at start`;
    assert.ok(out.maxRSS - out.rssBefore < (mode === 'off-thread' ? 2 : 1) * DEFAULT_LIMIT + 64 * MiB, peak);
    assert.ok(out.maxRSS < 512 * MiB, peak);
  });

  test(`[${mode}] archive.maxBytes: raised, it loads archives over the default; children inherit it; a lower limit refuses an archive already opened`, () => {
    const out = run('raised', `
      ${prelude}
      const options = { base: import.meta.url, imports: { large: './large.tgz', wide: './wide.zip' } };
      out.defaultTar = await capture(() => new ModuleSpace({ ...options, imports: { large: './large.tgz' } }));
      out.defaultZip = await capture(() => new ModuleSpace({ ...options, imports: { wide: './wide.zip' } }));
      const raised = new ModuleSpace({ ...options, archive: { maxBytes: 256 * MiB } });
      out.large = (await raised.import('large')).default;
      out.wide = (await raised.import('wide')).default;
      // Inherited: the child's own imports open archives under the parent's limit.
      const child = raised.child({ imports: { again: './large.tgz' } });
      out.child = (await child.import('again')).default;
      out.grandchild = (await child.child().import('again')).default;
      // Opened already, by a space allowing more: still refused to a space allowing less.
      const lower = raised.child({ archive: { maxBytes: 64 * MiB } });
      out.lower = await capture(() => lower.import('large'));
      out.defaultAgain = await capture(() => new ModuleSpace({ ...options, imports: { large: './large.tgz' } }));
      out.emptyResets = await capture(() => raised.child({ archive: {}, imports: { big: './large.tgz' } }));
      // A small limit refuses a small archive: the limit is the space's, not a fixed one.
      out.small = await capture(() => new ModuleSpace({ base: import.meta.url, roots: ['./small.zip'], archive: { maxBytes: 1000 } }));
      out.smallOK = (await new ModuleSpace({ base: import.meta.url, imports: { small: './small.zip' }, archive: { maxBytes: 5000 } }).import('small')).default;
      const tarSize = (await import('node:fs')).statSync(new URL('./plain.tar', import.meta.url)).size;
      out.tar = await capture(() => new ModuleSpace({ base: import.meta.url, imports: { plain: './plain.tar' }, archive: { maxBytes: tarSize - 1 } }));
      out.tarOK = (await new ModuleSpace({ base: import.meta.url, imports: { plain: './plain.tar' }, archive: { maxBytes: tarSize } }).import('plain')).default;
      const [refused] = await loadPlugins('./large.tgz', { base: import.meta.url });
      out.pluginRefused = refused.error?.code;
      const [plugin] = await loadPlugins('./large.tgz', { base: import.meta.url, space: { archive: { maxBytes: 256 * MiB } } });
      out.plugin = [plugin.error?.message ?? null, plugin.namespace?.default];
    `, mode);
    for (const key of ['defaultTar', 'defaultZip', 'lower', 'defaultAgain', 'emptyResets', 'small', 'tar']) {
      assert.is(out[key].code, 'ERR_MODSPACE_ARCHIVE', `${key}: ${JSON.stringify(out[key])}`);
    }
    assert.match(out.defaultTar.message, path('large.tgz'));
    assert.match(out.defaultTar.message, `limit of ${DEFAULT_LIMIT} bytes`);
    assert.match(out.defaultZip.message, path('wide.zip'));
    assert.match(out.defaultZip.message, `its entries declare ${150 * MiB + INDEX.length} bytes`);
    assert.match(out.lower.message, `limit of ${64 * MiB} bytes`);
    assert.match(out.small.message, 'limit of 1000 bytes');
    assert.match(out.tar.message, path('plain.tar'));
    assert.equal([out.large, out.wide, out.child, out.grandchild, out.smallOK, out.tarOK], ['loaded', 'loaded', 'loaded', 'loaded', 'loaded', 'loaded']);
    assert.is(out.pluginRefused, 'ERR_MODSPACE_ARCHIVE');
    assert.equal(out.plugin, [null, 'loaded']);
  });

  test(`[${mode}] bad archive options fail with ERR_MODSPACE_INVALID_OPTION naming the option, before anything is opened`, () => {
    const out = run('bad-archive-options', `
      ${prelude}
      const make = (archive) => capture(() => new ModuleSpace({ base: import.meta.url, roots: ['./bomb.tgz'], archive }));
      out.notObject = await make(1024);
      out.zero = await make({ maxBytes: 0 });
      out.negative = await make({ maxBytes: -1 });
      out.fraction = await make({ maxBytes: 1.5 });
      out.string = await make({ maxBytes: '1000' });
      out.infinite = await make({ maxBytes: Infinity });
      out.typo = await make({ maxbytes: 1000 });
      out.child = await capture(() => new ModuleSpace({ base: import.meta.url }).child({ archive: { maxBytes: null } }));
      out.plugins = await capture(() => loadPlugins('./bomb.tgz', { base: import.meta.url, space: { archive: { maxBytes: 'all' } } }));
      out.maxRSS = process.resourceUsage().maxRSS * 1024;
    `, mode);
    const expect = { notObject: 'archive', zero: 'archive.maxBytes', negative: 'archive.maxBytes', fraction: 'archive.maxBytes', string: 'archive.maxBytes', infinite: 'archive.maxBytes', child: 'archive.maxBytes', plugins: 'archive.maxBytes' };
    for (const [key, option] of Object.entries(expect)) {
      assert.is(out[key].code, 'ERR_MODSPACE_INVALID_OPTION', `${key}: ${JSON.stringify(out[key])}`);
      assert.match(out[key].message, `"${option}"`, key);
      assert.is(out[key].specifier, option, key);
    }
    assert.match(out.zero.message, /positive integer/);
    assert.is(out.typo.code, 'ERR_MODSPACE_INVALID_OPTION');
    assert.match(out.typo.message, /Unknown archive option "maxbytes": did you mean "maxBytes"\?/);
    assert.ok(out.maxRSS < 256 * MiB, 'the bomb was never opened');
  });
}

test.run();

/** The blocks of a tar of `entries` ([name, text] or [name, { zeros }]). */
async function* tarStream(entries) {
  for (const [name, content] of entries) {
    const size = typeof content === 'string' ? Buffer.byteLength(content) : content.zeros;
    yield tarHeader(name, size);
    if (typeof content === 'string') yield Buffer.from(content);
    else yield* zeroStream(size);
    yield Buffer.alloc((512 - (size % 512)) % 512);
  }
  yield Buffer.alloc(1024);
}

/** `size` zero bytes, as views of one 1 MiB buffer. */
function* zeroStream(size) {
  const zeros = Buffer.alloc(MiB);
  for (let left = size; left > 0; left -= MiB) yield zeros.subarray(0, Math.min(MiB, left));
}

/** A ustar header of a file. */
function tarHeader(name, size) {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('0', 156);
  header.write('ustar\u000000', 257);
  header.write(' '.repeat(8), 148);
  header.write(`${header.reduce((sum, byte) => sum + byte, 0).toString(8).padStart(6, '0')}\0 `, 148);
  return header;
}

/** The output of `transform` fed by `source`, in memory. */
async function collect(source, transform) {
  const chunks = [];
  await pipeline(source, transform, async function* (output) {
    for await (const chunk of output) chunks.push(chunk);
  });
  return Buffer.concat(chunks);
}

function stored(name, text) {
  const data = Buffer.from(text);
  return { name, method: 0, data, crc: crc32(data), size: data.length };
}

function deflated(name, text) {
  const data = Buffer.from(text);
  return { name, method: 8, data: deflateRawSync(data), crc: crc32(data), size: data.length };
}

/** A zip of entries given as stored: `data` already compressed by `method`, `size` whatever the entry should declare. */
function zipOf(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, method, data, crc, size } of entries) {
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}
