/** `--help` texts, one per command, with examples. */
import type { Command } from './args.js';

const SPACE_OPTIONS = `Space options (each adds to one option of new ModuleSpace(); paths are relative to the working directory):
  --config <file>           modspace.config.js|.mjs|.ts exporting the space's options (default: found
                            beside the entry, then in the working directory); live overrides and mappers go there
  --override <key>=<path>   overrides: imports of <key> load <path> instead (a redirect); repeatable
  --deny <pattern>          policy.deny: refuse imports matching <pattern>; repeatable
  --allow <pattern>         policy.allow: only imports matching these (builtins, packages, schemes, paths); repeatable
  -C, --conditions <name>   conditions: an export condition for resolution; repeatable
  --imports <key>=<target>  imports: an alias for a bare specifier; repeatable
  --root <path|url>         roots: searched for packages before node_modules; repeatable
  --engine native|runner    engine: who evaluates the space's ES modules
  --debug                   print every resolve decision to stderr (MODSPACE_DEBUG=1)
  -h, --help                this help`;

const HELP: Record<Command | 'main', string> = {
  main: `modspace: run and inspect programs in module spaces

Usage:
  modspace run [options] <entry> [args...]      run a file as the main module inside a space
  modspace graph <entry> [options]              draw the entry's module graph (mermaid, dot, json, html)
  modspace explain <specifier> --from <file>    how the space decides one import
  modspace why <module> --entry <entry>         every import chain from the entry to a module
  modspace --version

Run "modspace <command> --help" for a command's options and examples.
Exit codes: the program's own for run; 1 when the entry fails (or explain/why find a failing import
or no chain); 2 for a usage error (unknown flag, missing argument, bad value, bad config).`,

  run: `Usage: modspace run [options] <entry> [args...]

Runs <entry> as the program's main module inside a space, as "node <entry> [args...]" would:
process.argv is [node, <entry>, ...args], exit codes, process.exit() and signals are the
program's own, and an uncaught error prints as Node prints it (exit code 1). Options come
before the entry; everything after it is the program's.

  --watch   hot module replacement: modules get import.meta.hot; an edit replaces the changed
            modules up to the nearest one that accepts it (import.meta.hot.accept()), without
            re-running the entry; a change nothing accepts runs every dispose callback and
            re-runs the entry. A broken edit is reported with file:line and changes nothing.

${SPACE_OPTIONS}

Examples:
  modspace run server.js --port 8080
  modspace run --override ./db.js=./test/fake-db.js app.js
  modspace run --deny node:child_process --deny ./secrets/ plugin.js
  modspace run -C development --engine runner main.ts
  modspace run --config ./modspace.config.mjs --debug app.js
  modspace run --watch server.js`,

  graph: `Usage: modspace graph <entry> [--format mermaid|dot|json|html] [--out <file>] [options]

Loads <entry> in a space (its top-level code runs; the command exits once the graph is
drawn) and prints its module graph: modules grouped by package or folder, overrides with
their key and kind, modules shared from a parent space or Node's graph, builtins, places
(archive, memory, remote), and imports the policy denied with the rule that denied them.
While it loads, the program's own stdout goes to stderr. The same data: space.graph().

  --format <f>   mermaid (default), dot, json, or html (one self-contained page, no network needed)
  -o, --out <file>  write to a file; its extension picks the format when --format is not given

${SPACE_OPTIONS}

Examples:
  modspace graph app.js
  modspace graph app.js --format dot | dot -Tsvg > graph.svg
  modspace graph app.js --out graph.html
  modspace graph plugin.js --deny node:fs --format json`,

  explain: `Usage: modspace explain <specifier> [--from <file>] [--json] [options]

Prints how the space decides an import of <specifier> made by <file> (default: the space's
base), without importing anything: the rule (override, share, denied, space, failed...),
its detail and the URL it resolves to, or the error it fails with. Exit code 1 when the
import would fail. The same as space.explain(specifier, importer).

  --from <file>  the importing module (its folder is also searched for a config file)
  --json         the decision as JSON

${SPACE_OPTIONS}

Examples:
  modspace explain ./db.js --from src/service.js --override ./src/db.js=./test/fake-db.js
  modspace explain node:child_process --from plugin.js --deny node:child_process
  modspace explain lodash --from src/app.js -C development --json`,

  why: `Usage: modspace why <module> --entry <entry> [--json] [options]

Loads <entry> in a space and prints every import chain from it to <module> (a file path,
a file URL, or a package name for every module of that package). Exit code 1 when no
chain reaches it. Chains stop at 100.

  --entry <file>  the program whose imports lead to the module
  --json          the chains as JSON (lists of module URLs)

${SPACE_OPTIONS}

Examples:
  modspace why lib/db.js --entry app.js
  modspace why lodash --entry app.js --json`,
};

export function helpText(command: Command | undefined): string {
  return HELP[command ?? 'main'] + '\n';
}
