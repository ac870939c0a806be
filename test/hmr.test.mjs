// Hot module replacement (space.watch({ hot: true })): import.meta.hot in the
// modules of a hot space and nowhere else; self-accepting modules re-run
// alone, accept(deps, cb) gets the new namespaces, dispose runs before the
// new instance with `data` carried, decline() and a missing boundary fall
// back to re-importing the entry (or re-running it: fallback 'restart'),
// invalidate() hands the update to the importers, cycles and a module under
// two boundaries, broken edits keep the old code and report file:line. Both
// engines, every hook path, real files and fs.watch, in child processes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hookModes, makeProject, removeProject, root, runInProject } from './helpers.mjs';

const log = (text) => `globalThis.log.push(${text});`;

const files = {
  // '#routes' is not relative: accept() must resolve it as the module's imports do.
  'package.json': JSON.stringify({ name: 'app', type: 'module', imports: { '#routes': './app/routes.js' } }),
  'app/entry.js': `${log("'entry'")}
import './route.js'; import { ask, askXY } from './server.js'; import './cyc-a.js'; import './r1.js'; import './r2.js';
import './plain.js'; import './decl-parent.js'; import './inv-parent.js';
export { ask, askXY };
export const hot = typeof import.meta.hot;`,
  'app/route.js': `import { helper } from './helper.js';
${log("'route v1 n=' + (import.meta.hot.data.n ?? 0)")}
import.meta.hot.accept();
import.meta.hot.dispose((data) => { data.n = (data.n ?? 0) + 1; ${log("'dispose v1'")} });
globalThis.current = () => 'v1' + helper;`,
  'app/helper.js': `${log("'helper v1'")} export const helper = '!';`,
  'app/server.js': `import * as routes from '#routes'; import * as x from './x.js'; import * as y from './y.js';
${log("'server'")}
let current = routes, xy = [x.v, y.v];
import.meta.hot.accept('#routes', (next) => { current = next; ${log("'accepted routes ' + next.version")} });
import.meta.hot.accept(['./x.js', './y.js'], ([nx, ny]) => { xy = [nx?.v ?? xy[0], ny?.v ?? xy[1]]; ${log("'accepted xy ' + (nx === undefined) + ' ' + (ny === undefined)")} });
export const ask = () => current.version;
export const askXY = () => xy.join(',');`,
  'app/routes.js': `${log("'routes 1'")} export const version = 1;`,
  'app/x.js': `export const v = 'x1';`,
  'app/y.js': `export const v = 'y1';`,
  'app/cyc-a.js': `import { b } from './cyc-b.js'; ${log("'cyc-a ' + b()")} import.meta.hot.accept(); export const a = 'a';`,
  'app/cyc-b.js': `import { a } from './cyc-a.js'; ${log("'cyc-b v1'")} export const b = () => 'b1';`,
  'app/shared.js': `${log("'shared v1'")} export const s = 1;`,
  'app/r1.js': `import { s } from './shared.js'; ${log("'r1'")} import.meta.hot.accept();`,
  'app/r2.js': `import { s } from './shared.js'; ${log("'r2'")} import.meta.hot.accept();`,
  'app/plain.js': `${log("'plain v1'")} export const p = 1;`,
  'app/decl.js': `${log("'decl v1'")} import.meta.hot.decline();`,
  'app/decl-parent.js': `import './decl.js'; ${log("'decl-parent'")} import.meta.hot.accept();`,
  'app/inv.js': `${log("'inv v1'")} import.meta.hot.accept();`,
  'app/inv-parent.js': `import './inv.js'; ${log("'inv-parent'")} import.meta.hot.accept();`,
  'app/other.js': `export const hot = typeof import.meta.hot;`,
};

const engines = ['native', 'runner'];

