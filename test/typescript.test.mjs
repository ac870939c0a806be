// TypeScript sources in a space: compiled by esbuild with inline source maps
// (stack traces name .ts lines), and modspace beside tsx in both orders.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { hookModes, makeProject, registerURL, removeProject, root, runInProject } from './helpers.mjs';

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'src/util.ts': [
    'export interface Point { x: number; y: number }',
    'const g = globalThis as { __tsCount?: number };',
    'g.__tsCount = (g.__tsCount ?? 0) + 1;',
    'export const count: number = g.__tsCount;',
    'export function fail(p: Point): never {',
    '  throw new Error(`bad point ${p.x}`);',
    '}',
  ].join('\n'),
  'src/entry.ts': [
    "import { count, fail, type Point } from './util.js';",
    "import legacy from './legacy.cjs';",
    "import { tag } from './esm.mts';",
    'export const c: number = count;',
    'export const both: string = `${legacy.kind}+${tag}`;',
    'export function boom(): void {',
    '  const p: Point = { x: 1, y: 2 };',
    '  fail(p);',
    '}',
  ].join('\n'),
  'src/legacy.cts': "const kind: string = 'cts';\nmodule.exports = { kind };",
  'src/esm.mts': "export const tag: string = 'mts';",
  'src/broken.ts': 'export const x: number = ;\n',
  'src/uses-db.ts': "import { query } from './db.js';\nexport const rows: string[] = query();",
  'src/db.ts': "export function query(): string[] { return ['real']; }",
});
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');

for (const mode of hookModes) {
  test(`[${mode}] .ts, .mts and .cts load in a space; one instance per space; stack traces show .ts lines`, () => {
    const out = runInProject(project, 'ts', `
      const a = new ModuleSpace({ base: import.meta.url });
      const b = new ModuleSpace({ base: import.meta.url, overrides: { './src/db.ts': { query: () => ['fake'] } } });
      const ma = await a.import('./src/entry.ts');
      const mb = await b.import('./src/entry.ts');
      out.counts = [ma.c, mb.c];
      out.both = ma.both;
      try { ma.boom(); } catch (e) { out.stack = e.stack.split('\\n').slice(1, 3).map((l) => l.trim()); }
      out.rows = [(await a.import('./src/uses-db.ts')).rows, (await b.import('./src/uses-db.ts')).rows];
    `, { mode });
    assert.equal(out.counts, [1, 2]);
    assert.is(out.both, 'cts+mts');
    assert.is(out.stack[0], `at fail (${join(project, 'src', 'util.ts')}:6:9)`);
    assert.match(out.stack[1], new RegExp(`entry\\.ts:8:3\\)$`));
    assert.equal(out.rows, [['real'], ['fake']], 'a .ts key matches an import written as ./db.js');
  });

  test(`[${mode}] a TypeScript syntax error names the file and line`, () => {
    const out = runInProject(project, 'ts-broken', `
      const space = new ModuleSpace({ base: import.meta.url });
      try { await space.import('./src/broken.ts'); } catch (e) { out.error = [e.name, e.code, e.message, e.line]; }
    `, { mode });
    assert.is(out.error[0], 'SyntaxError');
    assert.is(out.error[1], 'ERR_MODSPACE_TRANSFORM');
    assert.match(out.error[2], new RegExp(`broken\\.ts:1:\\d+\\)$`));
    assert.is(out.error[3], 1);
  });
}

for (const order of [['tsx', 'modspace'], ['modspace', 'tsx']]) {
  test(`beside tsx: --import ${order.join(' --import ')}`, () => {
    const execArgv = ['--no-deprecation'];
    for (const name of order) execArgv.push('--import', name === 'tsx' ? tsx : registerURL);
    // TSX_DISABLE_CACHE: tsx would otherwise leave its compile cache (tsx-<uid>) in the temporary folder.
    const out = runInProject(project, `tsx-${order[0]}`, `
      const plain = await import('./src/entry.ts');
      const space = new ModuleSpace({ base: import.meta.url });
      const spaced = await space.import('./src/entry.ts');
      out.counts = [plain.c, spaced.c];
      try { spaced.boom(); } catch (e) { out.stack = e.stack.split('\\n')[1].trim(); }
      try { plain.boom(); } catch (e) { out.plainStack = e.stack.split('\\n')[1].trim(); }
    `, { execArgv, env: { MODSPACE_HOOKS: '', TSX_DISABLE_CACHE: '1' } });
    assert.equal(out.counts, [1, 2], 'tsx serves the plain graph, the space has its own instance');
    assert.is(out.stack, `at fail (${join(project, 'src', 'util.ts')}:6:9)`);
    assert.match(out.plainStack, /util\.ts:6:9\)$/);
  });
}

test.after(() => removeProject(project));
test.run();
