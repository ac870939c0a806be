// The package as users get it: `npm pack` of this repository (once per run),
// installed into a temporary project, then used the three ways the README
// shows: `import 'modspace'`, `node --import modspace/register` and
// `npx modspace run`. Also what the tarball holds, its source maps, its
// types, TypeScript without the optional esbuild, and an install from a
// local path (copied).
//
// No network: installs use `npm install --offline`, from npm's cache, which
// `npm install` of this repository filled (CI does that first). The install
// from git (`npm install git+file://` of a clone at HEAD) installs every
// devDependency in the clone and builds it (10-20 s), so it runs only with
// MODSPACE_TEST_GIT_INSTALL=1 (README "Install" says so).
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deprecatesRegister, hookModes, makeProject, removeProject, root, userTsconfig } from './helpers.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const work = makeProject({}, 'modspace-package-');
const repoPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Runs a command and fails with its whole output unless it exits 0. */
function run(command, args, { cwd, env = {}, hint = '' } = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 180_000, env: { ...process.env, npm_config_update_notifier: 'false', ...env } });
  const output = `$ ${command} ${args.join(' ')} (in ${cwd})\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
  assert.is(result.status, 0, `exited ${result.status} ${result.signal ?? ''}${hint}\n${output}`);
  return result;
}

const OFFLINE_HINT = '\n(installs are offline: an ENOTCACHED error means npm\'s cache lacks a dependency; `npm install` in the repository fills it)';
const install = (cwd, ...args) => run(npm, ['install', '--offline', '--no-audit', '--no-fund', ...args], { cwd, hint: OFFLINE_HINT });

/** Runs `setup`; if it fails, removes the temporary folders first (test.after would never run). */
function orCleanUp(setup, ...folders) {
  try {
    return setup();
  } catch (error) {
    for (const folder of folders) removeProject(folder);
    throw error;
  }
}

// The tarball, packed once. dist/ is built by `npm test`'s pretest; no scripts here, so stdout is the JSON.
const packed = orCleanUp(() => JSON.parse(run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root }).stdout)[0], work);
const tarball = join(work, packed.filename);
const shipped = packed.files.map((file) => file.path).sort();

/** The app every install runs: two spaces, each with a fresh copy of a counter, beside the host's own. */
const appFiles = {
  'counter.js': 'export let count = 0;\nexport const bump = () => ++count;\n',
  'app.mjs': `
    import { ModuleSpace } from 'modspace';
    import * as host from './counter.js';
    const a = new ModuleSpace({ name: 'a', base: import.meta.url });
    const b = new ModuleSpace({ name: 'b', base: import.meta.url });
    const inA = await a.import('./counter.js');
    const inB = await b.import('./counter.js');
    inA.bump(); inA.bump(); inB.bump();
    console.log(JSON.stringify({ host: host.count, a: inA.count, b: inB.count, from: import.meta.resolve('modspace') }));
  `,
  // What `modspace run` runs: a plain program, which the command loads in a space of its own.
  'plain.mjs': `
    import { bump } from './counter.js';
    console.log(JSON.stringify({ inSpace: import.meta.url.includes('modspace='), count: bump(), argv: process.argv.slice(2) }));
  `,
  'typed.ts': 'export const n: number = 1;\n',
  'ts.mjs': `
    import { ModuleSpace } from 'modspace';
    const space = new ModuleSpace({ name: 'ts', base: import.meta.url });
    const out = {};
    try { await space.import('./typed.ts'); out.loaded = true; } catch (error) { out.code = error.code; out.message = error.message; }
    // The failure changed nothing: the space still loads JavaScript.
    out.after = (await space.import('./counter.js')).count;
    console.log(JSON.stringify(out));
  `,
  'watched/greet.js': "export const greet = (who) => 'hi ' + who;\n",
  // A reload that fails on a syntax error: without esbuild, node --check locates it.
  'watch.mjs': `
    import { ModuleSpace } from 'modspace';
    import { writeFileSync } from 'node:fs';
    const space = new ModuleSpace({ name: 'w', base: import.meta.url });
    await space.import('./watched/greet.js');
    const watcher = space.watch({ entry: './watched/greet.js', debounce: 30 });
    const settled = new Promise((resolve) => {
      watcher.on('reload', () => resolve({ kind: 'reload' }));
      watcher.on('error', (event) => resolve({ kind: 'error', name: event.error.name, location: event.location }));
    });
    writeFileSync(new URL('./watched/greet.js', import.meta.url), "export const greet = (who) =>\\n  'hi ' +;\\n");
    const out = await settled;
    await watcher.close();
    await space.dispose();
    console.log(JSON.stringify(out));
  `,
  'types.ts': `
    /// <reference types="modspace/hot" />
    import { ErrorCodes, ModuleSpace } from 'modspace';
    import { spaceFor } from 'modspace/testing';
    const space = new ModuleSpace({ base: import.meta.url });
    const counter = await space.import<{ count: number; bump(): number }>('./counter.js');
    const total: number = counter.bump() + counter.count;
    const code: 'ERR_MODSPACE_MISSING_PEER' = ErrorCodes.MISSING_PEER;
    // @ts-expect-error unknown options are refused by the types (they are not \`any\`)
    new ModuleSpace({ bogus: true });
    // import.meta.hot from the installed package's types: optional, and typed.
    import.meta.hot?.accept(['./counter.js'], (modules) => modules.length);
    // @ts-expect-error data is an object of the module's own
    const data: number = import.meta.hot?.data;
    console.log(total, code, typeof spaceFor, data);
  `,
};
const appPackage = (extra = {}) => JSON.stringify({ name: 'app', private: true, type: 'module', ...extra });

const app = makeProject({ ...appFiles, 'package.json': appPackage() }, 'modspace-package-app-');
orCleanUp(() => install(app, tarball), app, work);

/** `node [execArgv] <entry>` in `cwd` on each hook path; fails unless it exits 0, quietly. */
function runApp(cwd, entry, { execArgv = [], mode } = {}) {
  // Forcing off-thread on Node 26 is a test choice: keep its DEP0205 warning out of stderr (as helpers.mjs runNode does).
  const quiet = mode === 'off-thread' && deprecatesRegister ? ['--no-deprecation'] : [];
  const result = run(process.execPath, [...quiet, ...execArgv, entry], { cwd, env: { MODSPACE_HOOKS: mode ?? '', NODE_OPTIONS: '' } });
  assert.is(result.stderr, '', result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}

const expectCounts = (out, where) => {
  assert.equal([out.host, out.a, out.b], [0, 2, 1], 'each space has its own counter, the host one untouched');
  assert.ok(realpathSync(new URL(out.from)).startsWith(realpathSync(where)), `modspace came from ${out.from}`);
};

test('the tarball holds the built package and nothing else: dist/{src,core,hooks,runner} .js, .d.ts, .js.map; README, LICENSE', () => {
  const unexpected = shipped.filter((path) => !['README.md', 'LICENSE', 'package.json'].includes(path) && !/^dist\/(src|core|hooks|runner)\/.+\.(js|d\.ts|js\.map)$/.test(path));
  assert.equal(unexpected, [], 'no tests, benchmarks, TypeScript sources, caches or build info');
  for (const banned of [/^test\//, /^bench\//, /^examples\//, /^\.cache\//, /tsbuildinfo/, /(?<!\.d)\.ts$/]) assert.not.ok(shipped.some((path) => banned.test(path)), String(banned));
  // No output of a source file that no longer exists (tsc never deletes what it once emitted).
  const stale = shipped.filter((path) => path.endsWith('.js') && !existsSync(join(root, path.replace(/^dist\//, '').replace(/\.js$/, '.ts'))));
  assert.equal(stale, [], 'dist has files whose source is gone: rm -rf dist && npm run build');
  // Every entry point the package names is in it.
  const targets = [];
  for (const entry of Object.values(repoPackage.exports)) typeof entry === 'string' ? targets.push(entry) : targets.push(...Object.values(entry));
  if (repoPackage.bin) targets.push(...Object.values(typeof repoPackage.bin === 'string' ? { modspace: repoPackage.bin } : repoPackage.bin));
  for (const target of targets) assert.ok(shipped.includes(target.replace(/^\.\//, '')), `${target} is not in the tarball`);
  assert.not.ok('esbuild' in (repoPackage.dependencies ?? {}), 'esbuild is an optional peer dependency');
  assert.is(repoPackage.peerDependenciesMeta?.esbuild?.optional, true);
});

test('source maps resolve: each .js names its map, each map embeds the text of every source it names', () => {
  const installed = join(app, 'node_modules', 'modspace');
  const maps = shipped.filter((path) => path.endsWith('.js.map'));
  assert.is(maps.length, shipped.filter((path) => path.endsWith('.js')).length, 'one map per .js');
  for (const path of maps) {
    const js = readFileSync(join(installed, path.replace(/\.map$/, '')), 'utf8');
    const named = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(js)?.[1];
    assert.is(named, path.split('/').at(-1), `${path}: the .js names its map`);
    const map = JSON.parse(readFileSync(join(installed, path), 'utf8'));
    assert.ok(map.sources.length > 0, path);
    assert.is(map.sourcesContent?.length, map.sources.length, `${path}: sourcesContent for every source`);
    for (const text of map.sourcesContent) assert.type(text, 'string', path);
  }
});

test('installed from the tarball: only the runtime dependencies, no esbuild, no install script', () => {
  const modules = readdirSync(join(app, 'node_modules')).filter((name) => !name.startsWith('.'));
  const scopes = modules.filter((name) => name.startsWith('@')).flatMap((scope) => readdirSync(join(app, 'node_modules', scope)).map((name) => `${scope}/${name}`));
  const installed = [...modules.filter((name) => !name.startsWith('@')), ...scopes].sort();
  assert.equal(installed, ['modspace', ...Object.keys(repoPackage.dependencies)].sort());
  assert.not.ok(existsSync(join(app, 'node_modules', 'esbuild')));
});

for (const mode of [undefined, ...hookModes]) {
  const label = mode ?? 'default hooks';
  test(`import 'modspace' from the installed tarball (${label}): each space loads a fresh copy`, () => {
    expectCounts(runApp(app, 'app.mjs', { mode }), join(app, 'node_modules', 'modspace'));
  });

  test(`node --import modspace/register (${label}): the hooks come from the installed package, before the app`, () => {
    expectCounts(runApp(app, 'app.mjs', { mode, execArgv: ['--import', 'modspace/register'] }), join(app, 'node_modules', 'modspace'));
  });

  test(`TypeScript without esbuild (${label}): ERR_MODSPACE_MISSING_PEER names the package and how to install it`, () => {
    const out = runApp(app, 'ts.mjs', { mode });
    assert.is(out.code, 'ERR_MODSPACE_MISSING_PEER', JSON.stringify(out));
    assert.ok(out.message.startsWith('[modspace:ts] '), out.message);
    assert.ok(out.message.includes(join(app, 'typed.ts')), out.message);
    assert.ok(out.message.includes('"esbuild"') && out.message.includes('npm install --save-dev esbuild'), out.message);
    assert.is(out.after, 0);
  });

  test(`a reload's syntax error without esbuild (${label}): node --check locates it`, () => {
    writeFileSync(join(app, 'watched', 'greet.js'), appFiles['watched/greet.js']);
    const out = runApp(app, 'watch.mjs', { mode });
    assert.equal(out, { kind: 'error', name: 'SyntaxError', location: { file: join(app, 'watched', 'greet.js'), line: 2, column: 10 } });
  });
}

