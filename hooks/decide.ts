/**
 * The hook decisions, written once as plain functions over the space table.
 * A resolve decision is a *plan*: final without Node (`done`), a question to
 * the space's mapper function in the main thread (`map`), or a call of Node's
 * next resolver whose result it finishes (`next`). The in-thread and
 * off-thread adapters only differ in whether they await those two calls.
 */
import { readFileSync } from 'node:fs';
import type { LoadFnOutput, LoadHookContext, ResolveFnOutput, ResolveHookContext } from 'node:module';
import { ErrorCodes, ModspaceError, displayLocation } from '../src/errors.js';
import { locate } from './locate.js';
import { checkSpecifier, checkTarget, type Refusal } from './policy.js';
import { isPlaceURL, policySubject } from './places/lookup.js';
import { checkRemoteImport, loadFromPlace } from './places/load.js';
import { transformFile, userTransformOf } from './transforms.js';
import { generatedIdOf, generatedURL, renderGenerated } from './generated.js';
import { compileTypeScript, isSpaceTypeScript, typeScriptFormat, typeScriptSibling } from './typescript.js';
import { anySpaceTransforms, versionOf, type OverrideAction, type OverrideTable, type SpaceRecord, type SpaceTable } from './state.js';
import { recordImport, recordLoad } from './graph.js';
import { explainURL, observe, type Trace } from './trace.js';
import { ACTUAL_PREFIX, ENTRY_PREFIX, GENERATED_SCHEME, readToken, targetOf, withToken, withoutToken } from './token.js';

export type ResolvePlan =
  | { kind: 'pass' }
  | { kind: 'done'; result: ResolveFnOutput }
  | { kind: 'map'; request: MapRequest; then(action: OverrideAction | undefined): ResolvePlan }
  | {
      kind: 'next';
      specifier: string;
      context: ResolveHookContext;
      finish(result: ResolveFnOutput): ResolveFnOutput;
      /** Lets the plan adjust an error from Node before it is rethrown (or, for `explain()`, report it). */
      failed(error: unknown): ResolveFnOutput;
    };

const PASS: ResolvePlan = { kind: 'pass' };

/** A question for a space's mapper function: what should `specifier`, imported by `importer`, be? */
export interface MapRequest {
  space: number;
  specifier: string;
  importer: string;
}

/** What `space.import()` encodes into an entry specifier. */
export interface EntryRequest {
  space: number;
  generation: number;
  specifier: string;
  parentURL: string;
  /** `importActual()`: the real module, past the space's overrides and mapper. */
  actual?: boolean;
  /** `explain()`: decide as for an import made by `parentURL`, answer the decision as data. */
  explain?: boolean;
  /** Makes each `explain()` request a new specifier, past Node's resolve cache. */
  nonce?: number;
}

export function encodeEntry(request: EntryRequest): string {
  return ENTRY_PREFIX + encodeURIComponent(JSON.stringify(request));
}

function decodeEntry(specifier: string): EntryRequest {
  return JSON.parse(decodeURIComponent(specifier.slice(ENTRY_PREFIX.length))) as EntryRequest;
}

export function planResolve(table: SpaceTable, specifier: string, context: ResolveHookContext): ResolvePlan {
  if (specifier.startsWith(ENTRY_PREFIX)) {
    const entry = decodeEntry(specifier);
    const record = spaceOrThrow(table, entry.space, entry.specifier, entry.parentURL);
    const trace = newTrace(record, entry.specifier, entry.parentURL);
    if (entry.explain) {
      // The decision travels back as the resolved URL: import.meta.resolve() is synchronous on both hook paths.
      return observe(
        trace,
        () => planInSpace(table, record, entry.specifier, entry.parentURL, context, 'import', trace),
        (result) => ({ url: explainURL(trace, result.url), shortCircuit: true }),
        (error) => ({ url: explainURL(trace, null, error), shortCircuit: true }),
      );
    }
    const mode = entry.actual ? 'actual' : 'entry';
    return observe(trace, () => planInSpace(table, record, entry.specifier, entry.parentURL, context, mode, trace));
  }
  const parentURL = context.parentURL;
  if (parentURL === undefined) return PASS;
  const token = readToken(parentURL);
  if (token === undefined) return PASS;
  const record = spaceOrThrow(table, token.space, specifier, parentURL);
  const trace = newTrace(record, specifier, parentURL);
  const recorded = (result: ResolveFnOutput): ResolveFnOutput => {
    recordImport(table, parentURL, result.url);
    return result;
  };
  if (specifier.startsWith(ACTUAL_PREFIX)) {
    // A partial override reaching the module it replaces: that target as the space would load it.
    const url = specifier.slice(ACTUAL_PREFIX.length);
    trace.rule = 'actual';
    return observe(trace, () => done(adopt(table, record, { url })), recorded);
  }
  return observe(trace, () => planInSpace(table, record, specifier, resolveBaseOf(record, parentURL), context, 'import', trace), recorded);
}

