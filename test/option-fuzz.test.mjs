// A fuzzer over every option of ModuleSpace (test/fixtures/option-fuzz.mjs):
// a few hundred hostile values from a fixed seed, on each hook path. Each
// case must construct, or throw a ModspaceError with an ERR_MODSPACE_* code
// (never a raw TypeError or system error), leave no live value behind, and
// leave the hooks working for a fresh space. A space that constructed must
// import, or fail with a coded error (or the hostile value's own).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixtures, hookModes, makeProject, modspaceURL, removeProject, runScenario } from './helpers.mjs';

const SEED = 0x5eed;
const COUNT = 14 * 33;

const project = makeProject({
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'ok.js': `import './dep.js'; export default 'ok';`,
  'dep.js': `export const dep = 1;`,
  'deps/lib/package.json': JSON.stringify({ name: 'lib', type: 'module', exports: './index.js' }),
  'deps/lib/index.js': `export default 'lib from deps';`,
  'transform.cjs': `exports.transform = (source) => source;`,
  'fuzz.mjs': `
    import * as modspace from ${JSON.stringify(modspaceURL)};
    import { makeCases, HOSTILE } from ${JSON.stringify(pathToFileURL(join(fixtures, 'option-fuzz.mjs')).href)};
    import { dirname } from 'node:path';
    import { fileURLToPath, pathToFileURL } from 'node:url';

    const { ModuleSpace, ModspaceError } = modspace;
    const project = dirname(fileURLToPath(import.meta.url));
    const base = pathToFileURL(project + '/').href;
    const major = Number(process.versions.node.split('.')[0]);
    // Off-thread on Node 24+, a mapper cannot be asked at all (README, mapper): importing would only wait 3 s for that error.
    const mapperAnswers = process.env.MODSPACE_HOOKS === 'in-thread' || major < 24;
    const liveCount = () => globalThis[Symbol.for('modspace.live')]?.size ?? 0;
    const ours = (error) => error instanceof ModspaceError && /^ERR_MODSPACE_[A-Z_]+$/.test(error.code);
    const coded = (error) => typeof error?.code === 'string' && /^ERR_[A-Z_]+$/.test(error.code);
    const hostileThrew = (error) => {
      for (let at = error, depth = 0; at != null && depth < 10; at = at.cause, depth++) if (String(at?.message).includes(HOSTILE)) return true;
      return false;
    };
    const shown = (error) => ({ name: error?.constructor?.name, code: error?.code, message: String(error?.message ?? error).slice(0, 400) });
    const count = (tally, code) => (tally[code] = (tally[code] ?? 0) + 1);
    const freshWorks = async () => {
      const space = new ModuleSpace({ base });
      try { return (await space.import('./ok.js')).default === 'ok'; } finally { await space.dispose(); }
    };

    const summary = { cases: 0, constructed: 0, refused: {}, importFailures: {}, bad: [] };
    for (const { label, make } of makeCases({ seed: ${SEED}, count: ${COUNT}, project, modspace })) {
      summary.cases++;
      let options;
      try {
        options = make();
      } catch (error) {
        if (ours(error)) count(summary.refused, error.code);
        else summary.bad.push({ label, stage: 'descriptor', error: shown(error) });
        continue;
      }
      const before = liveCount();
      let space;
      try {
        space = new ModuleSpace(options);
      } catch (error) {
        if (ours(error)) count(summary.refused, error.code);
        else summary.bad.push({ label, stage: 'constructor', error: shown(error) });
        if (liveCount() !== before) summary.bad.push({ label, stage: 'live values left after a failed constructor' });
        if (!(await freshWorks())) summary.bad.push({ label, stage: 'a fresh space after the failure' });
        continue;
      }
      summary.constructed++;
      let hasMapper = false;
      try { hasMapper = typeof options.mapper === 'function'; } catch {}
      if (!hasMapper || mapperAnswers) {
        for (const specifier of ['./ok.js', 'lib']) {
          try {
            await space.import(specifier);
          } catch (error) {
            if (coded(error)) count(summary.importFailures, error.code);
            // A source() override's text is the user's module: its SyntaxError is Node's, as for any module.
            else if (!hostileThrew(error) && !(error instanceof SyntaxError)) summary.bad.push({ label, stage: 'import ' + specifier, error: shown(error) });
          }
        }
      }
      await space.dispose();
    }
    summary.liveAtEnd = liveCount();
    summary.freshAtEnd = await freshWorks();
    console.log(JSON.stringify(summary));
  `,
});

for (const mode of hookModes) {
  test(`[${mode}] ${COUNT} hostile option values: each constructs or throws an ERR_MODSPACE_* ModspaceError, and leaves nothing behind`, () => {
    const summary = runScenario(join(project, 'fuzz.mjs'), { mode, timeout: 120_000 });
    // FUZZ_SUMMARY=1 shows what the generator reached (codes and counts), e.g. after changing it.
    if (process.env.FUZZ_SUMMARY) console.error(JSON.stringify({ ...summary, bad: summary.bad.length }));
    assert.is(summary.cases, COUNT);
    assert.equal(summary.bad, [], JSON.stringify(summary.bad, null, 2));
    assert.is(summary.liveAtEnd, 0);
    assert.is(summary.freshAtEnd, true);
    // The generator reaches both outcomes (a fuzzer refusing everything would prove little).
    const refused = Object.values(summary.refused).reduce((a, b) => a + b, 0);
    assert.ok(summary.constructed > 30, `constructed ${summary.constructed}`);
    assert.ok(refused > 100, `refused ${refused}`);
    assert.ok(summary.refused.ERR_MODSPACE_INVALID_OPTION > 50, JSON.stringify(summary.refused));
    assert.ok(summary.refused.ERR_MODSPACE_INVALID_OVERRIDE > 5, JSON.stringify(summary.refused));
  });
}

test.after(() => removeProject(project));
test.run();
