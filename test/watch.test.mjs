// space.watch(): edits reload the changed module and its importers, bursts
// are debounced, a broken edit (syntax error, top-level throw) keeps the old
// version serving and reports file and line, fixing it reloads, and close()
// leaves nothing that keeps the process alive. Real files, real fs.watch, in
// a child process per hook path.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hookModes, makeProject, removeProject, runInProject } from './helpers.mjs';

const files = {
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'app/entry.js': `import { greet } from './greet.js'; import { stamp } from './other.js'; export const run = () => greet('ada'); export { stamp };`,
  'app/greet.js': `export const greet = (who) => 'hello ' + who;`,
  'app/other.js': `export const stamp = Symbol('other');`,
  'app/lazy.js': `export const lazy = 'v1';`,
};

for (const mode of hookModes) {
  test(`[${mode}] watch(): reload on edit, debounce, broken edits keep the old version, fix reloads, close() lets the process exit`, () => {
    const project = makeProject(files);
    try {
      const out = runInProject(project, 'watch', `
        import { writeFileSync } from 'node:fs';
        const space = new ModuleSpace({ name: 'watched', base: import.meta.url });
        let current = await space.import('./app/entry.js');
        const first = current;
        const watcher = space.watch({ entry: './app/entry.js', debounce: 40, onReload: (ns) => { current = ns; } });
        out.watched = watcher.files.map((f) => f.replace(/^.*\\/app\\//, '')).sort();
        const events = [];
        watcher.on('change', (e) => events.push('change'));
        watcher.on('reload', (e) => events.push('reload'));
        watcher.on('error', (e) => events.push('error'));
        const settled = () => new Promise((resolve) => {
          const done = (kind) => (event) => { watcher.off('reload', onReload); watcher.off('error', onError); resolve({ kind, event }); };
          const onReload = done('reload'), onError = done('error');
          watcher.on('reload', onReload); watcher.on('error', onError);
        });
        const greet = new URL('./app/greet.js', import.meta.url);

        // 1. an edit, written in a burst of five writes: one reload
        let next = settled();
        for (let i = 0; i < 5; i++) writeFileSync(greet, "export const greet = (who) => 'hi ' + who + '" + '!'.repeat(i) + "';");
        let got = await next;
        out.edit = { kind: got.kind, run: current.run(), files: got.event.files.map((f) => f.replace(/^.*\\/app\\//, '')),
          modules: got.event.modules.map((u) => u.replace(/^.*\\/app\\//, '')).sort(), same: got.event.namespace === current,
          otherKept: current.stamp === first.stamp, generation: got.event.generation, oldStillRuns: first.run() };

        // 2. a syntax error: reported with file and line; the previous namespace keeps serving
        next = settled();
        writeFileSync(greet, "export const greet = (who) =>\\n  'broken' +;\\n");
        got = await next;
        out.syntax = { kind: got.kind, name: got.event.error.name, file: got.event.location?.file.replace(/^.*\\/app\\//, ''), line: got.event.location?.line, run: current.run() };

        // 3. a top-level throw: its frame names file and line
        next = settled();
        writeFileSync(greet, "export const greet = () => 'x';\\nthrow new Error('top-level boom');\\n");
        got = await next;
        out.throws = { kind: got.kind, message: got.event.error.message, file: got.event.location?.file.replace(/^.*\\/app\\//, ''), line: got.event.location?.line, run: current.run() };

        // 4. fixed: reloads
        next = settled();
        writeFileSync(greet, "export const greet = (who) => 'welcome ' + who;");
        got = await next;
        out.fixed = { kind: got.kind, run: current.run() };

        // 5. a module loaded lazily after watch() started is watched once the watcher looks again
        await space.import('./app/lazy.js');
        watcher.refresh();
        out.lazyWatched = watcher.files.some((f) => f.endsWith('lazy.js'));
        next = settled();
        writeFileSync(new URL('./app/lazy.js', import.meta.url), "export const lazy = 'v2';");
        got = await next;
        out.lazy = (await space.import('./app/lazy.js')).lazy;

        out.events = events;
        await watcher.close();
        out.closedFiles = watcher.files.length >= 0;
        await space.dispose();
        // Nothing else runs: if the watcher left a handle, this process never exits and the test times out.
      `, { mode, timeout: 30_000 });
      assert.equal(out.watched, ['entry.js', 'greet.js', 'other.js']);
      assert.equal(out.edit, { kind: 'reload', run: "hi ada!!!!", files: ['greet.js'], modules: ['entry.js', 'greet.js'], same: true, otherKept: true, generation: 2, oldStillRuns: 'hello ada' });
      assert.equal(out.syntax, { kind: 'error', name: 'SyntaxError', file: 'greet.js', line: 2, run: 'hi ada!!!!' });
      assert.equal(out.throws, { kind: 'error', message: 'top-level boom', file: 'greet.js', line: 2, run: 'hi ada!!!!' });
      assert.equal(out.fixed, { kind: 'reload', run: 'welcome ada' });
      assert.is(out.lazyWatched, true);
      assert.is(out.lazy, 'v2');
      assert.equal(out.events, ['change', 'reload', 'change', 'error', 'change', 'error', 'change', 'reload', 'change', 'reload']);
    } finally {
      removeProject(project);
    }
  });

  test(`[${mode}] watch(): without an error listener a failed reload is printed, not thrown; bad options have codes`, () => {
    const project = makeProject(files);
    try {
      const out = runInProject(project, 'watch-quiet', `
        import { writeFileSync } from 'node:fs';
        const space = new ModuleSpace({ name: 'quiet', base: import.meta.url });
        await space.import('./app/entry.js');
        const capture = (fn) => { try { fn(); return 'no error'; } catch (e) { return { code: e.code, message: e.message }; } };
        out.badDebounce = capture(() => space.watch({ debounce: -1 }));
        out.unknown = capture(() => space.watch({ entyr: './app/entry.js' }));
        out.badEntry = capture(() => space.watch({ entry: 5 }));
        const printed = [];
        const write = process.stderr.write.bind(process.stderr);
        process.stderr.write = (chunk, ...rest) => (printed.push(String(chunk)), write(chunk, ...rest));
        // A non-persistent watcher does not hold the process: this timer does, until the report is printed.
        const keepAlive = setInterval(() => {}, 1000);
        const watcher = space.watch({ entry: './app/entry.js', debounce: 20, persistent: false });
        writeFileSync(new URL('./app/greet.js', import.meta.url), 'export const greet = ;');
        while (!printed.some((line) => line.includes('reload failed'))) await new Promise((resolve) => setTimeout(resolve, 20));
        clearInterval(keepAlive);
        out.printed = printed.find((line) => line.includes('reload failed')).replace(/ at \\/.*\\/app\\//, ' at app/');
        out.alive = true;
        await watcher.close();
      `, { mode, timeout: 30_000 });
      assert.is(out.badDebounce.code, 'ERR_MODSPACE_INVALID_OPTION');
      assert.match(out.badDebounce.message, /"debounce" must be a number of milliseconds >= 0, got number -1/);
      assert.is(out.unknown.code, 'ERR_MODSPACE_INVALID_OPTION');
      assert.match(out.unknown.message, /Unknown watch\(\) option "entyr"/);
      assert.is(out.badEntry.code, 'ERR_MODSPACE_INVALID_OPTION');
      assert.is(out.alive, true, 'the process survived the failed reload');
      assert.is(out.printed, "[modspace:quiet] reload failed at app/greet.js:1:22: SyntaxError: Unexpected token ';'\n");
    } finally {
      removeProject(project);
    }
  });
}

test.run();
