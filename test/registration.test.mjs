// Registration: one hook pair per process whatever registers it, the
// `--import modspace/register` path, no DEP0205, and no stale state.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deprecatesRegister, hookModes, makeProject, registerURL, removeProject, root, runInProject, runNode } from './helpers.mjs';

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'lib/value.js': `export const v = 'real';`,
  'lib/reads-value.js': `export { v } from './value.js';`,
  'count-hooks.cjs': `
    // Counts hook registrations by wrapping the live node:module functions.
    const m = require('node:module');
    globalThis.__registrations = [];
    for (const name of ['register', 'registerHooks']) {
      const original = m[name];
      if (typeof original !== 'function') continue;
      m[name] = function (...args) { globalThis.__registrations.push(name); return original.apply(this, args); };
    }
  `,
});
// A second copy of the package, as when two dependencies each bring modspace.
const copy = join(project, 'copy');
cpSync(join(root, 'dist'), join(copy, 'dist'), { recursive: true });
mkdirSync(join(copy, 'node_modules'));
for (const dependency of ['import-meta-resolve', 'esbuild']) symlinkSync(join(root, 'node_modules', dependency), join(copy, 'node_modules', dependency));
const copyURL = pathToFileURL(join(copy, 'dist', 'src', 'index.js')).href;
const copyRegisterURL = pathToFileURL(join(copy, 'dist', 'src', 'register.js')).href;

for (const mode of hookModes) {
  test(`[${mode}] --import register, a second import of it, a second copy of modspace and API use register one hook pair`, () => {
    const out = runInProject(project, 'idempotent', `
      await import(${JSON.stringify(registerURL)});
      await import(${JSON.stringify(copyRegisterURL)});
      const Other = (await import(${JSON.stringify(copyURL)})).ModuleSpace;
      const a = new ModuleSpace({ base: import.meta.url, overrides: { './lib/value.js': { v: 'a' } } });
      const b = new Other({ base: import.meta.url, overrides: { './lib/value.js': { v: 'b' } } });
      out.values = [(await a.import('./lib/reads-value.js')).v, (await b.import('./lib/reads-value.js')).v];
      out.urls = [a.resolve('./lib/value.js'), b.resolve('./lib/value.js')];
      out.registrations = globalThis.__registrations;
      out.modes = [a.hookMode, b.hookMode];
    `, { mode, execArgv: ['--require', join(project, 'count-hooks.cjs'), '--import', registerURL] });
    assert.equal(out.registrations, [mode === 'in-thread' ? 'registerHooks' : 'register']);
    assert.equal(out.values, ['a', 'b']);
    assert.match(out.urls[0], /\?modspace=s1\.g1$/);
    assert.match(out.urls[1], /\?modspace=s2\.g1$/, 'space ids stay unique across copies');
    assert.equal(out.modes, [mode, mode]);
  });

  test(`[${mode}] 1,000 spaces in a row, each with a new override: every import sees its own`, () => {
    const out = runInProject(project, 'stale', `
      let stale = 0;
      let staleResolve = 0;
      for (let i = 0; i < 1000; i++) {
        const space = new ModuleSpace({ base: import.meta.url, overrides: { './lib/value.js': { v: i } } });
        if ((await space.import('./lib/reads-value.js')).v !== i) stale++;
        // resolve() is synchronous: it must see the new space at once too.
        if (!space.resolve('./lib/value.js').startsWith('modspace:///')) staleResolve++;
        await space.dispose();
      }
      out.stale = stale;
      out.staleResolve = staleResolve;
    `, { mode, timeout: 120_000 });
    assert.is(out.stale, 0);
    assert.is(out.staleResolve, 0);
  });
}

test('the default hook path prints no warning at all (no DEP0205 on Node 26)', () => {
  const out = runInProject(project, 'quiet', `
    const space = new ModuleSpace({ base: import.meta.url });
    out.v = (await space.import('./lib/reads-value.js')).v;
    out.mode = space.hookMode;
  `, { execArgv: ['--throw-deprecation', '--import', registerURL] });
  assert.is(out.v, 'real');
  assert.is(out.mode, hookModes[0]);
  const result = runNode(join(project, 'scenario-quiet.mjs'), { execArgv: ['--import', registerURL] });
  assert.is(result.stderr, '', 'nothing on stderr');
  assert.not.match(result.stderr, /DEP0205/);
  if (deprecatesRegister) assert.is(out.mode, 'in-thread');
});

test('node --import modspace/register resolves by package name', () => {
  const result = runNode(join(root, 'test', 'fixtures', 'register-by-name.mjs'), { execArgv: ['--import', 'modspace/register'], cwd: root });
  assert.is(result.status, 0, result.stderr);
  assert.equal(result.json, { registered: true, url: 'tokened' });
});

test.after(() => removeProject(project));
test.run();
