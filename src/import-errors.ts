/**
 * Turns Node's errors about overrides into errors that say which override:
 * - "The requested module './db.js' does not provide an export named 'close'"
 *   when `./db.js` is an override becomes ERR_MODSPACE_MISSING_EXPORT naming
 *   the key, its kind, the importer and what to do about it;
 * - a SyntaxError with no location, when a `source()` override of the space
 *   does not parse, becomes ERR_MODSPACE_INVALID_OVERRIDE with the key and the
 *   line and column in the source text.
 * Only `space.import()` failures come here (the error path: nothing is paid on
 * success). Any other error is left as Node made it.
 */
import { decoratedLocation } from './error-location.js';
import { displayLocation, ErrorCodes, ModspaceError } from '../core/errors.js';
import { checkWithNode, parseWithEsbuild, type SyntaxProblem } from './syntax-check.js';
import { generatedIdOf, overrideOf } from '../core/generated.js';
import type { ModuleOverride, SpaceRecord } from '../core/state.js';
import type { Decision } from '../core/trace.js';
import { GENERATED_SCHEME, readToken, withoutToken } from '../core/token.js';

/** What the translation needs of a space (a ModuleSpace, seen from inside). */
export interface FailedSpace {
  readonly id: number;
  readonly name: string;
  readonly record: SpaceRecord;
  explain(specifier: string, importer: string): Decision;
  /** URLs (with token) of the loaded modules of the space, with their importers. */
  modules(): Array<{ url: string; importers: string[]; override: ModuleOverride | null }>;
  /**
   * `explain()` answers without a mapper, or the mapper runs in this thread.
   * Off-thread, a mapper cannot answer a synchronous resolution (it would
   * time out): the module graph is consulted instead.
   */
  readonly canExplain: boolean;
}

const MISSING_EXPORT = /^The requested module '(.+)' does not provide an export named '(.+)'$/;
/** At most this many `node --check` runs for source() overrides per failure (each starts a process). */
const MAX_NODE_CHECKS = 3;

/**
 * The modspace error for a failed import, or `undefined` to rethrow `error` as
 * it is. `spaces`: the importing space first, then its ancestors (a shared
 * module belongs to one of them).
 */
export function overrideError(error: unknown, spaces: readonly FailedSpace[]): ModspaceError | undefined {
  if (!(error instanceof SyntaxError) || spaces.length === 0) return undefined;
  try {
    const at = decoratedLocation(error.stack);
    // V8's compile errors have no code; a TypeScript transform's (ERR_MODSPACE_TRANSFORM) names its file already.
    if (at === null) return 'code' in error ? undefined : brokenSource(error, spaces);
    const missing = MISSING_EXPORT.exec(error.message);
    return missing ? missingExport(error, spaces, at.url, missing[1]!, missing[2]!) : undefined;
  } catch {
    return undefined; // a space disposed meanwhile: Node's error is still the truth
  }
}

function missingExport(error: SyntaxError, spaces: readonly FailedSpace[], importerURL: string, specifier: string, name: string): ModspaceError | undefined {
  const importerToken = readToken(importerURL);
  const space = importerToken && spaces.find((candidate) => candidate.id === importerToken.space);
  if (!space) return undefined;
  const importer = withoutToken(importerURL);
  const details = { space: space.name, specifier, importer: displayLocation(importer), cause: error };

  let generatedURL: string | undefined;
  let rule: Decision['rule'] | 'mapper' = 'override';
  if (space.canExplain) {
    const decision = space.explain(specifier, importer);
    rule = decision.rule;
    if (decision.url?.startsWith(GENERATED_SCHEME)) generatedURL = decision.url;
    else if (decision.detail?.startsWith('redirect to ') && isOverrideRule(rule) && decision.url) {
      const target = displayLocation(withoutToken(decision.url));
      return new ModspaceError(
        ErrorCodes.MISSING_EXPORT,
        `The ${describeRule(rule)} for "${specifier}" redirects it to ${target}, which does not provide an export named '${name}'. Export "${name}" from that module`,
        details,
      );
    }
  } else {
    // Off-thread with a mapper: a generated module of this importer whose key is the specifier (a mapper's answers are keyed so).
    const found = space.modules().find((module) => module.override?.key === specifier && module.importers.includes(importerURL));
    generatedURL = found?.url;
    rule = 'mapper';
  }
  if (generatedURL === undefined) return undefined;

  const owner = spaces.find((candidate) => candidate.id === readToken(generatedURL)?.space);
  const generated = owner?.record.generated.get(generatedIdOf(generatedURL));
  if (!owner || !generated) return undefined;
  const { key, kind } = overrideOf(generated);
  if (kind === 'shared') {
    const file = displayLocation(key) ?? key;
    return new ModspaceError(ErrorCodes.MISSING_EXPORT, `The module ${file}, shared with a runner space, does not provide an export named '${name}'`, details);
  }
  const which = `${describeRule(rule)} "${key}"${owner === space ? '' : ` of space "${owner.name}"`}`;
  const hint =
    kind === 'live'
      ? `Use partial() to keep the real module's other exports, or add "${name}" to the override object (live(value, { exports: [...] }) for a value whose properties cannot be listed)`
      : kind === 'partial'
        ? `Neither the partial() value nor the real module has it: add "${name}" to the value`
        : `Export "${name}" from the source text`;
  return new ModspaceError(ErrorCodes.MISSING_EXPORT, `The ${which} (${KIND_NAMES[kind]}) does not provide an export named '${name}'. ${hint}`, details);
}

const KIND_NAMES: Record<Exclude<ModuleOverride['kind'], 'shared'>, string> = { live: 'a live value', partial: 'partial()', source: 'source()' };

function isOverrideRule(rule: Decision['rule']): boolean {
  return rule === 'override' || rule === 'scoped-override' || rule === 'mapper';
}

function describeRule(rule: Decision['rule']): string {
  if (rule === 'scoped-override') return 'scoped override';
  if (rule === 'mapper') return "mapper's override";
  return 'override';
}

/**
 * A SyntaxError with no location: if a loaded `source()` override of these
 * spaces does not parse, it is the one. Files are not guessed at here (the
 * watcher does that for files it watches).
 */
function brokenSource(error: SyntaxError, spaces: readonly FailedSpace[]): ModspaceError | undefined {
  const sources: Array<{ space: FailedSpace; key: string; source: string; importer: string | undefined }> = [];
  for (const space of spaces) {
    for (const module of space.modules()) {
      if (module.override?.kind !== 'source') continue;
      const generated = space.record.generated.get(generatedIdOf(module.url));
      if (generated?.kind !== 'source') continue;
      const importer = module.importers[0];
      sources.push({ space, key: module.override.key, source: generated.source, importer: importer && displayLocation(withoutToken(importer)) });
    }
  }
  const report = (found: (typeof sources)[number], problem: SyntaxProblem) =>
    new ModspaceError(
      ErrorCodes.INVALID_OVERRIDE,
      `source() override "${found.key}" has a syntax error at line ${problem.line}, column ${problem.column} of its text: ${error.message}`,
      { space: found.space.name, specifier: found.key, importer: found.importer, cause: error },
    );
  for (const found of sources) {
    const problem = parseWithEsbuild(found.source, 'js', found.key);
    if (problem) return report(found, problem);
  }
  for (const found of sources.slice(0, MAX_NODE_CHECKS)) {
    const problem = checkWithNode({ source: found.source });
    if (problem) return report(found, problem);
  }
  return undefined;
}
