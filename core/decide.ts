/**
 * The hook decisions, written once as plain functions over the space table.
 * A resolve decision is a *plan*: final without Node (`done`), a question to
 * the space's mapper function in the main thread (`map`), or a call of Node's
 * next resolver whose result it finishes (`next`). The in-thread and
 * off-thread adapters only differ in whether they await those two calls.
 */
import { readFileSync } from 'node:fs';
import type { LoadFnOutput, LoadHookContext, ResolveFnOutput, ResolveHookContext } from 'node:module';
import { ErrorCodes, ModspaceError, displayLocation } from './errors.js';
import { locate } from './locate.js';
import { checkSpecifier, checkTarget, type PolicyRecord, type Refusal } from './policy.js';
import { isPlaceURL, policySubject } from './places/lookup.js';
import { checkRemoteImport, loadFromPlace } from './places/load.js';
import { transformFile, userTransformOf } from './transforms.js';
import { generatedIdOf, generatedURL, renderGenerated } from './generated.js';
import { compileTypeScript, isSpaceTypeScript, typeScriptFormat, typeScriptSibling } from './typescript.js';
import { withHot } from './hot-inject.js';
import { anySpaceHot, anySpaceTransforms, isTrustedEntryParent, versionOf, type GeneratedModule, type OverrideAction, type OverrideTable, type SpaceRecord, type SpaceTable } from './state.js';
import { recordDenied, recordImport, recordLoad, recordMissing, recordRedirect } from './graph.js';

/** How a trace names a redirect's target (`explain()` shows it; the graph marks the target). */
const REDIRECT_DETAIL = 'redirect to ';
import { explainURL, observe, type Trace } from './trace.js';
import { ACTUAL_PREFIX, ENTRY_PREFIX, GENERATED_SCHEME, TOKEN_PARAM, readToken, targetOf, withToken, withoutToken } from './token.js';

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
    }
  /**
   * Several imports decided in one hook call (the runner's batch): the
   * adapter follows each item's plan as it would a plan of its own and hands
   * `combine` every result, `undefined` where the item failed.
   */
  | { kind: 'batch'; items: BatchItem[]; combine(results: ReadonlyArray<ResolveFnOutput | undefined>): ResolveFnOutput };

/** One import of a batch: its plan is made when the adapter follows it, so a refusal is that item's failure. */
export interface BatchItem {
  specifier: string;
  context: ResolveHookContext;
  plan(): ResolvePlan;
}

/** One import in a runner batch: made by the module `parentURL` (with its token). */
export interface BatchRequest {
  specifier: string;
  parentURL: string;
  /** The space's mapper's answer, asked in the main thread (`null`: no answer). */
  mapped?: OverrideAction | null;
}

const PASS: ResolvePlan = { kind: 'pass' };
const NO_POLICIES: readonly PolicyRecord[] = [];

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
  /** Asked by the runner engine, which loads the module itself. */
  runner?: boolean;
  /** With `runner`: an import made by the module `parentURL` (with its token), policed like any. */
  module?: boolean;
  /** With `runner`: the space's mapper's answer, asked in the main thread (`null`: no answer). */
  mapped?: OverrideAction | null;
  /**
   * With `runner`: the imports of a whole level of a graph the runner is
   * loading, decided in one call (off-thread, each call is a round trip to the
   * hooks thread). Answered by a `modspace-batch:` URL (see readBatchURL).
   */
  batch?: BatchRequest[];
}

const BATCH_SCHEME = 'modspace-batch:';

/** The URLs a batch resolved to, in request order; `null` for an import that failed (ask it alone for its error). */
export function readBatchURL(url: string): Array<string | null> {
  if (!url.startsWith(BATCH_SCHEME)) throw new Error(`Not a batch answer: ${url}`);
  return JSON.parse(decodeURIComponent(url.slice(BATCH_SCHEME.length))) as Array<string | null>;
}

export function encodeEntry(request: EntryRequest): string {
  return ENTRY_PREFIX + encodeURIComponent(JSON.stringify(request));
}

function decodeEntry(specifier: string): EntryRequest {
  return JSON.parse(decodeURIComponent(specifier.slice(ENTRY_PREFIX.length))) as EntryRequest;
}

export function planResolve(table: SpaceTable, specifier: string, context: ResolveHookContext): ResolvePlan {
  if (specifier.startsWith(ENTRY_PREFIX)) {
    // Only modspace's own space module makes entries: one forged by a space's
    // module (or CommonJS) would import past its policy or into another space.
    if (!isTrustedEntryParent(context.parentURL)) throw notFound(specifier, context.parentURL);
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
    if (entry.runner && entry.batch) return planBatch(table, entry, entry.batch, context);
    if (entry.runner && entry.module) {
      // An import made by a module the runner evaluates: decided exactly as for a native module.
      const parent = spaceOrThrow(table, readToken(entry.parentURL)?.space ?? entry.space, entry.specifier, entry.parentURL);
      let plan = planModuleImport(table, parent, entry.specifier, entry.parentURL, { ...context, parentURL: entry.parentURL }, forRunner(table));
      // The runner's host asked the mapper on the main thread already (off-thread, the main thread cannot answer now).
      if (entry.mapped !== undefined) while (plan.kind === 'map') plan = plan.then(entry.mapped ?? undefined);
      return plan;
    }
    const after = entry.runner ? forRunner(table) : undefined;
    let plan = observe(trace, () => planInSpace(table, record, entry.specifier, entry.parentURL, context, mode, trace), after?.result);
    if (entry.mapped !== undefined) while (plan.kind === 'map') plan = plan.then(entry.mapped ?? undefined);
    return plan;
  }
  const parentURL = context.parentURL;
  if (parentURL === undefined) return PASS;
  const token = readToken(parentURL);
  if (token === undefined) return PASS;
  return planModuleImport(table, spaceOrThrow(table, token.space, specifier, parentURL), specifier, parentURL, context, NATIVE);
}