for (const mode of hookModes) {
  for (const engine of engines) {
    test(`[${mode}, ${engine}] import.meta.hot: boundaries, accept(deps), dispose and data, decline, invalidate, cycles, fallback, broken edits`, () => {
      const project = makeProject(files);
      try {
        const out = runInProject(project, 'hmr', `
          import { writeFileSync, readFileSync } from 'node:fs';
          globalThis.log = [];
          const space = new ModuleSpace({ name: 'hot', base: import.meta.url, engine: '${engine}' });
          let reimported = 0;
          const watcher = space.watch({ entry: './app/entry.js', hot: true, debounce: 30, onReload: () => reimported++ });
          const entry = await watcher.ready;
          out.start = log.splice(0);
          out.entryHot = entry.hot;
          out.hostHot = typeof import.meta.hot;
          const plainSpace = new ModuleSpace({ name: 'plain', base: import.meta.url, engine: '${engine}' });
          out.otherHot = (await plainSpace.import('./app/other.js')).hot;
          const short = (path) => path.replace(/^.*\\/app\\//, '');
          const events = (count) => new Promise((resolve) => {
            const seen = [];
            const take = (kind) => (event) => {
              seen.push(kind === 'reload'
                ? { kind: event.hot.kind, boundaries: event.hot.boundaries.map(short), reason: event.hot.reason, modules: event.modules.map(short).sort(), entry: event.namespace !== undefined }
                : { kind: 'error', name: event.error.name, file: event.location && short(event.location.file), line: event.location?.line });
              if (seen.length === count) { watcher.off('reload', onReload); watcher.off('error', onError); resolve(seen); }
            };
            const onReload = take('reload'), onError = take('error');
            watcher.on('reload', onReload); watcher.on('error', onError);
          });
          const edit = async (file, from, to, count = 1) => {
            const url = new URL('./app/' + file, import.meta.url);
            const next = events(count);
            writeFileSync(url, readFileSync(url, 'utf8').replaceAll(from, to));
            const seen = await next;
            return { events: seen, log: log.splice(0) };
          };
          out.route = await edit('route.js', 'v1', 'v2');
          out.routeServes = current();
          out.helper = await edit('helper.js', "'!'", "'?'");
          out.routes = await edit('routes.js', '1', '2');
          out.ask = entry.ask();
          out.x = await edit('x.js', 'x1', 'x2');
          out.askXY = entry.askXY();
          out.cycle = await edit('cyc-b.js', 'b1', 'b2');
          out.shared = await edit('shared.js', 'v1', 'v2');
          out.decl = await edit('decl.js', 'v1', 'v2');
          out.inv = await edit('inv.js', "'inv v1'", "'inv v2'); import.meta.hot.invalidate(", 2);
          out.plain = await edit('plain.js', 'v1', 'v2');
          out.reimported = reimported;
          out.syntax = await edit('route.js', 'import.meta.hot.accept();', 'import.meta.hot.accept(;');
          out.syntaxServes = current();
          out.throws = await edit('route.js', 'import.meta.hot.accept(;', "import.meta.hot.accept(); throw new Error('boom');");
          out.throwsServes = current();
          out.fixed = await edit('route.js', "throw new Error('boom');", '');
          out.fixedServes = current();
          await watcher.close();
          await space.dispose();
          await plainSpace.dispose();
        `, { mode, timeout: 60_000 });
        assert.equal(out.start.slice(-1), ['entry']);
        assert.is(out.entryHot, 'object', 'a hot space has import.meta.hot');
        assert.is(out.hostHot, 'undefined', 'the host has none');
        assert.is(out.otherHot, 'undefined', 'a space that is not hot has none');

        // Self-accepting: only the edited module runs again; dispose first, data carried.
        assert.equal(out.route.events, [{ kind: 'hot', boundaries: ['route.js'], reason: null, modules: ['route.js'], entry: false }]);
        assert.equal(out.route.log, ['dispose v1', 'route v2 n=1']);
        assert.is(out.routeServes, 'v2!');
        // A dependency of a self-accepting module: renewed up to (and including) the boundary.
        assert.equal(out.helper.events[0].modules, ['helper.js', 'route.js']);
        assert.equal(out.helper.log, ['dispose v2', 'helper v1', 'route v2 n=2']);
        // accept(dep, cb): the importer keeps its instance and gets the new namespace (dep named as imported: '#routes').
        assert.equal(out.routes.events[0].boundaries, ['server.js']);
        assert.equal(out.routes.log, ['routes 2', 'accepted routes 2']);
        assert.is(out.ask, 2);
        // accept([deps], cb): namespaces of the changed deps, undefined for the others.
        assert.equal(out.x.log, ['accepted xy false true']);
        assert.is(out.askXY, 'x2,y1');
        // A cycle: renewed up to the self-accepting module, the entry untouched.
        assert.equal(out.cycle.events[0].modules, ['cyc-a.js', 'cyc-b.js']);
        assert.equal(out.cycle.log, ['cyc-b v1', 'cyc-a b2']);
        // A module under two boundaries: evaluated once, both boundaries re-run.
        assert.equal(out.shared.events[0].boundaries.sort(), ['r1.js', 'r2.js']);
        assert.equal(out.shared.log, ['shared v2', 'r1', 'r2']);
        // decline(): the fallback (re-import the entry) though an importer accepts.
        assert.is(out.decl.events[0].kind, 'reimport');
        assert.match(out.decl.events[0].reason, /decl\.js declined/);
        assert.ok(out.decl.events[0].entry);
        assert.equal(out.decl.log, ['decl v2', 'decl-parent', 'entry']);
        // invalidate(): the new instance hands the update to its importer (a second update).
        assert.equal(out.inv.events.map((event) => event.boundaries), [['inv.js'], ['inv-parent.js']]);
        assert.equal(out.inv.log, ['inv v2', 'inv-parent']);
        // No boundary: today's behaviour, the entry re-imported (onReload called).
        assert.is(out.plain.events[0].kind, 'reimport');
        assert.match(out.plain.events[0].reason, /no module accepts/);
        assert.equal(out.plain.log, ['plain v2', 'entry']);
        assert.is(out.reimported, 2);
        // A syntax error: reported at file:line before anything is disposed.
        assert.equal(out.syntax.events, [{ kind: 'error', name: 'SyntaxError', file: 'route.js', line: 3 }]);
        assert.equal(out.syntax.log, []);
        assert.is(out.syntaxServes, 'v2?');
        // A top-level throw: reported at its line; the old instance was disposed, its code still answers.
        assert.equal(out.throws.events, [{ kind: 'error', name: 'Error', file: 'route.js', line: 3 }]);
        assert.equal(out.throws.log, ['dispose v2', 'route v2 n=3']);
        assert.is(out.throwsServes, 'v2?');
        // The next good edit applies, still a boundary, data carried.
        assert.equal(out.fixed.events[0].boundaries, ['route.js']);
        assert.equal(out.fixed.log, ['route v2 n=3']);
        assert.is(out.fixedServes, 'v2?');
      } finally {
        removeProject(project);
      }
    });
  }
}

