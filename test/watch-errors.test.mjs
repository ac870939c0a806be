// The watcher's error `location` is the user's file, line and column for
// every kind of broken edit: a syntax error in a changed file or in a file the
// reload imports for the first time (also one only V8 reports), an import of
// a module that is gone or misspelt, a name an override lacks, an import the
// policy refuses, a throw at the top level. Never one of modspace's own files.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hookModes, makeProject, removeProject, runInProject } from './helpers.mjs';

const files = {
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'app/entry.js': `import { greet } from './greet.js';\nexport const run = () => greet('ada');\n`,
  'app/greet.js': `import './gone.js';\nexport const greet = (who) => 'hello ' + who;\n`,
  'app/gone.js': `export const gone = false;\n`,
  'app/db.js': `export const query = () => 'real';\n`,
};

// Each step writes (or deletes) files, waits for the watcher's verdict and records it.
const preamble = `
  import { writeFileSync, unlinkSync } from 'node:fs';
  const file = (name) => new URL('./app/' + name, import.meta.url);
  const settled = (watcher) => new Promise((resolve) => {
    const done = (kind) => (event) => { watcher.off('reload', onReload); watcher.off('error', onError); resolve({ kind, event }); };
    const onReload = done('reload'), onError = done('error');
    watcher.on('reload', onReload); watcher.on('error', onError);
  });
  const step = async (watcher, edit) => {
    const next = settled(watcher);
    edit();
    const { kind, event } = await next;
    if (kind === 'reload') return 'reloaded';
    const location = event.location && { ...event.location, file: event.location.file.replace(/^.*\\/app\\//, '') };
    return { code: event.error.code ?? event.error.name, location };
  };
`;

for (const mode of hookModes) {
  test(`[${mode}] watch(): syntax errors are located in the changed file, in a newly imported file, and when only V8 reports them`, () => {
    const project = makeProject(files);
    try {
      const out = runInProject(project, 'watch-syntax', `${preamble}
        const space = new ModuleSpace({ name: 'syntax', base: import.meta.url });
        await space.import('./app/entry.js');
        const watcher = space.watch({ entry: './app/entry.js', debounce: 30 });
        out.changed = await step(watcher, () => writeFileSync(file('greet.js'), "import './gone.js';\\nexport const greet = (who) =>\\n  'hi ' +;\\n"));
        out.fixed = await step(watcher, () => writeFileSync(file('greet.js'), "import './gone.js';\\nexport const greet = (who) => 'hi ' + who;\\n"));
        // greet.js now imports fresh.js, which the space never loaded and the watcher does not watch yet.
        out.newFile = await step(watcher, () => {
          writeFileSync(file('fresh.js'), "export const a = 1;\\nexport const b = {\\n  c: 2,,\\n};\\n");
          writeFileSync(file('greet.js'), "import './fresh.js';\\nexport const greet = (who) => 'hey ' + who;\\n");
        });
        out.newFileWatched = watcher.files.some((f) => f.endsWith('fresh.js'));
        out.newFileFixed = await step(watcher, () => writeFileSync(file('fresh.js'), "export const a = 1;\\n"));
        // esbuild accepts a top-level return; V8 does not.
        out.v8Only = await step(watcher, () => writeFileSync(file('greet.js'), "export const greet = (who) => 'yo ' + who;\\nif (true) {\\n  return;\\n}\\n"));
        await watcher.close();
        await space.dispose();
      `, { mode, timeout: 30_000 });
      assert.equal(out.changed, { code: 'SyntaxError', location: { file: 'greet.js', line: 3, column: 10 } });
      assert.is(out.fixed, 'reloaded');
      assert.equal(out.newFile, { code: 'SyntaxError', location: { file: 'fresh.js', line: 3, column: 8 } });
      assert.is(out.newFileWatched, true, 'the broken new file is watched, so fixing it reloads');
      assert.is(out.newFileFixed, 'reloaded');
      assert.equal(out.v8Only, { code: 'SyntaxError', location: { file: 'greet.js', line: 3, column: 3 } });
    } finally {
      removeProject(project);
    }
  });

  test(`[${mode}] watch(): a missing or refused import points at the import in the importing file; a top-level throw at its line`, () => {
    const project = makeProject(files);
    try {
      const out = runInProject(project, 'watch-imports', `${preamble}
        const space = new ModuleSpace({ name: 'imports', base: import.meta.url, policy: { deny: ['node:child_process'] }, overrides: { './app/db.js': { query: () => 'fake' } } });
        await space.import('./app/entry.js');
        const watcher = space.watch({ entry: './app/entry.js', debounce: 30 });
        // The imported file is deleted; its importer is unchanged.
        out.deleted = await step(watcher, () => unlinkSync(file('gone.js')));
        out.misspelt = await step(watcher, () => writeFileSync(file('greet.js'), "export const a = 1;\\n  import { x } from './gnoe.js';\\nexport const greet = (who) => 'hi ' + who;\\n"));
        out.missingPackage = await step(watcher, () => writeFileSync(file('greet.js'), "export const greet = (who) => 'hi ' + who;\\nimport 'no-such-package/sub';\\n"));
        out.denied = await step(watcher, () => writeFileSync(file('greet.js'), "export const greet = (who) => 'hi ' + who;\\n\\nimport { exec } from 'node:child_process';\\n"));
        out.missingExport = await step(watcher, () => writeFileSync(file('greet.js'), "export const greet = (who) => 'hi ' + who;\\nimport { query, close } from './db.js';\\n"));
        out.throws = await step(watcher, () => writeFileSync(file('greet.js'), "export const greet = (who) => 'hi ' + who;\\nfunction boom() {\\n  throw new Error('boom');\\n}\\nboom();\\n"));
        out.fixed = await step(watcher, () => writeFileSync(file('greet.js'), "export const greet = (who) => 'hi ' + who;\\n"));
        await watcher.close();
        await space.dispose();
      `, { mode, timeout: 30_000 });
      assert.equal(out.deleted, { code: 'ERR_MODULE_NOT_FOUND', location: { file: 'greet.js', line: 1, column: 8 } });
      assert.equal(out.misspelt, { code: 'ERR_MODULE_NOT_FOUND', location: { file: 'greet.js', line: 2, column: 21 } });
      assert.equal(out.missingPackage, { code: 'ERR_MODULE_NOT_FOUND', location: { file: 'greet.js', line: 2, column: 8 } });
      assert.equal(out.denied, { code: 'ERR_MODSPACE_DENIED', location: { file: 'greet.js', line: 3, column: 22 } });
      assert.equal(out.missingExport, { code: 'ERR_MODSPACE_MISSING_EXPORT', location: { file: 'greet.js', line: 2, column: 17 } });
      assert.equal(out.throws, { code: 'Error', location: { file: 'greet.js', line: 3, column: 9 } });
      assert.is(out.fixed, 'reloaded');
    } finally {
      removeProject(project);
    }
  });
}

test.run();
