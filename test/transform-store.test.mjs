// The runner's transforms on disk (MODSPACE_CACHE_DIR, node_modules/.cache/modspace,
// MODSPACE_CACHE=0): a later process reads what an earlier one wrote, an edited
// file is transformed anew, and a damaged or foreign entry is a miss.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hookModes, makeProject, removeProject, runInProject } from './helpers.mjs';

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'lib/greet.js': "import { name } from './name.js'; export const greet = () => 'hello ' + name;\n",
  'lib/name.js': "export const name = 'original';\n",
});
const cacheDir = join(project, 'cache');
const importGreet = `
  const space = new ModuleSpace({ base: import.meta.url, engine: 'runner' });
  out.greeting = (await space.import('./lib/greet.js')).greet();
  await new Promise((resolve) => setTimeout(resolve, 200)); // the store writes asynchronously
`;
const entries = (dir) => (existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((file) => String(file).endsWith('.json')).map((file) => join(dir, String(file))) : []);
/** The entry whose transformed code contains `text`. */
const entryWith = (dir, text) => entries(dir).find((file) => readFileSync(file, 'utf8').includes(text));

for (const mode of hookModes) {
  test(`[${mode}] transforms on disk: written once, read by a later process, renewed when the file changes`, () => {
    rmSync(cacheDir, { recursive: true, force: true });
    writeFileSync(join(project, 'lib/name.js'), "export const name = 'original';\n");
    const env = { MODSPACE_CACHE_DIR: cacheDir, MODSPACE_CACHE: '' };
    assert.is(runInProject(project, 'store-write', importGreet, { mode, env }).greeting, 'hello original');
    const stored = entries(join(cacheDir, 'transforms'));
    assert.is(stored.length, 2, 'one entry per module');

    // A later process uses the entry: the stored transform is what runs (changed here to show it).
    const entry = entryWith(join(cacheDir, 'transforms'), "'original'");
    const saved = readFileSync(entry, 'utf8');
    writeFileSync(entry, saved.replace("'original'", "'from the store'"));
    assert.is(runInProject(project, 'store-read', importGreet, { mode, env }).greeting, 'hello from the store');

    // An edited file has other text, so another key: never a stale transform.
    writeFileSync(join(project, 'lib/name.js'), "export const name = 'edited';\n");
    assert.is(runInProject(project, 'store-edit', importGreet, { mode, env }).greeting, 'hello edited');
    assert.is(entries(join(cacheDir, 'transforms')).length, 3);

    // A damaged entry, or one from another version of the runner (its salt), is a miss, and is written again.
    writeFileSync(join(project, 'lib/name.js'), "export const name = 'original';\n");
    writeFileSync(entry, '{ not json');
    assert.is(runInProject(project, 'store-damaged', importGreet, { mode, env }).greeting, 'hello original');
    assert.is(readFileSync(entry, 'utf8'), saved, 'rewritten as before');
    // JSON of the wrong shape (a specifier that is not a string, a request index out of range, a missing list) is a miss too.
    for (const damage of [(t) => (t.requests = [{ specifier: 7, attributes: {} }]), (t) => (t.starExports = [5]), (t) => (t.requests = null)]) {
      const parsed = JSON.parse(saved);
      damage(parsed.transform);
      writeFileSync(entry, JSON.stringify(parsed));
      assert.is(runInProject(project, 'store-shape', importGreet, { mode, env }).greeting, 'hello original');
    }
    writeFileSync(entry, saved.replace(/"salt":"[^"]+"/, '"salt":"another-version"').replace("'original'", "'foreign'"));
    assert.is(runInProject(project, 'store-foreign', importGreet, { mode, env }).greeting, 'hello original');
  });
}

test('transforms on disk: node_modules/.cache/modspace of the working directory by default, nothing without node_modules or with MODSPACE_CACHE=0', () => {
  const mode = hookModes[0];
  rmSync(join(project, 'node_modules'), { recursive: true, force: true });
  const env = { MODSPACE_CACHE_DIR: '', MODSPACE_CACHE: '' };
  // No node_modules in the working directory: nothing is written anywhere in it.
  runInProject(project, 'store-none', importGreet, { mode, env });
  assert.not.ok(existsSync(join(project, 'node_modules')));
  mkdirSync(join(project, 'node_modules'));
  runInProject(project, 'store-off', importGreet, { mode, env: { ...env, MODSPACE_CACHE: '0' } });
  assert.equal(readdirSync(join(project, 'node_modules')), [], 'MODSPACE_CACHE=0 writes nothing');
  runInProject(project, 'store-default', importGreet, { mode, env });
  assert.is(entries(join(project, 'node_modules/.cache/modspace/transforms')).length, 2);
  // The native engine transforms nothing.
  rmSync(join(project, 'node_modules/.cache'), { recursive: true, force: true });
  runInProject(project, 'store-native', `
    const space = new ModuleSpace({ base: import.meta.url, engine: 'native' });
    out.greeting = (await space.import('./lib/greet.js')).greet();
  `, { mode, env });
  assert.not.ok(existsSync(join(project, 'node_modules/.cache')));
});

test.after(() => removeProject(project));
test.run();
