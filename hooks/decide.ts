/**
 * The hook decisions, written once as plain functions over the space table.
 * A resolve decision is a *plan*: final without Node (`done`), a question to
 * the space's mapper function in the main thread (`map`), or a call of Node's
 * next resolver whose result it finishes (`next`). The in-thread and
 * off-thread adapters only differ in whether they await those two calls.
 */
import type { LoadFnOutput, LoadHookContext, ResolveFnOutput, ResolveHookContext } from 'node:module';
import { ErrorCodes, ModspaceError, displayLocation } from '../src/errors.js';
import { locate } from './locate.js';
import { checkSpecifier, checkTarget, type Refusal } from './policy.js';
import { renderGenerated } from './generated.js';
import { compileTypeScript, isSpaceTypeScript, typeScriptFormat, typeScriptSibling } from './typescript.js';
import type { OverrideAction, OverrideTable, SpaceRecord, SpaceTable } from './state.js';
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
      /** Lets the plan adjust an error from Node before it is rethrown. */
      failed(error: unknown): never;
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
    const mode = entry.actual ? 'actual' : 'entry';
    return planInSpace(table, record, entry.generation, entry.specifier, entry.parentURL, context, mode);
  }
  const parentURL = context.parentURL;
  if (parentURL === undefined) return PASS;
  const token = readToken(parentURL);
  if (token === undefined) return PASS;
  const record = spaceOrThrow(table, token.space, specifier, parentURL);
  if (specifier.startsWith(ACTUAL_PREFIX)) {
    // A partial override reaching the module it replaces: that target as the space would load it.
    const url = specifier.slice(ACTUAL_PREFIX.length);
    return { kind: 'done', result: { ...adopt(table, record, token.generation, { url }), shortCircuit: true } };
  }
  return planInSpace(table, record, token.generation, specifier, resolveBaseOf(record, parentURL), context, 'import');
}

/** `entry`: the host's `space.import()`; `actual`: `importActual()`; `import`: a module of the space. */
type RequestMode = 'entry' | 'actual' | 'import';

function planInSpace(
  table: SpaceTable,
  record: SpaceRecord,
  generation: number,
  specifier: string,
  parentURL: string,
  context: ResolveHookContext,
  mode: RequestMode,
): ResolvePlan {
  // The host's own calls are not policed: policies govern what the space's
  // modules import (Exocet's emptyMapper still loads the entry).
  const policy = mode === 'import' ? record.policy : null;
  if (policy) refuseIf(checkSpecifier(policy, specifier), record, specifier, parentURL);
  const overrides = mode === 'actual' ? [] : overrideTables(record, parentURL);

  specifier = typeScriptSibling(specifier, parentURL);
  const resolveWithNode = (): ResolvePlan => {
    for (const scope of overrides) {
      const early = scope.byBare.get(specifier) ?? virtualFileOverride(scope, specifier, parentURL);
      if (early) return done(applyOverride(table, record, generation, early));
    }
    const conditions = record.conditions ? [...record.conditions, ...context.conditions] : context.conditions;
    return {
      kind: 'next',
      // The space's aliases and roots come before Node's node_modules lookup.
      specifier: locate(record.resolution, specifier, parentURL, conditions),
      context: { ...context, parentURL, conditions },
      finish(result) {
        // An explicit URL carrying another token is re-homed: a space's modules live in that space.
        const url = withoutToken(result.url);
        const target = targetOf(url);
        if (policy) refuseIf(checkTarget(policy, target), record, specifier, parentURL);
        for (const scope of overrides) {
          const action = scope.byTarget.get(target);
          if (action) return applyOverride(table, record, generation, action);
        }
        return adopt(table, record, generation, { ...result, url });
      },
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
    then: (action) => (action ? done(applyOverride(table, record, generation, action)) : resolveWithNode()),
  };
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
 * tokenized into this space.
 */
function adopt(table: SpaceTable, record: SpaceRecord, generation: number, result: ResolveFnOutput): ResolveFnOutput {
  const url = result.url;
  const target = targetOf(url);
  const implicitlyShared = url.startsWith('node:') || target.endsWith('.node');
  if (implicitlyShared || record.share.has(target)) {
    if (record.parent === null) return result;
    const parent = spaceOrThrow(table, record.parent, url, undefined);
    const action = parent.overrides.byTarget.get(target);
    if (action) return applyOverride(table, parent, parent.generation, action);
    return adopt(table, parent, parent.generation, result);
  }
  if (!url.startsWith('file:')) return result;
  return { ...result, url: withToken(url, { space: record.id, generation }) };
}

function applyOverride(table: SpaceTable, record: SpaceRecord, generation: number, action: OverrideAction): ResolveFnOutput {
  if (action.kind === 'redirect') {
    // The redirect target is a module of this space (or shared), never overridden again.
    return adopt(table, record, generation, { url: action.url });
  }
  return {
    url: withToken(`${GENERATED_SCHEME}///${record.id}/${action.id}`, { space: record.id, generation }),
    format: 'module',
  };
}

export type LoadPlan =
  | { kind: 'pass' }
  | { kind: 'done'; result: LoadFnOutput }
  /** Load through the rest of the chain with `context`, then `finish` (TypeScript). */
  | { kind: 'next'; context: LoadHookContext; finish(loaded: LoadFnOutput): LoadFnOutput };

const PASS_LOAD: LoadPlan = { kind: 'pass' };

export function planLoad(table: SpaceTable, url: string, context: LoadHookContext): LoadPlan {
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
  const generated = record.generated.get(generatedId(parentURL));
  return generated?.kind === 'source' ? generated.resolveBase : parentURL;
}

function generatedOwner(table: SpaceTable, url: string): { record: SpaceRecord; id: string } {
  const token = readToken(url);
  if (token === undefined) throw new ModspaceError(ErrorCodes.DISPOSED, `Generated module ${url} has no space`);
  return { record: spaceOrThrow(table, token.space, url, undefined), id: generatedId(url) };
}

/** `modspace:///3/o1?modspace=s3.g1` → `o1`. */
function generatedId(url: string): string {
  const path = targetOf(url).slice(`${GENERATED_SCHEME}///`.length);
  return path.slice(path.indexOf('/') + 1);
}

function spaceOrThrow(table: SpaceTable, id: number, specifier: string, importer: string | undefined): SpaceRecord {
  const record = table.get(id);
  if (record) return record;
  throw new ModspaceError(ErrorCodes.DISPOSED, `Space s${id} was disposed; its modules can no longer import`, {
    specifier,
    importer: displayLocation(importer === undefined ? undefined : withoutToken(importer)),
  });
}

function refuseIf(refusal: Refusal | undefined, record: SpaceRecord, specifier: string, parentURL: string): void {
  if (refusal === undefined) return;
  throw new ModspaceError(ErrorCodes.DENIED, `Import denied by policy (${refusal.rule})`, {
    space: record.name,
    specifier,
    importer: displayLocation(withoutToken(parentURL)),
  });
}
