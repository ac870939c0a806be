// Policies: deny and allow lists over builtins, packages and paths, and 'none'.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { hookModes, makeProject, removeProject, runInProject } from './helpers.mjs';

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'node_modules/leftpad/package.json': JSON.stringify({ name: 'leftpad', type: 'module', exports: './index.js' }),
  'node_modules/leftpad/index.js': `export default (s) => ' ' + s;`,
  'plugin/spawns.js': `import { spawn } from 'node:child_process'; export default typeof spawn;`,
  'plugin/spawns-dynamically.js': `export const run = () => import('child_process');`,
  'plugin/pads.js': `import pad from 'leftpad'; export default pad('x');`,
  'plugin/uses-missing-pkg.js': `import x from 'denied-and-missing'; export default x;`,
  'plugin/reads-secret.js': `import secret from '../secrets/key.js'; export default secret;`,
  'plugin/uses-path.js': `import { join } from 'node:path'; export default join('a', 'b');`,
  'plugin/alone.js': `export default 'no imports';`,
  'plugin/imports-one.js': `import './alone.js'; export default 'imported';`,
  'secrets/key.js': `export default 'top secret';`,
});
const run = (name, body, mode) => runInProject(project, name, body, { mode });

for (const mode of hookModes) {
  test(`[${mode}] deny: a builtin is refused with the space, specifier and importing file`, () => {
    const out = run('deny-builtin', `
      const space = new ModuleSpace({ name: 'plugin-a', base: import.meta.url, policy: { deny: ['child_process'] } });
      for (const entry of ['./plugin/spawns.js']) {
        try { await space.import(entry); } catch (e) { out.error = { code: e.code, space: e.space, specifier: e.specifier, importer: e.importer, message: e.message }; }
      }
      const dyn = await space.import('./plugin/spawns-dynamically.js');
      try { await dyn.run(); } catch (e) { out.dynamic = { code: e.code, specifier: e.specifier }; }
      out.allowedOther = (await space.import('./plugin/uses-path.js')).default;
    `, mode);
    assert.is(out.error.code, 'ERR_MODSPACE_DENIED');
    assert.is(out.error.space, 'plugin-a');
    assert.is(out.error.specifier, 'node:child_process');
    assert.is(out.error.importer, join(project, 'plugin', 'spawns.js'));
    assert.match(out.error.message, /\[modspace:plugin-a\] Import denied by policy \(deny: child_process\)/);
    assert.match(out.error.message, new RegExp(`imported from ${join(project, 'plugin', 'spawns.js').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal(out.dynamic, { code: 'ERR_MODSPACE_DENIED', specifier: 'child_process' });
    assert.is(out.allowedOther, join('a', 'b'));
  });

  test(`[${mode}] deny: packages (even missing ones) and path folders`, () => {
    const out = run('deny-package', `
      const space = new ModuleSpace({ name: 'p', base: import.meta.url, policy: { deny: ['leftpad', 'denied-and-missing', './secrets/'] } });
      for (const entry of ['./plugin/pads.js', './plugin/uses-missing-pkg.js', './plugin/reads-secret.js']) {
        try { await space.import(entry); out[entry] = 'loaded'; } catch (e) { out[entry] = e.code + ' ' + e.specifier; }
      }
    `, mode);
    assert.is(out['./plugin/pads.js'], 'ERR_MODSPACE_DENIED leftpad');
    assert.is(out['./plugin/uses-missing-pkg.js'], 'ERR_MODSPACE_DENIED denied-and-missing');
    assert.is(out['./plugin/reads-secret.js'], 'ERR_MODSPACE_DENIED ../secrets/key.js');
  });

  test(`[${mode}] allow: only listed builtins and packages; own files always; deny wins`, () => {
    const out = run('allow', `
      const space = new ModuleSpace({ base: import.meta.url, policy: { allow: ['node:path', 'child_process'], deny: ['child_process'] } });
      out.path = (await space.import('./plugin/uses-path.js')).default;
      for (const entry of ['./plugin/pads.js', './plugin/spawns.js']) {
        try { await space.import(entry); out[entry] = 'loaded'; } catch (e) { out[entry] = e.message; }
      }
      out.own = (await space.import('./plugin/imports-one.js')).default;
    `, mode);
    assert.is(out.path, join('a', 'b'));
    assert.match(out['./plugin/pads.js'], /not in allow list: leftpad/);
    assert.match(out['./plugin/spawns.js'], /deny: child_process/, 'deny wins, and the message names the deny rule as written');
    assert.is(out.own, 'imported');
  });

  test(`[${mode}] 'none': the entry loads, every import it makes fails (emptyMapper)`, () => {
    const out = run('none', `
      const space = new ModuleSpace({ name: 'empty', base: import.meta.url, policy: 'none' });
      out.alone = (await space.import('./plugin/alone.js')).default;
      try { await space.import('./plugin/imports-one.js'); } catch (e) { out.error = [e.code, e.specifier, e.message]; }
      const child = space.child();
      try { await child.import('./plugin/uses-path.js'); } catch (e) { out.childInherits = e.code; }
    `, mode);
    assert.is(out.alone, 'no imports');
    assert.equal(out.error.slice(0, 2), ['ERR_MODSPACE_DENIED', './alone.js']);
    assert.match(out.error[2], /policy 'none'/);
    assert.is(out.childInherits, 'ERR_MODSPACE_DENIED', 'a child inherits its parent policy');
  });
}

test.after(() => removeProject(project));
test.run();
