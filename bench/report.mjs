// Renders the figures of bench/.work/results/node-*.json (one file per Node
// that ran bench/run.mjs) as the Markdown tables of BENCHMARKS.md.
//   node bench/report.mjs > /tmp/tables.md
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORK_DIR } from './graph.mjs';
import { fmt, median } from './lib.mjs';

const dir = join(WORK_DIR, 'results');
const major = (version) => Number(version.slice(1).split('.')[0]);
const all = readdirSync(dir)
  .filter((name) => /^node-v[\d.]+\.json$/.test(name))
  .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')))
  .sort((a, b) => major(a.node) - major(b.node));

const md = (header, rows) =>
  [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 ? '---' : '--:')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const ok = (ratio, target) => (ratio <= target ? `**${fmt.ratio(ratio)}** ✓ (≤ ${target}x)` : `**${fmt.ratio(ratio)}** ✗ (> ${target}x)`);
const ms = (v) => v.toFixed(0);

const out = [];
const withP = (key) => all.filter((r) => r[key]);

out.push('### P1: cold import in a fresh process, hooks registered, no space used\n');
out.push(
  md(
    ['Node', 'hooks', 'runs', 'no hooks (ms)', 'trivial hooks (ms)', 'modspace (ms)', 'trivial / none', 'modspace / none (target)', 'modspace / trivial', 'start→imported: modspace / none (trivial / none)'],
    withP('p1').map((r) => {
      const [none, modspace, trivial] = r.p1.rows;
      return [
        r.node,
        r.hookMode,
        r.p1.runs,
        ms(none.import),
        ms(trivial.import),
        ms(modspace.import),
        fmt.ratio(trivial.import / none.import),
        ok(modspace.import / none.import, r.p1.target),
        fmt.ratio(modspace.import / trivial.import),
        `${fmt.ratio(modspace.total / none.total)} (${fmt.ratio(trivial.total / none.total)})`,
      ];
    }),
  ),
);
const offRows = withP('p1').filter((r) => r.p1.rows.length > 3);
if (offRows.length) {
  out.push('\nThe off-thread path forced on Nodes that have the in-thread one (`MODSPACE_HOOKS=off-thread`; no target):\n');
  out.push(
    md(
      ['Node', 'no hooks (ms)', 'trivial register() (ms)', 'modspace off-thread (ms)', 'trivial / none', 'modspace / none', 'modspace / trivial'],
      offRows.map((r) => {
        const [none, , , modspace, trivial] = r.p1.rows;
        return [r.node, ms(none.import), ms(trivial.import), ms(modspace.import), fmt.ratio(trivial.import / none.import), fmt.ratio(modspace.import / none.import), fmt.ratio(modspace.import / trivial.import)];
      }),
    ),
  );
}
out.push('\nStart-up (process start until the main script runs: Node itself plus the --import), median:\n');
out.push(
  md(
    ['Node', 'no hooks (ms)', 'trivial hooks (ms)', 'modspace (ms)', 'modspace − trivial (ms)'],
    withP('p1').map((r) => {
      const [none, modspace, trivial] = r.p1.rows;
      return [r.node, none.startup.toFixed(1), trivial.startup.toFixed(1), modspace.startup.toFixed(1), (modspace.startup - trivial.startup).toFixed(1)];
    }),
  ),
);
out.push('\nCPU time of the import (all threads of the process), same runs:\n');
out.push(
  md(
    ['Node', 'no hooks (ms)', 'trivial hooks (ms)', 'modspace (ms)', 'modspace / none', 'modspace / trivial'],
    withP('p1').map((r) => {
      const [none, modspace, trivial] = r.p1.rows;
      return [r.node, ms(none.importCpu), ms(trivial.importCpu), ms(modspace.importCpu), fmt.ratio(modspace.importCpu / none.importCpu), fmt.ratio(modspace.importCpu / trivial.importCpu)];
    }),
  ),
);

out.push('\n### P2: a fresh copy of the whole graph inside a warm process, per module\n');
out.push(
  md(
    ['Node', 'hooks', 'native (µs)', 'token loader (µs)', 'new space (µs)', 'space.fresh() (µs)', 'token / native', 'new space / native (target)', 'fresh / native', 'new space / token'],
    withP('p2').map((r) => {
      const [native, token, space, fresh] = r.p2.rows;
      return [
        r.node,
        r.hookMode,
        native.perModule.toFixed(0),
        token.perModule.toFixed(0),
        space.perModule.toFixed(0),
        fresh.perModule.toFixed(0),
        fmt.ratio(token.perModule / native.perModule),
        ok(space.perModule / native.perModule, r.p2.target),
        fmt.ratio(fresh.perModule / native.perModule),
        fmt.ratio(space.perModule / token.perModule),
      ];
    }),
  ),
);
out.push('\nCPU time per module (all threads), same runs:\n');
out.push(
  md(
    ['Node', 'native (µs)', 'token loader (µs)', 'new space (µs)', 'new space / native', 'new space / token'],
    withP('p2').map((r) => {
      const [native, token, space] = r.p2.rows;
      return [r.node, native.cpuPerModule.toFixed(0), token.cpuPerModule.toFixed(0), space.cpuPerModule.toFixed(0), fmt.ratio(space.cpuPerModule / native.cpuPerModule), fmt.ratio(space.cpuPerModule / token.cpuPerModule)];
    }),
  ),
);

out.push('\n### P3: heap retained per generation\n');
out.push(
  md(
    ['Node', 'hooks', 'token loader / generation', 'modspace / generation', 'per module (modspace)', 'modspace / token (target)', 'RSS / generation (token, modspace)'],
    withP('p3').map((r) => [
      r.node,
      r.hookMode,
      fmt.bytes(median(r.p3.token)),
      fmt.bytes(median(r.p3.modspace)),
      fmt.bytes(median(r.p3.modspace) / r.graph.modules),
      ok(median(r.p3.modspace) / median(r.p3.token), r.p3.target),
      `${fmt.bytes(median(r.p3.tokenRss))}, ${fmt.bytes(median(r.p3.modspaceRss))}`,
    ]),
  ),
);
out.push('\nWhat modspace holds (bytes per space; 1,000 spaces per batch, each with 2 live overrides and 1 share):\n');
const m = (list, key) => median(list.map((sample) => sample[key]));
out.push(
  md(
    ['Node', 'live space', 'after dispose (no import)', 'first batch, one-off', 'after dispose, imported 2 modules', 'token loader, same 2 modules', 'override values freed'],
    withP('p3').map((r) => [
      r.node,
      fmt.bytes(m(r.p3.dispose, 'bytesPerLiveSpace')),
      fmt.bytes(m(r.p3.dispose, 'bytesPerDisposedSpace')),
      fmt.bytes(m(r.p3.dispose, 'firstRoundBytesPerSpace')),
      fmt.bytes(m(r.p3.dispose, 'bytesPerDisposedImportingSpace')),
      fmt.bytes(m(r.p3.tiny, 'bytesPerImport')),
      `${Math.min(...r.p3.dispose.map((s) => s.overrideValuesFreed))} / ${r.p3.dispose[0].spaces}`,
    ]),
  ),
);
console.log(out.join('\n'));
