// The hook decisions as plain functions over a space table, with Node's next
// resolver replaced by a stub: cases that are hard to set up end to end.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planLoad, planResolve } from '../dist/core/decide.js';

function record(id, extra = {}) {
  return {
    id, name: `s${id}`, parent: null, generation: 1, base: 1, versions: new Map(), runner: false, modules: new Map(), known: new Set(), conditions: null,
    overrides: { byTarget: new Map(), byBare: new Map(), hasVirtualFiles: false }, scoped: new Map(), hasMapper: false,
    share: new Set(), policies: [], generated: new Map(), baseURL: 'file:///app/', remote: null, transforms: null, resolution: null, ...extra,
  };
}
const context = (parentURL) => ({ parentURL, conditions: ['node', 'import'], importAttributes: {} });
/** Runs a plan the way the in-thread adapter does, with `next` answering `url`. */
function decide(table, specifier, parentURL, url) {
  const plan = planResolve(table, specifier, context(parentURL));
  if (plan.kind === 'pass') return { pass: true };
  if (plan.kind === 'done') return plan.result;
  return plan.finish({ url, format: 'module' });
}

test('imports from outside every space pass through untouched', () => {
  const table = new Map([[1, record(1)]]);
  assert.equal(decide(table, './x.js', 'file:///app/main.js', 'file:///app/x.js'), { pass: true });
  assert.equal(planResolve(table, 'x', { conditions: [], importAttributes: {} }), { kind: 'pass' });
});

test('native addons are never tokenized, even from a child space', () => {
  const table = new Map([[1, record(1)], [2, record(2, { parent: 1 })]]);
  const result = decide(table, './addon.node', 'file:///app/a.js?modspace=s2.g1', 'file:///app/addon.node');
  assert.is(result.url, 'file:///app/addon.node');
});

test('data: modules join the space with the token in their fragment; schemes modspace does not serve are left as they are', () => {
  const table = new Map([[1, record(1)], [2, record(2, { generation: 3, base: 3 })]]);
  const tagged = 'data:text/javascript,1?2:3#modspace=s1.g1';
  assert.is(decide(table, 'data:text/javascript,1?2:3', 'file:///app/a.js?modspace=s1.g1', 'data:text/javascript,1?2:3').url, tagged);
  assert.is(decide(table, 'data:text/javascript,1#x', 'file:///app/a.js?modspace=s1.g1', 'data:text/javascript,1#x').url, 'data:text/javascript,1#x&modspace=s1.g1');
  // Imports made by a data: module stay in its space; another space re-homes it.
  assert.is(decide(table, './x.js', tagged, 'file:///app/x.js').url, 'file:///app/x.js?modspace=s1.g1');
  assert.is(decide(table, tagged, 'file:///app/b.js?modspace=s2.g3', tagged).url, 'data:text/javascript,1?2:3#modspace=s2.g3');
  // A token-like text in a data: URL's body or query is code, not a token.
  assert.equal(decide(table, './x.js', 'data:text/javascript,x?modspace=s1.g1', 'file:///app/x.js'), { pass: true });
  assert.is(decide(table, 'custom:x.js', 'file:///app/a.js?modspace=s1.g1', 'custom:x.js').url, 'custom:x.js');
});

test("a shared target takes the parent's current generation", () => {
  const parent = record(1, { generation: 4, base: 4 });
  const child = record(2, { parent: 1, generation: 7, base: 7, share: new Set(['file:///app/host.js']) });
  const table = new Map([[1, parent], [2, child]]);
  assert.is(decide(table, './host.js', 'file:///app/a.js?modspace=s2.g7', 'file:///app/host.js').url, 'file:///app/host.js?modspace=s1.g4');
  assert.is(decide(table, './own.js', 'file:///app/a.js?modspace=s2.g7', 'file:///app/own.js').url, 'file:///app/own.js?modspace=s2.g7');
});

test('each module takes the generation of its current instance, not its importer\'s', () => {
  const space = record(1, { generation: 5, base: 2, versions: new Map([['file:///app/changed.js', 5]]) });
  const table = new Map([[1, space]]);
  assert.is(decide(table, './changed.js', 'file:///app/a.js?modspace=s1.g2', 'file:///app/changed.js').url, 'file:///app/changed.js?modspace=s1.g5');
  assert.is(decide(table, './kept.js', 'file:///app/a.js?modspace=s1.g5', 'file:///app/kept.js').url, 'file:///app/kept.js?modspace=s1.g2');
});

test("a URL with another space's token is re-homed into the importer's space", () => {
  const table = new Map([[1, record(1, { generation: 3, base: 3 })], [2, record(2)]]);
  const url = decide(table, 'file:///app/x.js?modspace=s2.g1', 'file:///app/a.js?modspace=s1.g3', 'file:///app/x.js?modspace=s2.g1').url;
  assert.is(url, 'file:///app/x.js?modspace=s1.g3');
});

test('space conditions come before the importer conditions', () => {
  const table = new Map([[1, record(1, { conditions: ['development'] })]]);
  const plan = planResolve(table, 'pkg', context('file:///app/a.js?modspace=s1.g1'));
  assert.equal(plan.context.conditions, ['development', 'node', 'import']);
});

test('a disposed space is reported by name of its token', () => {
  const table = new Map();
  try {
    planResolve(table, './x.js', context('file:///app/a.js?modspace=s9.g1'));
    assert.unreachable();
  } catch (error) {
    assert.is(error.code, 'ERR_MODSPACE_DISPOSED');
    assert.match(error.message, /Space s9 was disposed/);
    assert.is(error.importer, '/app/a.js');
  }
});

test('load answers generated modules and nothing else', () => {
  const generated = new Map([['o1', { kind: 'live', key: '1:o1', exports: ['a', 'b-c'], defaultIsProperty: false, json: '{"a":1}', actual: null }]]);
  const table = new Map([[1, record(1, { generated })]]);
  assert.equal(planLoad(table, 'file:///app/a.js?modspace=s1.g1', { importAttributes: {} }), { kind: 'pass' });
  const module = planLoad(table, 'modspace:///1/o1?modspace=s1.g1', { importAttributes: {} }).result;
  assert.is(module.format, 'module');
  assert.match(module.source, /as "b-c"/);
  const json = planLoad(table, 'modspace:///1/o1?modspace=s1.g2', { importAttributes: { type: 'json' } }).result;
  assert.equal([json.format, json.source], ['json', '{"a":1}']);
});

test.run();