/** A runner batch: each import decided exactly as `runner` + `module` entries are, one by one. */
function planBatch(table: SpaceTable, entry: EntryRequest, batch: readonly BatchRequest[], context: ResolveHookContext): ResolvePlan {
  const items = batch.map(({ specifier, parentURL, mapped }): BatchItem => {
    const itemContext = { ...context, parentURL };
    return {
      specifier,
      context: itemContext,
      plan() {
        const parent = spaceOrThrow(table, readToken(parentURL)?.space ?? entry.space, specifier, parentURL);
        let plan = planModuleImport(table, parent, specifier, parentURL, itemContext, forRunner(table));
        if (mapped !== undefined) while (plan.kind === 'map') plan = plan.then(mapped ?? undefined);
        return plan;
      },
    };
  });
  const combine = (results: ReadonlyArray<ResolveFnOutput | undefined>): ResolveFnOutput => ({
    url: BATCH_SCHEME + encodeURIComponent(JSON.stringify(results.map((result) => result?.url ?? null))),
    shortCircuit: true,
  });
  return { kind: 'batch', items, combine };
}

/** What follows a decision for its consumer: Node's loader (nothing), or the runner, which loads what it resolves itself. */
interface After {
  result(result: ResolveFnOutput): ResolveFnOutput;
  error(error: unknown): never;
}

const NATIVE: After = {
  result: (result) => result,
  error: (error) => {
    throw error;
  },
};

/**
 * The runner asks through `import.meta.resolve`, and then loads the module
 * itself: the load hook never sees it, so the decision marks it loaded. A
 * not-found error must not carry `url` (import.meta.resolve would turn it
 * into an answer).
 */
function forRunner(table: SpaceTable): After {
  return {
    result(result) {
      recordLoad(table, result.url);
      return result;
    },
    error(error) {
      if (error instanceof Error && 'url' in error) delete (error as { url?: unknown }).url;
      throw error;
    },
  };
}

/** An import made by a module of `record`'s space (`parentURL` carries its token). */
function planModuleImport(table: SpaceTable, record: SpaceRecord, specifier: string, parentURL: string, context: ResolveHookContext, after: After): ResolvePlan {
  // An entry is the host's request; a module of a space (asking through the runner too) cannot make one.
  if (specifier.startsWith(ENTRY_PREFIX)) throw notFound(specifier, parentURL);
  const trace = newTrace(record, specifier, parentURL);
  const recorded = (result: ResolveFnOutput, decided: Trace): ResolveFnOutput => {
    recordImport(table, parentURL, result.url);
    if (decided.detail?.startsWith(REDIRECT_DETAIL)) recordRedirect(table, result.url, decided.specifier);
    return after.result(result);
  };
  if (specifier.startsWith(ACTUAL_PREFIX)) {
    // A partial override reaching the module it replaces: that target as the space would load it.
    // Only the generated module of that partial override may ask; from anywhere else it does not exist.
    const url = specifier.slice(ACTUAL_PREFIX.length);
    if (generatedOf(record, parentURL)?.actual !== url) throw notFound(specifier, parentURL);
    trace.rule = 'actual';
    return observe(trace, () => done(adopt(table, record, { url })), recorded);
  }
  if (specifier.startsWith(GENERATED_SCHEME)) {
    // A generated module's URL (say, from import.meta.resolve) names it only in its own space.
    const generated = ownGenerated(record, specifier);
    if (generated === undefined) throw notFound(specifier, parentURL);
    trace.rule = 'override';
    return observe(trace, () => done({ url: withToken(generated, { space: record.id, generation: versionOf(record, generated) }), format: 'module' }), recorded);
  }
  const failed = (error: unknown, decided: Trace): never => {
    if (decided.rule === 'denied' && decided.detail !== undefined) recordDenied(table, parentURL, specifier, decided.detail);
    const missing = missingTarget(error, specifier, parentURL);
    if (missing !== undefined) recordMissing(table, parentURL, missing);
    return after.error(error);
  };
  return observe(trace, () => planInSpace(table, record, specifier, resolveBaseOf(record, parentURL), context, 'import', trace), recorded, failed);
}

