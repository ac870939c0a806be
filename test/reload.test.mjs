// Reload without restart: the module graph of a space, invalidate() of a
// leaf, a middle module, a cycle, a shared module, an invalidation racing an
// import, a class two files down, and explain()/MODSPACE_DEBUG. Each scenario
// runs in a child process once per hook path this Node offers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hookModes, makeProject, modspaceURL, removeProject, runInProject, runNode } from './helpers.mjs';

const counted = (name, body = '') => `
  globalThis.__evals ??= {};
  globalThis.__evals[${JSON.stringify(name)}] = (globalThis.__evals[${JSON.stringify(name)}] ?? 0) + 1;
  export const instance = globalThis.__evals[${JSON.stringify(name)}];
  export const url = import.meta.url;
  ${body}
`;

const files = {
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  // entry → mid → leaf; entry → side
  'graph/entry.js': counted('entry', `import * as mid from './mid.js'; import * as side from './side.js'; export { mid, side };`),
  'graph/mid.js': counted('mid', `import * as leaf from './leaf.js'; export { leaf };`),
  'graph/leaf.js': counted('leaf'),
  'graph/side.js': counted('side'),
  // entry → a ⇄ b, entry → other
  'cycle/entry.js': counted('centry', `import * as a from './a.js'; import * as other from './other.js'; export { a, other };`),
  'cycle/a.js': counted('a', `import * as b from './b.js'; export { b };`),
  'cycle/b.js': counted('b', `import * as a from './a.js'; export const seesA = () => a.instance;`),
  'cycle/other.js': counted('other'),
  // a child space shares host.js with its parent
  'shared/host.js': counted('host', `export class Token {}`),
  'shared/plugin.js': counted('plugin', `import { Token } from './host.js'; export const token = new Token(); export { Token };`),
  // RoomObject extends BaseObject, two files down from the world
  'deep/base.js': `export class BaseObject { describe() { return 'base v1'; } }`,
  'deep/room.js': `import { BaseObject } from './base.js'; export class RoomObject extends BaseObject { name = 'hall'; }`,
  'deep/world.js': `import { RoomObject } from './room.js'; export const room = new RoomObject();`,
  // an import in flight while an invalidation is requested
  'race/entry.js': counted('rentry', `import * as leaf from './leaf.js'; import { late } from './gate.js'; export { leaf, late };`),
  'race/gate.js': `
    globalThis.__gateReached();
    await globalThis.__gate;
    export const late = await import('./late.js');
  `,
  'race/late.js': `export * as leaf from './leaf.js';`,
  'race/leaf.js': counted('rleaf'),
  // a module whose top level imports more through the space while an invalidation waits
  'nested/outer.js': `
    globalThis.__gateReached();
    await globalThis.__gate;
    export const inner = await globalThis.__space.import('./nested/inner.js');
  `,
  'nested/inner.js': counted('inner'),
  'explain/main.js': `import './dep.js';`,
  'explain/dep.js': `export default 1;`,
  'explain/shared.js': `export default 'shared';`,
};

function withProject(fn) {
  const project = makeProject(files);
  try {
    return fn(project);
  } finally {
    removeProject(project);
  }
}

