// When the lockfile is written, through the public API in child processes,
// per hook path: once per import of a whole remote graph (not once per file),
// always by an atomic replace, complete; by itself after imports a module
// makes later; at exit, normal or not, right after an import; never torn by a
// process killed with pins pending; and a failure to write it reported by the
// import. Writes are counted on the file system: every write replaces the
// file (a rename into place), which fs.watch sees as one "rename" event.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hookModes, makeProject, modspaceURL, removeProject, runInProject, runNode, startRemoteServer } from './helpers.mjs';

// A binary tree of 24 modules: m0 imports m1 and m2, m1 imports m3 and m4...
const SIZE = 24;
const servedFiles = {};
for (let i = 0; i < SIZE; i++) {
  const children = [2 * i + 1, 2 * i + 2].filter((child) => child < SIZE);
  servedFiles[`tree/m${i}.js`] = `${children.map((child) => `import { sum as s${child} } from './m${child}.js';\n`).join('')}export const sum = ${[i, ...children.map((child) => `s${child}`)].join(' + ')};\n`;
}
servedFiles['extra/late.js'] = "export { sum } from '../tree/m5.js';\nexport const late = true;\n";
const TREE_SUM = (SIZE * (SIZE - 1)) / 2;
const served = makeProject(servedFiles, 'modspace-lockfile-served-');
const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  // A module's own import(): made after space.import() settled, outside it.
  'local.js': 'export const load = (url) => import(url);\n',
}, 'modspace-lockfile-app-');
const sha384 = (text) => `sha384-${createHash('sha384').update(text).digest('base64')}`;

let server;
let counter = 0;
/** A new empty folder for one lockfile. */
const folder = (name) => {
  const path = join(project, 'locks', `${name}-${++counter}`);
  mkdirSync(path, { recursive: true });
  return path;
};
/** The pins a complete lockfile of `paths` holds. */
const pinsOf = (paths) => Object.fromEntries(paths.map((path) => [`${server.origin}/${path}`, sha384(servedFiles[path])]).sort(([a], [b]) => (a < b ? -1 : 1)));
const treePaths = Object.keys(servedFiles).filter((path) => path.startsWith('tree/'));
const readLock = (dir) => JSON.parse(readFileSync(join(dir, 'modspace.lock.json'), 'utf8'));
const leftovers = (dir) => readdirSync(dir).filter((name) => name !== 'modspace.lock.json' && name !== 'sentinel');

/**
 * Runs `fn` (which runs child processes synchronously) and counts, per folder,
 * how the lockfile in it was written: replaced (a rename onto its name) or
 * changed in place. inotify reports in order, so once a file written after
 * `fn` is reported, every earlier event has been.
 */
async function countWrites(dirs, fn) {
  const counts = dirs.map(() => ({ replaced: 0, changed: 0 }));
  const seen = [];
  const watchers = dirs.map((dir, index) => {
    let done;
    seen.push(new Promise((resolve) => (done = resolve)));
    return watch(dir, (event, name) => {
      if (name === 'sentinel') done();
      else if (name === 'modspace.lock.json') counts[index][event === 'rename' ? 'replaced' : 'changed'] += 1;
    });
  });
  try {
    const result = fn();
    for (const dir of dirs) writeFileSync(join(dir, 'sentinel'), '');
    await Promise.all(seen);
    return { result, counts };
  } finally {
    for (const watcher of watchers) watcher.close();
  }
}

/** A scenario run with `node`, whatever its exit: status, stdout, stderr. */
function runRaw(name, body, mode) {
  const file = join(project, `scenario-${name}.mjs`);
  writeFileSync(file, `import { ModuleSpace } from ${JSON.stringify(modspaceURL)};\n${body}\n`);
  return runNode(file, { mode });
}

const spaceWith = (lockfile, extra = '') =>
  `new ModuleSpace({ base: import.meta.url, remote: { allow: [${JSON.stringify(server.origin)}], lockfile: ${JSON.stringify(lockfile)}, cache: false, ${extra} } })`;

test.before(async () => {
  server = await startRemoteServer(served);
});

test.after(async () => {
  await server?.stop();
  removeProject(project);
  removeProject(served);
});