test('npx modspace run plain.mjs: the bin of the installed package runs a program in a space', () => {
  assert.ok(repoPackage.bin, 'package.json has no "bin": the modspace command (src/cli, issue 13) is not merged into this branch');
  const result = run(npx, ['--offline', 'modspace', 'run', 'plain.mjs', 'one', '--two'], { cwd: app, env: { MODSPACE_HOOKS: '', NODE_OPTIONS: '' } });
  assert.equal(JSON.parse(result.stdout.trim().split('\n').at(-1)), { inSpace: true, count: 1, argv: ['one', '--two'] });
});

test('types: a TypeScript user of the installed package gets import<T>(), ErrorCodes, modspace/testing and modspace/hot checked', () => {
  writeFileSync(join(app, 'tsconfig.json'), userTsconfig(['types.ts']));
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: app });
});

// npm's default for a folder is a link to it; npm then brings the folder's own node_modules up to date
// (here the repository's, which the suite must not touch), so the test copies instead (--install-links,
// the package's `files`). A link to the repository is what test/readme.test.mjs and
// test/testing-helpers.test.mjs use for every run.
test('installed from a local path (npm install --install-links /path/to/modspace): a copy of the package files that works', () => {
  const copied = makeProject({ ...appFiles, 'package.json': appPackage() }, 'modspace-package-path-');
  try {
    install(copied, '--install-links', root);
    const installed = join(copied, 'node_modules', 'modspace');
    assert.not.ok(lstatSync(installed).isSymbolicLink());
    assert.equal(readdirSync(installed).sort(), ['LICENSE', 'README.md', 'dist', 'package.json']);
    expectCounts(runApp(copied, 'app.mjs'), installed);
  } finally {
    removeProject(copied);
  }
});

if (process.env.MODSPACE_TEST_GIT_INSTALL === '1') {
  test('installed from git (npm install git+file:// of a clone at HEAD): prepare builds dist', () => {
    const clone = join(work, 'clone');
    run('git', ['clone', '--quiet', root, clone], { cwd: work });
    const fromGit = makeProject({ ...appFiles, 'package.json': appPackage() }, 'modspace-package-git-');
    try {
      install(fromGit, `git+file://${clone}`);
      const installed = join(fromGit, 'node_modules', 'modspace');
      assert.ok(existsSync(join(installed, 'dist', 'src', 'index.js')), 'dist was built by prepare');
      assert.not.ok(existsSync(join(installed, 'test')), relative(fromGit, installed));
      expectCounts(runApp(fromGit, 'app.mjs'), installed);
    } finally {
      removeProject(fromGit);
    }
  });
}

test.after(() => {
  removeProject(app);
  removeProject(work);
});
test.run();