/** The file a failed import would have been, when Node says it is not there. */
function missingTarget(error: unknown, specifier: string, parentURL: string): string | undefined {
  const { code, url } = (error ?? {}) as { code?: unknown; url?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  if (typeof url === 'string') return targetOf(url);
  return /^\.{1,2}\//.test(specifier) && parentURL.startsWith('file:') ? targetOf(new URL(specifier, parentURL).href) : undefined;
}

/** The live-override record behind a generated module URL of this space (a partial's `actual` lives there). */
function generatedOf(record: SpaceRecord, url: string): (GeneratedModule & { kind: 'live' }) | undefined {
  if (!url.startsWith(GENERATED_SCHEME) || readToken(url)?.space !== record.id) return undefined;
  const generated = record.generated.get(generatedIdOf(url));
  return generated?.kind === 'live' ? generated : undefined;
}

/** The target of a `modspace:` URL naming one of this space's generated modules, or undefined. */
function ownGenerated(record: SpaceRecord, url: string): string | undefined {
  const target = targetOf(url);
  const path = target.slice(`${GENERATED_SCHEME}///`.length);
  if (path.slice(0, path.indexOf('/')) !== String(record.id)) return undefined;
  return record.generated.has(generatedIdOf(target)) ? target : undefined;
}

/**
 * modspace's internal specifiers used where modspace did not make them: they
 * fail as an import of a module that does not exist, which to the importer
 * is what they are.
 */
function notFound(specifier: string, parentURL: string | undefined): Error {
  const importer = displayLocation(parentURL === undefined ? undefined : withoutToken(parentURL));
  const error = new Error(`Cannot find module '${specifier}'${importer === undefined ? '' : ` imported from ${importer}`}`);
  return Object.assign(error, { code: 'ERR_MODULE_NOT_FOUND' });
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
  const policies = mode === 'import' ? record.policies : NO_POLICIES;
  for (const policy of policies) refuseIf(checkSpecifier(policy, specifier, record.id), record, specifier, parentURL, trace);
  const overrides = mode === 'actual' ? [] : overrideTables(record, parentURL);

  specifier = typeScriptSibling(specifier, parentURL);
  /** The space's overrides, policy and token applied to a resolved module. */
  const settle = (result: ResolveFnOutput): ResolveFnOutput => {
    // An explicit URL carrying another token is re-homed: a space's modules live in that space.
    const url = withoutToken(result.url);
    const target = targetOf(url);
    const subject = policies.length ? policySubject(record, result.url) : undefined;
    if (subject !== undefined) for (const policy of policies) refuseIf(checkTarget(policy, subject, parentURL, record.id), record, specifier, parentURL, trace);
    for (const scope of overrides) {
      const action = scope.byTarget.get(target);
      if (action) return applyOverride(table, record, action, overrideRule(scope, record, trace));
    }
    // After the overrides: a space's override of a builtin or package is its own module, open to remote code too.
    if (mode === 'import') refuseIf(checkRemoteImport(record, parentURL, url), record, specifier, parentURL, trace);
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
      context: { ...context, parentURL: entryParent(record, located.parentURL), conditions },
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

/**
 * The parent URL Node's resolver is asked from. Node (22+) caches its own
 * resolution by specifier and parent URL, not conditions: two spaces with
 * other conditions (or the host) asking from one plain `base` would share an
 * answer. Native spaces name the space and the generation: that cache also
 * remembers that a file existed, and a new generation must see a file
 * deleted since. Runner spaces name their conditions only, the one thing
 * Node's answer depends on (aliases and roots are applied before): a parent
 * URL per generation or per space grows that cache with every generation and
 * every space (what the runner exists to avoid), and their host reports a
 * deleted file itself. Node's resolution ignores a parent's query.
 */
function entryParent(record: SpaceRecord, parentURL: string): string {
  if (!parentURL.startsWith('file:')) return parentURL;
  if (record.runner) return `${targetOf(parentURL)}?${TOKEN_PARAM}=c${encodeURIComponent((record.conditions ?? []).join(','))}`;
  return readToken(parentURL) === undefined ? withToken(parentURL, { space: record.id, generation: record.generation }) : parentURL;
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
    if (trace) trace.detail = `${REDIRECT_DETAIL}${action.url}`;
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
  const plan = planSpaceLoad(table, url, context);
  if (!anySpaceHot() || url.startsWith(GENERATED_SCHEME) || !isHotURL(table, url)) return plan;
  // A hot space's ES modules get `import.meta.hot`, whatever made their source (Node, a place, a transform).
  if (plan.kind === 'pass') return { kind: 'next', context, finish: withHot };
  if (plan.kind === 'done') return { kind: 'done', result: withHot(plan.result) };
  return { kind: 'next', context: plan.context, finish: (loaded) => withHot(plan.finish(loaded)) };
}

function isHotURL(table: SpaceTable, url: string): boolean {
  const token = readToken(url);
  return token !== undefined && table.get(token.space)?.hot === true;
}

function planSpaceLoad(table: SpaceTable, url: string, context: LoadHookContext): LoadPlan {
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
    const space = table.get(readToken(url)?.space ?? -1)?.name;
    return { kind: 'next', context: { ...context, format }, finish: (loaded) => compileTypeScript(url, loaded, format, space) };
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