for (const mode of hookModes) {
  test(`[${mode}] a cold import of a ${SIZE}-module remote graph writes the lockfile once, atomically and completely; a run without writeLockfile then succeeds from it`, async () => {
    const dir = folder('cold');
    const lockfile = join(dir, 'modspace.lock.json');
    const { result: out, counts } = await countWrites([dir], () => run('cold', `
      const space = ${spaceWith(lockfile, 'writeLockfile: true')};
      out.sum = (await space.import(${JSON.stringify(`${server.origin}/tree/m0.js`)})).sum;
      // Right after the import, in this process: the pins are on disk.
      const { readFileSync } = await import('node:fs');
      out.pinned = Object.keys(JSON.parse(readFileSync(${JSON.stringify(lockfile)}, 'utf8')).remote).length;
    `, mode));
    assert.is(out.sum, TREE_SUM);
    assert.is(out.pinned, SIZE, 'complete when space.import() settles');
    // Before: one write per fetched file (24 here).
    assert.equal(counts[0], { replaced: 1, changed: 0 }, `lockfile writes: ${JSON.stringify(counts[0])}`);
    assert.equal(readLock(dir), { version: 1, remote: pinsOf(treePaths) });
    assert.equal(leftovers(dir), [], 'no temporary file left');

    const again = run('from-lockfile', `
      const space = ${spaceWith(lockfile)};
      out.sum = (await space.import(${JSON.stringify(`${server.origin}/tree/m0.js`)})).sum;
    `, mode);
    assert.is(again.sum, TREE_SUM, 'every file fetched again (no cache) and found pinned');
  });

  test(`[${mode}] imports a module makes later are written when the thread goes quiet, once, without an exit`, async () => {
    const dir = folder('later');
    const lockfile = join(dir, 'modspace.lock.json');
    const { result: out, counts } = await countWrites([dir], () => run('later', `
      const { existsSync, readFileSync } = await import('node:fs');
      const space = ${spaceWith(lockfile, 'writeLockfile: true')};
      const local = await space.import('./local.js');
      out.sum = (await local.load(${JSON.stringify(`${server.origin}/tree/m0.js`)})).sum;
      // No space.import() settles for these: the hooks write them by themselves. Wait for it (10 s at most).
      for (let waited = 0; !existsSync(${JSON.stringify(lockfile)}) && waited < 10_000; waited += 20) await new Promise((wake) => setTimeout(wake, 20));
      out.pinned = existsSync(${JSON.stringify(lockfile)}) ? Object.keys(JSON.parse(readFileSync(${JSON.stringify(lockfile)}, 'utf8')).remote).length : 0;
    `, mode));
    assert.is(out.sum, TREE_SUM);
    assert.is(out.pinned, SIZE);
    assert.equal(counts[0], { replaced: 1, changed: 0 }, `lockfile writes: ${JSON.stringify(counts[0])}`);
    assert.equal(readLock(dir), { version: 1, remote: pinsOf(treePaths) });
  });

  test(`[${mode}] no pin is lost when the process exits right after an import: process.exit(), a throw; a killed process leaves the old file whole`, () => {
    const exits = { exit: 'process.exit(0);', throw: "throw new Error('right after the import');" };
    for (const [how, ending] of Object.entries(exits)) {
      const dir = folder(how);
      const lockfile = join(dir, 'modspace.lock.json');
      const result = runRaw(`exit-${how}`, `
        const space = ${spaceWith(lockfile, 'writeLockfile: true')};
        const local = await space.import('./local.js');
        await local.load(${JSON.stringify(`${server.origin}/tree/m0.js`)});
        ${ending}
      `, mode);
      assert.is(result.status, how === 'exit' ? 0 : 1, `${how}: ${result.stderr}`);
      assert.equal(readLock(dir), { version: 1, remote: pinsOf(treePaths) }, how);
      assert.equal(leftovers(dir), [], `${how}: no temporary file left`);
    }

    // Killed with pins pending: they are lost (the next run pins them again), the file is not torn.
    const dir = folder('killed');
    const lockfile = join(dir, 'modspace.lock.json');
    writeFileSync(lockfile, `${JSON.stringify({ version: 1, remote: pinsOf(treePaths) }, null, 2)}\n`);
    const before = readFileSync(lockfile, 'utf8');
    const killed = runRaw('killed', `
      const space = ${spaceWith(lockfile, 'writeLockfile: true')};
      const local = await space.import('./local.js');
      await local.load(${JSON.stringify(`${server.origin}/extra/late.js`)});
      process.kill(process.pid, 'SIGKILL');
    `, mode);
    assert.is(killed.signal, 'SIGKILL');
    const after = readFileSync(lockfile, 'utf8');
    if (after !== before) assert.equal(JSON.parse(after).remote, pinsOf([...treePaths, 'extra/late.js']), 'written whole, or not at all');
    assert.equal(leftovers(dir), []);
  });

  test(`[${mode}] a lockfile that cannot be written fails the import with ERR_MODSPACE_LOCKFILE, and says so at exit`, () => {
    // Its name fits (250 bytes: stat says "no such file"), that of the temporary file written first does not (255 at most).
    const lockfile = join(folder('unwritable'), `${'l'.repeat(245)}.json`);
    const result = runRaw('unwritable', `
      const space = new ModuleSpace({ name: 'pinned', base: import.meta.url, remote: { allow: [${JSON.stringify(server.origin)}], lockfile: ${JSON.stringify(lockfile)}, writeLockfile: true, cache: false } });
      try {
        await space.import(${JSON.stringify(`${server.origin}/tree/m20.js`)});
        console.log(JSON.stringify('no error'));
      } catch (error) {
        console.log(JSON.stringify({ code: error.code, message: error.message, space: error.space }));
      }
    `, mode);
    assert.is(result.status, 0, result.stderr);
    assert.is(result.json.code, 'ERR_MODSPACE_LOCKFILE', JSON.stringify(result.json));
    assert.match(result.json.message, `Cannot write lockfile ${lockfile}`, JSON.stringify(result.json));
    assert.is(result.json.space, 'pinned');
    assert.match(result.stderr, `modspace: lockfile pins were not saved: Cannot write lockfile ${lockfile}`);
  });
}

test.run();

function run(name, body, mode) {
  return runInProject(project, name, body, { mode });
}
