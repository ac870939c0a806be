/**
 * Why a resolve decision came out as it did. Each decision carries a trace
 * that `MODSPACE_DEBUG=1` prints as one line on stderr and `space.explain()`
 * returns as data, so the two can never disagree.
 */
import { writeSync } from 'node:fs';
import type { ResolveFnOutput } from 'node:module';
import type { ResolvePlan } from './decide.js';
import { displayLocation } from './errors.js';
import { withoutToken } from './token.js';

/** The rule that decided, in the order the resolve hook tries them. */
export type DecisionRule =
  /** Refused by the space's policy (`detail`: the rule). */
  | 'denied'
  /** A space's mapper function answered. */
  | 'mapper'
  /** The importer's scoped override table matched. */
  | 'scoped-override'
  /** The space's override table matched (`detail` says where a redirect goes). */
  | 'override'
  /** The module the space's partial override shows through. */
  | 'actual'
  /** Builtins: one instance per process (or the parent space's override). */
  | 'builtin'
  /** Native addons: always shared. */
  | 'addon'
  /** In the space's `share` list: the parent's instance (`detail`: the parent space, when there is one). */
  | 'share'
  /** A scheme modspace does not own (data:, http:…): left as Node resolved it. */
  | 'outside'
  /** A module of this space, tokenized with its current generation. */
  | 'space'
  /** Node could not resolve it (`error` says why). */
  | 'failed';

export interface Trace {
  space: string;
  specifier: string;
  /** The importing module's URL (with token), or the space's base for the host's own imports. */
  importer: string;
  rule: DecisionRule;
  detail: string | undefined;
}

/** A decision as `space.explain()` returns it. */
export interface Decision {
  space: string;
  specifier: string;
  /** The importer as a plain path (a URL when it is not a file). */
  importer: string;
  rule: DecisionRule;
  detail?: string;
  /** What the import resolves to (with the space token), or `null` when it fails. */
  url: string | null;
  /** Why it fails: the error Node or modspace would throw. */
  error?: { code: string | undefined; message: string };
}

const DEBUG = /^(?:1|true|yes)$/i.test(process.env.MODSPACE_DEBUG ?? '');
const EXPLAIN_SCHEME = 'modspace-explain:';

function decision(trace: Trace, url: string | null, error?: unknown): Decision {
  const out: Decision = {
    space: trace.space,
    specifier: trace.specifier,
    importer: displayLocation(withoutToken(trace.importer)) ?? trace.importer,
    rule: trace.rule,
    url,
  };
  if (trace.detail !== undefined) out.detail = trace.detail;
  if (error !== undefined) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    out.error = { code: typeof code === 'string' ? code : undefined, message: typeof message === 'string' ? message : String(error) };
  }
  return out;
}

function print(d: Decision): void {
  const outcome = d.error ? `${d.error.code ?? 'error'}: ${d.error.message}` : d.url;
  const detail = d.detail === undefined ? '' : ` (${d.detail})`;
  writeSync(2, `modspace [${d.space}] ${JSON.stringify(d.specifier)} from ${d.importer} -> ${d.rule}${detail}: ${outcome}\n`);
}

/** The URL an `explain` entry resolves to: the decision, as data. */
export function explainURL(trace: Trace, url: string | null = null, error?: unknown): string {
  return EXPLAIN_SCHEME + encodeURIComponent(JSON.stringify(decision(trace, url, error)));
}

export function readExplainURL(url: string): Decision {
  if (!url.startsWith(EXPLAIN_SCHEME)) throw new Error(`Not an explain answer: ${url}`);
  return JSON.parse(decodeURIComponent(url.slice(EXPLAIN_SCHEME.length))) as Decision;
}

type Settle = (result: ResolveFnOutput, trace: Trace) => ResolveFnOutput;
type Fail = (error: unknown, trace: Trace) => ResolveFnOutput;

const rethrow: Fail = (error) => {
  throw error;
};

/**
 * Runs `build` and follows the plan it makes to its end, whichever branch the
 * adapter takes: `settle` sees every result, `fail` every error (the default
 * rethrows). This is where each decision is printed and recorded.
 */
export function observe(trace: Trace, build: () => ResolvePlan, settle?: Settle, fail: Fail = rethrow): ResolvePlan {
  const onResult = (result: ResolveFnOutput): ResolveFnOutput => {
    const out = settle ? settle(result, trace) : result;
    if (DEBUG) print(decision(trace, result.url));
    return out;
  };
  const onError = (error: unknown): ResolveFnOutput => {
    if (trace.rule === 'space') trace.rule = 'failed';
    if (DEBUG) print(decision(trace, null, error));
    return fail(error, trace);
  };
  const follow = (plan: ResolvePlan): ResolvePlan => {
    switch (plan.kind) {
      case 'pass':
      case 'batch': // Each item is observed on its own.
        return plan;
      case 'done':
        return { kind: 'done', result: onResult(plan.result) };
      case 'map':
        return { ...plan, then: (action) => attempt(() => plan.then(action)) };
      case 'next':
        return {
          ...plan,
          finish(result) {
            let finished: ResolveFnOutput;
            try {
              finished = plan.finish(result);
            } catch (error) {
              return onError(error);
            }
            return onResult(finished);
          },
          failed(error) {
            try {
              return plan.failed(error);
            } catch (adjusted) {
              return onError(adjusted);
            }
          },
        };
    }
  };
  const attempt = (make: () => ResolvePlan): ResolvePlan => {
    let plan: ResolvePlan;
    try {
      plan = make();
    } catch (error) {
      return { kind: 'done', result: onError(error) };
    }
    return follow(plan);
  };
  return attempt(build);
}
