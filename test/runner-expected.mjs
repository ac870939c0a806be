// Tests that fail on the runner engine by nature (MODSPACE_ENGINE=runner runs
// the whole suite on it): each entry names the test title (a RegExp on the
// title without its hook-path prefix) and why the runner differs. test/run.mjs
// counts a listed failure as expected on the runner, an unlisted one as a
// failure, and reports a listed test that passed (so the list stays true).
// Every entry is also a row of README "Engines: native and runner". `nodes`,
// where given, says on which Node major versions the difference shows.
export const runnerExpected = [
  {
    title: /^eval and new Function: their import\(\) carries the token, so it is blocked$/,
    why: "import() inside eval/new Function is Node's own: code built at run time carries no space on the runner",
  },
  {
    title: /^allow lists refuse node:module, node:vm, node:worker_threads and data: unless named; node:\* does not name them$/,
    why: 'the same eval vector, asserted again with an allow list',
  },
  {
    title: /^generated modules name their key: in stack frames and in modules\(\)$/,
    why: 'runner stack frames name plain files, not tokenized URLs (a URL per generation recompiles every module)',
  },
  {
    title: /^a source\(\) with a syntax error: ERR_MODSPACE_INVALID_OVERRIDE with the key and line:column in its text$/,
    why: "syntax errors carry acorn's wording, not V8's",
  },
  {
    title: /^an override lacking an imported name: ERR_MODSPACE_MISSING_EXPORT names the key, kind, space, importer and a hint$/,
    why: 'a link error names the first missing import in source order; V8 may name another',
  },
  {
    title: /^the mapper's error is the cause: name, message, code, stack and own data$/,
    why: "the runner asks the mapper in the main thread: its error is the original object, functions included (the test checks the off-thread copy)",
  },
  {
    title: /^--import register, a second import of it, a second copy of modspace and API use register one hook pair$/,
    why: 'the test copies dist/ without node_modules; the runner needs acorn next to it',
  },
  {
    title: /^beside tsx: /,
    why: 'loaders chained after modspace do not see runner modules: the runner reads files itself',
  },
  {
    title: /^a mapper the main thread cannot answer fails clearly$/,
    why: 'the runner asks the mapper in the main thread, so off-thread on Node 24+ it answers (the test expects the native failure)',
    nodes: (major) => major >= 24,
  },
  {
    title: /^README snippet runs as written and does what it says: More overrides for tests #1 \[off-thread\]$/,
    why: 'the same: its mapper answers on the runner where the README says the native engine cannot',
    nodes: (major) => major >= 24,
  },
  {
    title: /^watch\(\): without an error listener a failed reload is printed, not thrown; bad options have codes$/,
    why: "the printed syntax error carries acorn's wording (and its position in the message)",
  },
];

/** Test files not run on the runner engine, and why (each an open gap, not a difference by nature). */
export const runnerSkippedFiles = [];