for (const mode of hookModes) {
  test(`[${mode}] modules() lists each loaded module with its file, generation and importers`, () => {
    withProject((project) => {
      const out = runInProject(project, 'modules', `
        const space = new ModuleSpace({ name: 'graph', base: import.meta.url });
        out.before = space.modules().length;
        await space.import('./graph/entry.js');
        out.modules = space.modules().map((m) => ({ ...m, url: m.url.replace(/^.*\\/graph\\//, ''), file: m.file.replace(/^.*\\/graph\\//, ''),
          importers: m.importers.map((u) => u.replace(/^.*\\/graph\\//, '')) }));
        await space.dispose();
      `, { mode });
      assert.is(out.before, 0);
      const byFile = Object.fromEntries(out.modules.map((m) => [m.file, m]));
      assert.equal(Object.keys(byFile).sort(), ['entry.js', 'leaf.js', 'mid.js', 'side.js']);
      assert.is(byFile['leaf.js'].url, 'leaf.js?modspace=s1.g1');
      assert.is(byFile['leaf.js'].generation, 1);
      assert.equal(byFile['leaf.js'].importers, ['mid.js?modspace=s1.g1']);
      assert.equal(byFile['mid.js'].importers, ['entry.js?modspace=s1.g1']);
      assert.equal(byFile['entry.js'].importers, [], 'the host imported the entry: no importer in the space');
    });
  });

  test(`[${mode}] invalidating a leaf renews it and its importers only; a middle module renews upwards only`, () => {
    withProject((project) => {
      const out = runInProject(project, 'leaf', `
        const space = new ModuleSpace({ base: import.meta.url });
        const first = await space.import('./graph/entry.js');
        out.invalidated = (await space.invalidate('./graph/leaf.js')).map((u) => u.replace(/^.*\\/graph\\//, '')).sort();
        out.generation = space.generation;
        const second = await space.import('./graph/entry.js');
        out.leaf = [first.mid.leaf.instance, second.mid.leaf.instance];
        out.mid = [first.mid.instance, second.mid.instance];
        out.entry = [first.instance, second.instance];
        out.sideSame = first.side === second.side;
        out.oldStillWorks = first.mid.leaf.instance;
        out.leafURL = second.mid.leaf.url.replace(/^.*\\/graph\\//, '');
        out.sideURL = second.side.url.replace(/^.*\\/graph\\//, '');

        await space.invalidate(new URL('./graph/mid.js', import.meta.url));
        const third = await space.import('./graph/entry.js');
        out.afterMid = { leafSame: third.mid.leaf === second.mid.leaf, midNew: third.mid !== second.mid, entryNew: third !== second, sideSame: third.side === second.side };
        try { space.invalidate('./graph/never-loaded.js'); out.unknown = 'no error'; } catch (e) { out.unknown = e.code; }
        out.evals = globalThis.__evals;
      `, { mode });
      assert.equal(out.invalidated, ['entry.js', 'leaf.js', 'mid.js']);
      assert.is(out.generation, 2);
      assert.equal(out.leaf, [1, 2]);
      assert.equal(out.mid, [1, 2]);
      assert.equal(out.entry, [1, 2]);
      assert.is(out.sideSame, true, 'a module outside the importer chain keeps its instance');
      assert.is(out.oldStillWorks, 1, 'the old instance stays valid while referenced');
      assert.is(out.leafURL, 'leaf.js?modspace=s1.g2');
      assert.is(out.sideURL, 'side.js?modspace=s1.g1');
      assert.equal(out.afterMid, { leafSame: true, midNew: true, entryNew: true, sideSame: true });
      assert.is(out.unknown, 'ERR_MODSPACE_UNRESOLVED_KEY', 'a path to no file that the space never loaded is a mistake');
      assert.equal(out.evals, { entry: 3, mid: 3, leaf: 2, side: 1 });
    });
  });

  test(`[${mode}] a cycle is renewed as a whole, once`, () => {
    withProject((project) => {
      const out = runInProject(project, 'cycle', `
        const space = new ModuleSpace({ base: import.meta.url });
        const first = await space.import('./cycle/entry.js');
        out.invalidated = (await space.invalidate('./cycle/b.js')).map((u) => u.replace(/^.*\\/cycle\\//, '')).sort();
        const second = await space.import('./cycle/entry.js');
        out.bSeesNewA = second.a.b.seesA() === second.a.instance;
        out.otherSame = first.other === second.other;
        out.evals = globalThis.__evals;
      `, { mode });
      assert.equal(out.invalidated, ['a.js', 'b.js', 'entry.js']);
      assert.is(out.bSeesNewA, true);
      assert.is(out.otherSame, true);
      assert.equal(out.evals, { centry: 2, a: 2, b: 2, other: 1 });
    });
  });

  test(`[${mode}] a module shared from the parent is untouched by the child; the parent's invalidation reaches the child's importers`, () => {
    withProject((project) => {
      const out = runInProject(project, 'shared', `
        const parent = new ModuleSpace({ name: 'host', base: import.meta.url });
        const host = await parent.import('./shared/host.js');
        const child = parent.child({ name: 'plugin', share: ['./shared/host.js'] });
        const first = await child.import('./shared/plugin.js');
        out.childInvalidates = await child.invalidate('./shared/host.js');
        const second = await child.import('./shared/plugin.js');
        out.untouched = second === first && host === (await parent.import('./shared/host.js'));
        out.hostImporters = parent.modules().find((m) => m.file.endsWith('host.js')).importers.map((u) => u.replace(/^.*\\/shared\\//, ''));
        out.parentInvalidates = (await parent.invalidate('./shared/host.js')).map((u) => u.replace(/^.*\\/shared\\//, '')).sort();
        const newHost = await parent.import('./shared/host.js');
        const third = await child.import('./shared/plugin.js');
        out.childFollows = third !== first && third.token instanceof newHost.Token && !(third.token instanceof host.Token);
        out.generations = [parent.generation, child.generation];
      `, { mode });
      assert.equal(out.childInvalidates, [], "the child's invalidate() does not reach its parent's instance");
      assert.is(out.untouched, true);
      assert.equal(out.hostImporters, ['plugin.js?modspace=s2.g1']);
      assert.equal(out.parentInvalidates, ['host.js', 'plugin.js']);
      assert.is(out.childFollows, true);
      assert.equal(out.generations, [2, 2]);
    });
  });

  test(`[${mode}] two deep: the reloaded RoomObject extends the edited BaseObject; old rooms keep the old class`, () => {
    withProject((project) => {
      const out = runInProject(project, 'deep', `
        import { writeFileSync } from 'node:fs';
        const space = new ModuleSpace({ base: import.meta.url });
        const before = await space.import('./deep/world.js');
        writeFileSync(new URL('./deep/base.js', import.meta.url), "export class BaseObject { describe() { return 'base v2 ' + this.name; } }");
        await space.invalidate('./deep/base.js');
        const after = await space.import('./deep/world.js');
        const { BaseObject } = await space.import('./deep/base.js');
        out.old = before.room.describe();
        out.now = after.room.describe();
        out.extendsNew = after.room instanceof BaseObject && !(before.room instanceof BaseObject);
      `, { mode });
      assert.is(out.old, 'base v1');
      assert.is(out.now, 'base v2 hall');
      assert.is(out.extendsNew, true);
    });
  });

  test(`[${mode}] an invalidation requested during an import applies after it: that import sees one generation`, () => {
    withProject((project) => {
      const out = runInProject(project, 'race', `
        let open;
        globalThis.__gate = new Promise((r) => (open = r));
        const reached = new Promise((r) => (globalThis.__gateReached = r));
        const space = new ModuleSpace({ base: import.meta.url });
        await space.import('./race/leaf.js');
        const pending = space.import('./race/entry.js');
        await reached;
        // The entry's static imports are linked; late.js is still to be resolved.
        const invalidation = space.invalidate('./race/leaf.js');
        out.generationWhileBusy = space.generation;
        open();
        const first = await pending;
        out.invalidated = (await invalidation).map((u) => u.replace(/^.*\\/race\\//, '')).sort();
        out.oneGeneration = first.late.leaf === first.leaf;
        out.firstLeaf = first.leaf.url.replace(/^.*\\/race\\//, '');
        const second = await space.import('./race/entry.js');
        out.secondLeaf = second.leaf.url.replace(/^.*\\/race\\//, '');
        out.secondConsistent = second.late.leaf === second.leaf;
      `, { mode });
      assert.is(out.generationWhileBusy, 1, 'nothing changed while the import was in flight');
      assert.is(out.oneGeneration, true, 'the dynamic import during evaluation got the same leaf');
      assert.is(out.firstLeaf, 'leaf.js?modspace=s1.g1');
      assert.equal(out.invalidated, ['entry.js', 'gate.js', 'late.js', 'leaf.js']);
      assert.is(out.secondLeaf, 'leaf.js?modspace=s1.g2');
      assert.is(out.secondConsistent, true);
    });
  });

  test(`[${mode}] an import made by the space's own module while a change waits does not wait for itself`, () => {
    withProject((project) => {
      const out = runInProject(project, 'nested', `
        let open;
        globalThis.__gate = new Promise((r) => (open = r));
        const reached = new Promise((r) => (globalThis.__gateReached = r));
        const space = new ModuleSpace({ base: import.meta.url });
        globalThis.__space = space;
        await space.import('./nested/inner.js');
        const pending = space.import('./nested/outer.js');
        await reached;
        const invalidation = space.invalidate('./nested/inner.js');
        open();
        const outer = await pending;
        out.innerBeforeChange = outer.inner.instance;
        out.invalidated = (await invalidation).length;
        out.after = (await space.import('./nested/inner.js')).instance;
      `, { mode, timeout: 20_000 });
      assert.is(out.innerBeforeChange, 1, 'the nested import ran before the change, with the instance the outer import saw');
      assert.ok(out.invalidated >= 1);
      assert.is(out.after, 2);
    });
  });

  test(`[${mode}] fresh() during an import also waits for it`, () => {
    withProject((project) => {
      const out = runInProject(project, 'race-fresh', `
        let open;
        globalThis.__gate = new Promise((r) => (open = r));
        const reached = new Promise((r) => (globalThis.__gateReached = r));
        const space = new ModuleSpace({ base: import.meta.url });
        const pending = space.import('./race/entry.js');
        await reached;
        space.fresh();
        open();
        const first = await pending;
        out.oneGeneration = first.late.leaf === first.leaf;
        out.generation = space.generation;
        out.next = (await space.import('./race/leaf.js')).url.replace(/^.*\\/race\\//, '');
      `, { mode });
      assert.is(out.oneGeneration, true);
      assert.is(out.generation, 2);
      assert.is(out.next, 'leaf.js?modspace=s1.g2');
    });
  });

  test(`[${mode}] explain() returns the decision as data; MODSPACE_DEBUG=1 prints the same decisions`, () => {
    withProject((project) => {
      const body = `
        const parent = new ModuleSpace({ name: 'host', base: import.meta.url });
        const space = parent.child({
          name: 'explained',
          overrides: { 'node:os': { platform: () => 'fake' }, './explain/dep.js': './explain/shared.js' },
          share: ['./explain/shared.js'],
          policy: { deny: ['node:child_process'] },
        });
        const strip = (d) => ({ ...d, url: d.url && d.url.replace(/^.*\\/explain\\//, ''), importer: d.importer.replace(/^.*\\/explain\\//, '') });
        const main = new URL('./explain/main.js', import.meta.url);
        out.override = strip(space.explain('node:os', main));
        out.redirect = strip(space.explain('./dep.js', main));
        out.share = strip(space.explain('./shared.js', main));
        out.builtin = strip(space.explain('node:path', main));
        out.own = strip(space.explain('./main.js', main));
        out.denied = strip(space.explain('node:child_process', main));
        out.missing = strip(space.explain('./nope.js', main));
        out.fromBase = strip(space.explain('./explain/main.js'));
        await space.import('./explain/main.js');
      `;
      const out = runInProject(project, 'explain', body, { mode });
      assert.is(out.override.rule, 'override');
      assert.match(out.override.url, /^modspace:\/\/\/2\/.*\?modspace=s2\.g1$/);
      assert.is(out.override.space, 'explained');
      assert.is(out.override.importer, 'main.js');
      assert.is(out.redirect.rule, 'override');
      assert.match(out.redirect.detail, /^redirect to file:.*shared\.js$/);
      assert.is(out.redirect.url, 'shared.js?modspace=s1.g1', 'a redirect to a shared module lands in the parent');
      assert.equal([out.share.rule, out.share.detail, out.share.url], ['share', 'host', 'shared.js?modspace=s1.g1']);
      assert.equal([out.builtin.rule, out.builtin.url], ['builtin', 'node:path']);
      assert.equal([out.own.rule, out.own.url], ['space', 'main.js?modspace=s2.g1']);
      assert.is(out.denied.rule, 'denied');
      assert.is(out.denied.detail, 'deny: node:child_process');
      assert.is(out.denied.url, null);
      assert.is(out.denied.error.code, 'ERR_MODSPACE_DENIED');
      assert.is(out.missing.rule, 'failed');
      assert.is(out.missing.error.code, 'ERR_MODULE_NOT_FOUND');
      assert.is(out.fromBase.importer.endsWith('scenario-explain.mjs'), true, 'without an importer, the space base imports');

      const debug = runNode(join(project, 'scenario-explain.mjs'), { mode, env: { MODSPACE_DEBUG: '1' } });
      assert.is(debug.status, 0, debug.stderr);
      const lines = debug.stderr.split('\n').filter((line) => line.startsWith('modspace ['));
      const line = lines.find((l) => l.includes('"./dep.js" from') && !l.includes('scenario'));
      assert.ok(line, `a line for main.js importing ./dep.js in:\n${debug.stderr}`);
      assert.match(line, /^modspace \[explained\] "\.\/dep\.js" from \/.*\/explain\/main\.js -> override \(redirect to file:.*shared\.js\): file:.*shared\.js\?modspace=s1\.g1$/);
      assert.ok(lines.some((l) => /"node:child_process" .* -> denied \(deny: node:child_process\): ERR_MODSPACE_DENIED/.test(l)), 'refusals are printed too');
      const quiet = runNode(join(project, 'scenario-explain.mjs'), { mode });
      assert.is(quiet.stderr.includes('modspace ['), false, 'nothing is printed without MODSPACE_DEBUG');
    });
  });

  test(`[${mode}] bad input to invalidate() and explain(): codes, and nothing changed`, () => {
    withProject((project) => {
      const out = runInProject(project, 'bad', `
        const space = new ModuleSpace({ name: 'bad', base: import.meta.url });
        await space.import('./graph/entry.js');
        const capture = (fn) => { try { fn(); return 'no error'; } catch (e) { return { code: e.code, message: e.message }; } };
        out.number = capture(() => space.invalidate(42));
        out.emptyList = await space.invalidate([]);
        out.mixed = capture(() => space.invalidate(['./graph/leaf.js', 'no-such-package']));
        out.generation = space.generation;
        out.stillSame = space.modules().every((m) => m.generation === 1);
        out.explainBad = capture(() => space.explain(''));
        out.explainImporter = capture(() => space.explain('./x.js', 7));
        await space.dispose();
        out.disposed = capture(() => space.invalidate('./graph/leaf.js'));
        out.disposedModules = capture(() => space.modules());
        out.disposedExplain = capture(() => space.explain('./graph/leaf.js'));
      `, { mode });
      assert.is(out.number.code, 'ERR_MODSPACE_INVALID_OPTION');
      assert.match(out.number.message, /\[modspace:bad\] invalidate\(\) takes paths, URLs or specifiers, got number 42/);
      assert.equal(out.emptyList, []);
      assert.is(out.mixed.code, 'ERR_MODSPACE_UNRESOLVED_KEY');
      assert.match(out.mixed.message, /no-such-package/);
      assert.is(out.generation, 1, 'a list with one bad key changes nothing');
      assert.is(out.stillSame, true);
      assert.is(out.explainBad.code, 'ERR_MODSPACE_INVALID_OPTION');
      assert.is(out.explainImporter.code, 'ERR_MODSPACE_INVALID_OPTION');
      for (const key of ['disposed', 'disposedModules', 'disposedExplain']) assert.is(out[key].code, 'ERR_MODSPACE_DISPOSED', key);
    });
  });
}

test.run();