function newTrace(record: SpaceRecord, specifier: string, importer: string): Trace {
  return { space: record.name, specifier, importer, rule: 'space', detail: undefined };
}

/** `entry`: the host's `space.import()`; `actual`: `importActual()`; `import`: a module of the space. */
type RequestMode = 'entry' | 'actual' | 'import';

function planInSpace(
  table: SpaceTable,
  record: SpaceRecord,
  specifier: string,
  parentURL: string,
  context: ResolveHookContext,
  mode: RequestMode,
  trace: Trace,
): ResolvePlan {
  // The host's own calls are not policed: policies govern what the space's
  // modules import (Exocet's emptyMapper still loads the entry).
  const policy = mode === 'import' ? record.policy : null;
  if (policy) refuseIf(checkSpecifier(policy, specifier, record.id), record, specifier, parentURL, trace);
  const overrides = mode === 'actual' ? [] : overrideTables(record, parentURL);

  specifier = typeScriptSibling(specifier, parentURL);
  /** The space's overrides, policy and token applied to a resolved module. */
  const settle = (result: ResolveFnOutput): ResolveFnOutput => {
    // An explicit URL carrying another token is re-homed: a space's modules live in that space.
    const url = withoutToken(result.url);
    const target = targetOf(url);
    const subject = policy ? policySubject(record, result.url) : undefined;
    if (policy && subject !== undefined) refuseIf(checkTarget(policy, subject, parentURL, record.id), record, specifier, parentURL, trace);
    if (mode === 'import') refuseIf(checkRemoteImport(record, parentURL, url), record, specifier, parentURL, trace);
    for (const scope of overrides) {
      const action = scope.byTarget.get(target);
      if (action) return applyOverride(table, record, action, overrideRule(scope, record, trace));
    }
    return adopt(table, record, { ...result, url }, trace);
  };
  const resolveWithNode = (): ResolvePlan => {
    for (const scope of overrides) {
      const early = scope.byBare.get(specifier) ?? virtualFileOverride(scope, specifier, parentURL);
      if (early) return done(applyOverride(table, record, early, overrideRule(scope, record, trace)));
    }
    const conditions = record.conditions ? [...record.conditions, ...context.conditions] : context.conditions;
    // The space's aliases and roots come before Node's node_modules lookup; modules in places are resolved here.
    const located = locate(record, specifier, parentURL, conditions);
    if ('place' in located) return done(settle({ url: located.place }));
    return {
      kind: 'next',
      specifier: located.specifier,
      context: { ...context, parentURL: located.parentURL, conditions },
      finish: settle,
      failed(error) {
        // `import.meta.resolve` turns a not-found error that carries `url` into a
        // success; `space.resolve()` must report the missing module instead.
        if (mode !== 'import' && error instanceof Error && 'url' in error) delete (error as { url?: unknown }).url;
        throw error;
      },
    };
  };
  if (!record.hasMapper || mode === 'actual') return resolveWithNode();
  return {
    kind: 'map',
    request: { space: record.id, specifier, importer: withoutToken(parentURL) },
    then: (action) => {
      if (!action) return resolveWithNode();
      trace.rule = 'mapper';
      return done(applyOverride(table, record, action, trace));
    },
  };
}

/** Notes which kind of override decided, and returns the trace for applyOverride. */
function overrideRule(scope: OverrideTable, record: SpaceRecord, trace: Trace): Trace {
  trace.rule = scope === record.overrides ? 'override' : 'scoped-override';
  return trace;
}

/** The override tables that apply to an import from `parentURL`: its scoped table first. */
function overrideTables(record: SpaceRecord, parentURL: string): OverrideTable[] {
  const scoped = record.scoped.size ? record.scoped.get(targetOf(parentURL)) : undefined;
  return scoped ? [scoped, record.overrides] : [record.overrides];
}

function done(result: ResolveFnOutput): ResolvePlan {
  return { kind: 'done', result: { ...result, shortCircuit: true } };
}

/** A path override whose file does not exist must match before Node's resolver rejects it. */
function virtualFileOverride(table: OverrideTable, specifier: string, parentURL: string): OverrideAction | undefined {
  if (!table.hasVirtualFiles || !/^(?:\.{1,2}\/|\/|file:)/.test(specifier)) return undefined;
  return table.byTarget.get(targetOf(new URL(specifier, parentURL).href));
}

/**
 * Gives a resolved module its place: delegated to the parent (shared targets,
 * builtins and addons), left as it is (schemes modspace does not own), or
 * tokenized into this space with the generation of the module's current
 * instance there. `trace` is set by the first, outermost call only.
 */