const restartFiles = {
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'app/entry.js': `${log("'entry'")} import './a.js'; import './c.js'; import './t.ts';
import.meta.hot.dispose(() => { ${log("'dispose entry'")} });`,
  'app/a.js': `${log("'a v1'")} import.meta.hot.dispose(() => { ${log("'dispose a'")} });`,
  'app/c.js': `${log("'c'")}`,
  'app/t.ts': `const version: number = 1;
${log("'t ' + version")}
import.meta.hot?.accept();
export {};`,
};

for (const mode of hookModes) {
  for (const engine of engines) {
    test(`[${mode}, ${engine}] fallback 'restart': every dispose callback, then the entry in a fresh generation; TypeScript keeps its lines; bad options`, () => {
      const project = makeProject(restartFiles);
      try {
        const out = runInProject(project, 'restart', `
          import { writeFileSync, readFileSync } from 'node:fs';
          globalThis.log = [];
          const space = new ModuleSpace({ name: 'hot', base: import.meta.url, engine: '${engine}' });
          for (const options of [{ hot: 'yes' }, { hot: true, fallback: 'reload' }]) {
            try { space.watch(options); } catch (error) { (out.bad ??= []).push([error.code, error.message]); }
          }
          const watcher = space.watch({ entry: './app/entry.js', hot: true, fallback: 'restart', debounce: 30 });
          await watcher.ready;
          out.start = log.splice(0);
          const short = (path) => path.replace(/^.*\\/app\\//, '');
          const edit = async (file, from, to) => {
            const url = new URL('./app/' + file, import.meta.url);
            const next = new Promise((resolve) => {
              watcher.once('reload', (event) => resolve({ kind: event.hot.kind, generation: event.generation }));
              watcher.once('error', (event) => resolve({ kind: 'error', name: event.error.name, file: event.location && short(event.location.file), line: event.location?.line }));
            });
            writeFileSync(url, readFileSync(url, 'utf8').replace(from, to));
            const event = await next;
            watcher.removeAllListeners('reload'); watcher.removeAllListeners('error');
            return { event, log: log.splice(0) };
          };
          out.ts = await edit('t.ts', '= 1', '= 2');
          out.tsThrows = await edit('t.ts', "export {};", "if (version) throw new Error('ts boom');\\nexport {};");
          out.tsFixed = await edit('t.ts', "if (version) throw new Error('ts boom');\\n", '');
          out.restart = await edit('a.js', 'v1', 'v2');
          out.syntax = await edit('a.js', "'a v2'", "'a v2' +");
          out.entryThrows = await edit('a.js', "'a v2' +", "'a v3'); throw new Error('down'); (0");
          out.back = await edit('a.js', "throw new Error('down');", '');
          await watcher.close();
          await space.dispose();
        `, { mode, timeout: 60_000 });
        assert.equal(out.bad.map(([code]) => code), ['ERR_MODSPACE_INVALID_OPTION', 'ERR_MODSPACE_INVALID_OPTION']);
        assert.match(out.bad[0][1], /watch\(\) option "hot" must be a boolean, got "yes"/);
        assert.match(out.bad[1][1], /watch\(\) option "fallback" must be 'reimport' or 'restart', got "reload"/);
        assert.equal(out.start, ['a v1', 'c', 't 1', 'entry']);
        // A TypeScript module self-accepts like any other; a throw names its own line.
        assert.equal(out.ts, { event: { kind: 'hot', generation: out.ts.event.generation }, log: ['t 2'] });
        assert.equal(out.tsThrows.event, { kind: 'error', name: 'Error', file: 't.ts', line: 4 });
        assert.equal(out.tsFixed, { event: { kind: 'hot', generation: out.tsFixed.event.generation }, log: ['t 2'] });
        // No boundary: every dispose callback (last loaded first), then everything anew.
        assert.is(out.restart.event.kind, 'restart');
        assert.equal(out.restart.log, ['dispose entry', 'dispose a', 'a v2', 'c', 't 2', 'entry']);
        // A syntax error stops before anything is disposed.
        assert.equal(out.syntax, { event: { kind: 'error', name: 'SyntaxError', file: 'a.js', line: 1 }, log: [] });
        // A throw while re-running: disposed, reported; the next edit runs the entry again.
        assert.equal(out.entryThrows.event, { kind: 'error', name: 'Error', file: 'a.js', line: 1 });
        assert.equal(out.entryThrows.log, ['dispose entry', 'dispose a', 'a v3']);
        assert.is(out.back.event.kind, 'restart');
        assert.equal(out.back.log, ['a v3', 'c', 't 2', 'entry']);
      } finally {
        removeProject(project);
      }
    });
  }
}

test('types: modspace/hot types import.meta.hot in the shape of Vite\'s API', () => {
  const project = makeProject({
    'package.json': JSON.stringify({ name: 'typed', type: 'module' }),
    'route.ts': `/// <reference types="modspace/hot" />
const hot = import.meta.hot;
hot?.accept();
hot?.accept((module) => module?.['default']);
hot?.accept('./dep.js', (module) => module?.['x']);
hot?.accept(['./a.js', './b.js'], ([a, b]) => [a, b]);
hot?.dispose((data) => { data['count'] = 1; });
hot?.dispose(async () => {});
hot?.decline();
hot?.invalidate('shape changed');
const carried: Record<string, unknown> | undefined = hot?.data;
// @ts-expect-error hot may be undefined (outside a hot space)
import.meta.hot.accept();
// @ts-expect-error dependencies are specifiers
hot?.accept([1, 2]);
// @ts-expect-error dispose takes a function
hot?.dispose('close');
export { carried };
`,
    'tsconfig.json': JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], typeRoots: [join(root, 'node_modules', '@types')], skipLibCheck: true },
      files: ['route.ts'],
    }),
  });
  try {
    spawnSync('mkdir', [join(project, 'node_modules')]);
    spawnSync('ln', ['-s', root, join(project, 'node_modules', 'modspace')]);
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', join(project, 'tsconfig.json')], { encoding: 'utf8', cwd: project });
    assert.is(result.status, 0, result.stdout + result.stderr);
  } finally {
    removeProject(project);
  }
});

test.run();