function adopt(table: SpaceTable, record: SpaceRecord, result: ResolveFnOutput, trace?: Trace): ResolveFnOutput {
  const url = result.url;
  const target = targetOf(url);
  const builtin = url.startsWith('node:');
  const addon = !builtin && target.endsWith('.node');
  if (builtin || addon || record.share.has(target)) {
    if (trace) trace.rule = builtin ? 'builtin' : addon ? 'addon' : 'share';
    if (record.parent === null) return result;
    const parent = spaceOrThrow(table, record.parent, url, undefined);
    if (trace && trace.rule === 'share') trace.detail = parent.name;
    const action = parent.overrides.byTarget.get(target);
    if (action) return applyOverride(table, parent, action, undefined);
    return adopt(table, parent, result);
  }
  // data: modules join the space too (token in the fragment), or their imports would escape it.
  if (!url.startsWith('file:') && !url.startsWith('data:') && !isPlaceURL(url)) {
    if (trace) trace.rule = 'outside';
    return result;
  }
  return { ...result, url: withToken(url, { space: record.id, generation: versionOf(record, target) }) };
}

function applyOverride(table: SpaceTable, record: SpaceRecord, action: OverrideAction, trace: Trace | undefined): ResolveFnOutput {
  if (action.kind === 'redirect') {
    // The redirect target is a module of this space (or shared), never overridden again.
    if (trace) trace.detail = `redirect to ${action.url}`;
    return adopt(table, record, { url: action.url });
  }
  const target = generatedURL(record.id, action.id, record.generated.get(action.id)?.overrideKey ?? '');
  return { url: withToken(target, { space: record.id, generation: versionOf(record, target) }), format: 'module' };
}

export type LoadPlan =
  | { kind: 'pass' }
  | { kind: 'done'; result: LoadFnOutput }
  /** Load through the rest of the chain with `context`, then `finish` (TypeScript). */
  | { kind: 'next'; context: LoadHookContext; finish(loaded: LoadFnOutput): LoadFnOutput };

const PASS_LOAD: LoadPlan = { kind: 'pass' };

export function planLoad(table: SpaceTable, url: string, context: LoadHookContext): LoadPlan {
  recordLoad(table, url);
  if (isPlaceURL(url)) {
    const token = readToken(url);
    if (token !== undefined) return { kind: 'done', result: loadFromPlace(spaceOrThrow(table, token.space, url, undefined), url) };
  } else if (anySpaceTransforms() && url.startsWith('file:') && url.includes('modspace=')) {
    // A space's own transform for this extension wins over the built-in TypeScript one.
    const token = readToken(url);
    const record = token === undefined ? undefined : table.get(token.space);
    const transform = record ? userTransformOf(record, targetOf(url)) : undefined;
    if (transform) {
      const source = readFileSync(new URL(targetOf(url)), 'utf8');
      return { kind: 'done', result: { format: 'module', source: transformFile(transform, source, withoutToken(url)), shortCircuit: true } };
    }
  }
  if (isSpaceTypeScript(url)) {
    const format = typeScriptFormat(url);
    return { kind: 'next', context: { ...context, format }, finish: (loaded) => compileTypeScript(url, loaded, format) };
  }
  if (!url.startsWith(GENERATED_SCHEME)) return PASS_LOAD;
  const { record, id } = generatedOwner(table, url);
  const generated = record.generated.get(id);
  if (generated === undefined) throw new ModspaceError(ErrorCodes.DISPOSED, `Generated module ${url} is unknown`, { space: record.name });
  // `require()` (createRequire in a space's module, in-thread) loads without import attributes.
  return { kind: 'done', result: { ...renderGenerated(generated, context.importAttributes ?? {}), shortCircuit: true } };
}

/** Relative imports of a source-text module resolve against its declared base. */
function resolveBaseOf(record: SpaceRecord, parentURL: string): string {
  if (!parentURL.startsWith(GENERATED_SCHEME)) return parentURL;
  const generated = record.generated.get(generatedIdOf(parentURL));
  return generated?.kind === 'source' ? generated.resolveBase : parentURL;
}

function generatedOwner(table: SpaceTable, url: string): { record: SpaceRecord; id: string } {
  const token = readToken(url);
  if (token === undefined) throw new ModspaceError(ErrorCodes.DISPOSED, `Generated module ${url} has no space`);
  return { record: spaceOrThrow(table, token.space, url, undefined), id: generatedIdOf(url) };
}

function spaceOrThrow(table: SpaceTable, id: number, specifier: string, importer: string | undefined): SpaceRecord {
  const record = table.get(id);
  if (record) return record;
  throw new ModspaceError(ErrorCodes.DISPOSED, `Space s${id} was disposed; its modules can no longer import`, {
    specifier,
    importer: displayLocation(importer === undefined ? undefined : withoutToken(importer)),
  });
}

function refuseIf(refusal: Refusal | undefined, record: SpaceRecord, specifier: string, parentURL: string, trace: Trace): void {
  if (refusal === undefined) return;
  trace.rule = 'denied';
  trace.detail = refusal.rule;
  throw new ModspaceError(ErrorCodes.DENIED, `Import denied by policy (${refusal.rule})`, {
    space: record.name,
    specifier,
    importer: displayLocation(withoutToken(parentURL)),
  });
}
