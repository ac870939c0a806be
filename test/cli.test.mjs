// The `modspace` command (dist/src/cli/main.js), run in child processes on
// temporary projects: run (argv, exit codes, signals, uncaught errors as Node
// prints them, every flag's effect, config files), graph (every format parsed
// back and compared with space.modules()/graph() data), explain, why, help,
// version, and usage errors (coded message, "did you mean", exit code 2).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deprecatesRegister, hookModes, makeProject, removeProject, root, runInProject } from './helpers.mjs';

const CLI = join(root, 'dist', 'src', 'cli', 'main.js');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const engines = ['native', 'runner'];

/** Runs the command in `cwd` with a hook path; the environment's MODSPACE_ENGINE is left out unless given. */
function cli(args, { cwd, mode = hookModes[0], env = {} } = {}) {
  const node = mode === 'off-thread' && deprecatesRegister ? ['--no-deprecation'] : [];
  const { MODSPACE_ENGINE, MODSPACE_DEBUG, ...rest } = process.env;
  const result = spawnSync(process.execPath, [...node, CLI, ...args], { cwd, env: { ...rest, MODSPACE_HOOKS: mode, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

function withProject(files, fn) {
  const project = makeProject(files, 'modspace-cli-');
  try {
    return fn(project);
  } finally {
    removeProject(project);
  }
}

const app = {
  'package.json': JSON.stringify({ name: 'app', type: 'module' }),
  'main.js': `
    import { value } from './db.js'
    import { helper } from './lib/helper.js'
    import flavour from 'flavour'
    import 'node:path'
    let denied = 'allowed'
    try { await import('node:child_process') } catch (error) { denied = error.code }
    export default { value, helper: helper(), flavour, denied }
  `,
  'db.js': `export const value = 'real db'\n`,
  'fake-db.js': `export const value = 'fake db'\n`,
  'lib/helper.js': `import { format } from './format.js'\nexport const helper = () => format('helped')\n`,
  'lib/format.js': `export const format = (text) => '[' + text + ']'\n`,
  'node_modules/flavour/package.json': JSON.stringify({ name: 'flavour', type: 'module', exports: { '.': { custom: './custom.js', default: './default.js' } } }),
  'node_modules/flavour/custom.js': `export default 'custom'\n`,
  'node_modules/flavour/default.js': `export default 'default'\n`,
  'print.js': `
    const m = (await import('./main.js')).default
    console.log(JSON.stringify(m))
  `,
};

// ---------------------------------------------------------------- help, version, usage errors

test('--version prints the package version; --help of every command has examples', () => {
  const v = cli(['--version']);
  assert.is(v.status, 0);
  assert.is(v.stdout.trim(), version);
  const main = cli(['--help']);
  assert.is(main.status, 0);
  for (const command of ['run', 'graph', 'explain', 'why']) {
    assert.ok(main.stdout.includes(`modspace ${command}`), command);
    const help = cli([command, '--help']);
    assert.is(help.status, 0, command);
    assert.match(help.stdout, `Usage: modspace ${command}`);
    assert.match(help.stdout, 'Examples:');
    assert.match(help.stdout, '--override <key>=<path>');
    assert.is(cli(['help', command]).stdout, help.stdout);
  }
  const none = cli([]);
  assert.is(none.status, 2);
  assert.match(none.stdout, 'Usage:');
});

test('usage errors: coded message, "did you mean", exit code 2, the program never starts', () => {
  withProject({ 'marker.js': `import { writeFileSync } from 'node:fs'\nwriteFileSync(new URL('./ran', import.meta.url), 'yes')\n` }, (cwd) => {
    const cases = [
      [['runn', 'marker.js'], /ERR_MODSPACE_INVALID_OPTION: Unknown command "runn": did you mean "run"\?/],
      [['run', '--overide', 'a=b', 'marker.js'], /ERR_MODSPACE_INVALID_OPTION: Unknown flag "--overide" for modspace run: did you mean "--override"\?/],
      [['graph', 'marker.js', '--formt', 'dot'], /did you mean "--format"\?/],
      [['run'], /modspace run needs an entry file/],
      [['run', '--engine', 'turbo', 'marker.js'], /--engine must be "native" or "runner", got "turbo"/],
      [['run', '--override', 'nothing', 'marker.js'], /--override takes <key>=<value>, got "nothing"/],
      [['run', '--config'], /Flag --config needs a value/],
      [['run', '--debug=yes', 'marker.js'], /Flag --debug takes no value/],
      [['run', '--engine', 'native', '--engine', 'runner', 'marker.js'], /Flag --engine is given twice/],
      [['graph', 'marker.js', '--format', 'png'], /--format must be one of mermaid, dot, json, html, got "png"/],
      [['run', '--config', 'missing.config.js', 'marker.js'], /Config file not found: .*missing\.config\.js/],
      [['run', '--deny', 'nod:fs', 'marker.js'], /ERR_MODSPACE_INVALID_POLICY/],
      [['run', '--override', './missing.js=./marker.js', 'marker.js'], /ERR_MODSPACE_UNRESOLVED_KEY/],
      [['why', 'x.js'], /modspace why needs --entry <file>/],
      [['explain'], /modspace explain needs the specifier/],
    ];
    for (const [args, message] of cases) {
      const result = cli(args, { cwd });
      assert.is(result.status, 2, `${args.join(' ')}\n${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
      assert.match(result.stderr, /Run "modspace (\w+ )?--help" for usage\./);
      assert.not.ok(existsSync(join(cwd, 'ran')), `${args.join(' ')} ran the program`);
    }
  });
});

test('a config file that does not export options is a usage error naming the file (exit code 2)', () => {
  const cases = [
    ['export default 42\n', /ERR_MODSPACE_INVALID_OPTION: Config file .*modspace\.config\.js must export default the space's options .*got number/],
    ['export const overrides = {}\n', /got no default export/],
    ['export default () => { throw new Error("no config today") }\n', /its default export threw: no config today/],
    ['export default { overide: {} }\n', /Unknown option "overide": did you mean "overrides"\?/],
    ['throw new Error("broken config")\n', /Config file .* failed to load: broken config/],
  ];
  for (const [text, message] of cases) {
    withProject({ 'modspace.config.js': text, 'package.json': '{"type":"module"}', 'marker.js': `import { writeFileSync } from 'node:fs'\nwriteFileSync(new URL('./ran', import.meta.url), 'yes')\n` }, (cwd) => {
      const result = cli(['run', 'marker.js'], { cwd });
      assert.is(result.status, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.not.ok(existsSync(join(cwd, 'ran')));
    });
  }
});

// ---------------------------------------------------------------- run: the program's process

const programFiles = {
  'package.json': '{"type":"module"}',
  'argv.js': `console.log(JSON.stringify({ argv: process.argv, main: import.meta.main ?? null }))\nprocess.exitCode = 7\n`,
  'exit.js': `setTimeout(() => {}, 60_000)\nprocess.exit(3)\n`,
  'signal.js': `setTimeout(() => {}, 60_000)\nprocess.kill(process.pid, 'SIGTERM')\n`,
  'throws.js': `const answer = 42\nthrow new TypeError('boom at the top')\n`,
  'later.js': `setTimeout(() => { throw new RangeError('boom later') }, 1)\n`,
  'waits.js': `await new Promise((done) => setTimeout(done, 20))\nconsole.log('waited')\n`,
};

/** Node's report of an uncaught error, without paths' tokens, internal frames and the version line. */
function normalReport(stderr) {
  return stderr
    .replace(/\?modspace=s\d+\.g\d+/g, '')
    .split('\n')
    .filter((line) => !/^\s+at /.test(line) && !/^Node\.js v/.test(line) && line.trim() !== '')
    .map((line) => line.replace(/^file:\/\//, ''))
    .join('\n');
}

for (const mode of hookModes) {
  for (const engine of engines) {
    const tag = `[${mode}, ${engine}]`;
    test(`${tag} run: process.argv, exit codes, process.exit() and signals are the program's`, () => {
      withProject(programFiles, (cwd) => {
        const argv = cli(['run', '--engine', engine, 'argv.js', 'one', '--two', '-3'], { cwd, mode });
        assert.is(argv.status, 7, argv.stderr);
        const out = JSON.parse(argv.stdout);
        const plain = spawnSync(process.execPath, ['argv.js', 'one', '--two', '-3'], { cwd, encoding: 'utf8' });
        assert.equal(out.argv, JSON.parse(plain.stdout).argv);
        assert.equal(out.argv, [process.execPath, join(cwd, 'argv.js'), 'one', '--two', '-3']);
        // import.meta.main (where Node has it): the entry is imported by modspace, not Node's main entry,
        // so it is false natively; the runner's import.meta has no main.
        assert.is(out.main, JSON.parse(plain.stdout).main === null || engine === 'runner' ? null : false);
        assert.is(cli(['run', '--engine', engine, 'exit.js'], { cwd, mode }).status, 3);
        const killed = cli(['run', '--engine', engine, 'signal.js'], { cwd, mode });
        assert.is(killed.status, null);
        assert.is(killed.signal, 'SIGTERM');
        const waits = cli(['run', '--engine', engine, './waits.js'], { cwd, mode });
        assert.is(waits.status, 0);
        assert.is(waits.stdout, 'waited\n');
      });
    });

    test(`${tag} run: an uncaught error prints as Node prints it from a main module, exit code 1`, () => {
      withProject(programFiles, (cwd) => {
        for (const file of ['throws.js', 'later.js']) {
          const ours = cli(['run', '--engine', engine, file], { cwd, mode });
          const node = spawnSync(process.execPath, [file], { cwd, encoding: 'utf8' });
          assert.is(ours.status, 1);
          assert.is(node.status, 1);
          if (engine === 'native') assert.is(normalReport(ours.stderr), normalReport(node.stderr), file);
          else {
            // The runner names the plain file and evaluates a function: the same error, source line and caret.
            const lines = (text) => normalReport(text).split('\n').slice(1);
            assert.equal(lines(ours.stderr), lines(node.stderr), file);
            assert.match(normalReport(ours.stderr).split('\n')[0], `${join(cwd, file)}:`);
          }
        }
        const missing = cli(['run', '--engine', engine, 'nowhere.js'], { cwd, mode });
        assert.is(missing.status, 1);
        assert.match(missing.stderr, /ERR_MODULE_NOT_FOUND/);
      });
    });
  }
}

// ---------------------------------------------------------------- run: every flag and the config file

test('run: each flag adds to one space option, with an observable effect', () => {
  withProject(
    {
      ...app,
      'vendor/lib.js': `export default 'aliased lib'\n`,
      'deps/rootpkg.js': `export default 'from a root'\n`,
      'uses-alias.js': `import lib from 'lib'\nimport fromRoot from 'rootpkg'\nconsole.log(JSON.stringify({ lib, fromRoot }))\n`,
      'engine.js': `console.log(JSON.stringify({ tokenInStack: new Error().stack.includes('?modspace=') }))\n`,
      'allow.js': `
        const out = {}
        for (const name of ['node:path', 'node:fs']) {
          try { await import(name); out[name] = 'ok' } catch (error) { out[name] = error.code }
        }
        console.log(JSON.stringify(out))
      `,
    },
    (cwd) => {
      const run = (...args) => {
        const result = cli(['run', ...args], { cwd });
        assert.is(result.status, 0, `${args.join(' ')}\n${result.stderr}`);
        return { out: JSON.parse(result.stdout.trim().split('\n').at(-1)), stderr: result.stderr };
      };
      assert.equal(run('print.js').out, { value: 'real db', helper: '[helped]', flavour: 'default', denied: 'allowed' });
      assert.is(run('--override', './db.js=./fake-db.js', 'print.js').out.value, 'fake db');
      assert.is(run('--deny', 'node:child_process', 'print.js').out.denied, 'ERR_MODSPACE_DENIED');
      const folder = cli(['run', '--deny', './lib/', 'print.js'], { cwd });
      assert.is(folder.status, 1);
      assert.match(folder.stderr, 'Import denied by policy (deny: ./lib/)');
      assert.match(folder.stderr, 'ERR_MODSPACE_DENIED');
      assert.is(run('-C', 'custom', 'print.js').out.flavour, 'custom');
      assert.is(run('--conditions=custom', 'print.js').out.flavour, 'custom');
      assert.equal(run('--allow', 'node:path', 'allow.js').out, { 'node:path': 'ok', 'node:fs': 'ERR_MODSPACE_DENIED' });
      assert.equal(run('--imports', 'lib=./vendor/lib.js', '--root', './deps', 'uses-alias.js').out, { lib: 'aliased lib', fromRoot: 'from a root' });
      assert.equal(run('engine.js').out, { tokenInStack: true });
      assert.equal(run('--engine', 'runner', 'engine.js').out, { tokenInStack: false });
      const debug = run('--debug', 'print.js');
      assert.match(debug.stderr, /modspace \[main\] "\.\/db\.js" from .*main\.js -> space: file:\/\/.*db\.js\?modspace=s1\.g1/);
      assert.is(run('print.js').stderr, '');
    },
  );
});

for (const name of ['modspace.config.js', 'modspace.config.mjs', 'modspace.config.ts']) {
  test(`run: ${name} beside the entry gives live overrides and a mapper; flags add to it`, () => {
    const typed = name.endsWith('.ts') ? ': string' : '';
    withProject(
      {
        ...app,
        [`sub/${name}`]: `
          const label${typed} = 'live db'
          export default {
            name: 'configured',
            overrides: { './db.js': { value: label } },
            mapper: (specifier) => specifier === 'flavour' ? { default: 'mapped flavour' } : undefined,
          }
        `,
        'sub/main.js': `import { value } from './db.js'\nimport flavour from 'flavour'\nconsole.log(JSON.stringify({ value, flavour }))\n`,
        'sub/db.js': `export const value = 'real db'\n`,
      },
      (cwd) => {
        const found = cli(['run', 'sub/main.js'], { cwd });
        assert.is(found.status, 0, found.stderr);
        assert.is(found.stderr, '');
        assert.equal(JSON.parse(found.stdout), { value: 'live db', flavour: 'mapped flavour' });
        // The config's relative keys resolve against the config file; a flag's against the working directory.
        const flagged = cli(['run', '--override', './sub/db.js=./fake-db.js', 'sub/main.js'], { cwd });
        assert.equal(JSON.parse(flagged.stdout), { value: 'fake db', flavour: 'mapped flavour' }, flagged.stderr);
      },
    );
  });
}

test('run: a config in the working directory (with source() from modspace), or named by --config', () => {
  withProject(
    {
      ...app,
      'modspace.config.js': `import { source } from '{{modspace}}'\nexport default { overrides: { './db.js': source("export const value = 'cwd config'") } }\n`,
      'other.config.mjs': `export default async () => ({ overrides: { './db.js': { value: 'named config' } } })\n`,
      'sub/entry.js': `const m = (await import('../main.js')).default\nconsole.log(m.value)\n`,
    },
    (cwd) => {
      assert.is(cli(['run', 'sub/entry.js'], { cwd }).stdout, 'cwd config\n');
      assert.is(cli(['run', '--config', 'other.config.mjs', 'sub/entry.js'], { cwd }).stdout, 'named config\n');
    },
  );
});

// ---------------------------------------------------------------- graph

const graphApp = {
  ...app,
  'api.js': `export const api = 'host api'\n`,
  'main.js': app['main.js'].replace("import 'node:path'", "import 'node:path'\nimport { api } from './api.js'"),
  'modspace.config.js': `export default { share: ['./api.js'], overrides: { './db.js': { value: 'live db' } }, policy: { deny: ['node:child_process'] } }\n`,
  'noisy.js': `console.log('the program talks')\nimport './lib/helper.js'\n`,
};

/** What the graph must show, from the API in the same space: modules() and graph() of a scenario. */
function apiGraph(cwd, mode, engine) {
  return runInProject(
    cwd,
    'graph',
    `
      const options = (await import('./modspace.config.js')).default
      const space = new ModuleSpace({ name: 'main', base: ${JSON.stringify(pathToFileURL(join(cwd, "modspace.config.js")).href)}, engine: ${JSON.stringify(engine)}, ...options })
      await space.import('./main.js')
      out.modules = space.modules()
      out.graph = space.graph()
    `,
    { mode },
  );
}

const plain = (url) => url.replace(/[?#&]modspace=s\d+\.g\d+/, '');

/** Hand parser of the DOT subset the command writes: clusters, nodes with labels, edges. */
function parseDot(text) {
  assert.match(text, /^digraph modspace \{\n/);
  assert.match(text, /\}\n$/);
  const nodes = new Map();
  const edges = [];
  const clusters = [];
  let cluster;
  const unquote = (q) => JSON.parse(q.replace(/\\n/g, '\\n'));
  for (const line of text.split('\n').slice(1, -2)) {
    let m;
    if ((m = /^ {2}subgraph cluster_(\w+) \{$/.exec(line))) clusters.push((cluster = { id: m[1], nodes: [] }));
    else if ((m = /^ {4}label=("(?:[^"\\]|\\.)*");$/.exec(line))) cluster.title = unquote(m[1]);
    else if (line === '  }') cluster = undefined;
    else if ((m = /^ {2,4}(\w+) \[label=("(?:[^"\\]|\\.)*")(.*)\];$/.exec(line))) {
      nodes.set(m[1], { label: unquote(m[2]).split('\n'), attributes: m[3] });
      cluster?.nodes.push(m[1]);
    } else if ((m = /^ {2}(\w+) -> (\w+)( \[.*\])?;$/.exec(line))) edges.push({ from: m[1], to: m[2], attributes: m[3] ?? '' });
    else if (!/^ {2}(label=.*|rankdir=LR|node \[.*\]);$/.test(line)) throw new Error(`unexpected DOT line: ${line}`);
  }
  return { nodes, edges, clusters };
}

/** Hand parser of the Mermaid subset the command writes. */
function parseMermaid(text) {
  const lines = text.trimEnd().split('\n');
  assert.is(lines[0], 'flowchart LR');
  const nodes = new Map();
  const edges = [];
  const clusters = [];
  let cluster;
  const unquote = (q) => q.slice(1, -1).replace(/#quot;/g, '"').replace(/#lt;/g, '<').replace(/#gt;/g, '>');
  for (const line of lines.slice(1)) {
    let m;
    if ((m = /^ {2}subgraph (\w+)\[(".*")\]$/.exec(line))) clusters.push((cluster = { id: m[1], title: unquote(m[2]), nodes: [] }));
    else if (line === '  end') cluster = undefined;
    else if ((m = /^ {4}(\w+)\[(".*")\]$/.exec(line))) {
      nodes.set(m[1], { label: unquote(m[2]).split('<br/>') });
      cluster.nodes.push(m[1]);
    } else if ((m = /^ {2}(\w+)\{\{(".*")\}\}$/.exec(line))) nodes.set(m[1], { label: [unquote(m[2])], denied: true });
    else if ((m = /^ {2}(\w+) --> (\w+)$/.exec(line))) edges.push({ from: m[1], to: m[2] });
    else if ((m = /^ {2}(\w+) -\.->\|(".*")\| (\w+)$/.exec(line))) edges.push({ from: m[1], to: m[3], label: unquote(m[2]), denied: true });
    else if (!/^ {2}(classDef|class) /.test(line)) throw new Error(`unexpected Mermaid line: ${line}`);
  }
  return { nodes, edges, clusters };
}

/** The drawn graph, by first label line: edges as "from -> to" and the group each node is in. */
function drawn({ nodes, edges, clusters }) {
  const label = (id) => nodes.get(id).label[0];
  return {
    edges: edges.filter((edge) => !edge.denied && !edge.attributes?.includes('red')).map((edge) => `${label(edge.from)} -> ${label(edge.to)}`).sort(),
    denied: edges.filter((edge) => edge.denied || edge.attributes?.includes('red')).map((edge) => `${label(edge.from)} -> ${label(edge.to)}`),
    groups: Object.fromEntries(clusters.map((c) => [c.title, c.nodes.map(label).sort()])),
  };
}

const expectedDrawing = {
  edges: [
    'lib/helper.js -> lib/format.js',
    'main.js -> ./db.js',
    'main.js -> api.js',
    'main.js -> lib/helper.js',
    'main.js -> node:path',
    'main.js -> node_modules/flavour/default.js',
  ].sort(),
  denied: ['main.js -> denied: node:child_process'],
  groups: {
    'folder ./': ['api.js', 'main.js'],
    'folder lib': ['lib/format.js', 'lib/helper.js'],
    'package flavour': ['node_modules/flavour/default.js'],
    overrides: ['./db.js'],
    builtins: ['node:path'],
  },
};

for (const mode of hookModes) {
  for (const engine of engines) {
    const tag = `[${mode}, ${engine}]`;
    test(`${tag} graph --format json is space.graph() and agrees with space.modules()`, () => {
      withProject(graphApp, (cwd) => {
        const result = cli(['graph', 'main.js', '--format', 'json', '--engine', engine], { cwd, mode });
        assert.is(result.status, 0, result.stderr);
        const graph = JSON.parse(result.stdout);
        const api = apiGraph(cwd, mode, engine);
        const strip = (g) => JSON.parse(JSON.stringify(g).replace(/[?#&]modspace=s\d+\.g\d+/g, ''));
        assert.equal(strip(graph), strip(api.graph));
        // Every module of modules() is a node of the space, with its importers as edges.
        const own = graph.nodes.filter((node) => node.sharedFrom === null && node.place !== 'builtin');
        assert.equal(own.map((node) => plain(node.url)).sort(), api.modules.map((m) => plain(m.url)).sort());
        for (const m of api.modules) {
          const importers = graph.edges.filter((edge) => plain(edge.to) === plain(m.url)).map((edge) => plain(edge.from));
          assert.equal(importers.sort(), m.importers.map(plain).sort(), m.url);
          const node = graph.nodes.find((n) => plain(n.url) === plain(m.url));
          assert.equal(node.override, m.override);
          assert.is(node.file, m.file);
        }
        const byLabel = (suffix) => graph.nodes.find((node) => plain(node.url).endsWith(suffix));
        assert.equal(byLabel('/api.js'), { url: pathToFileURL(join(cwd, 'api.js')).href, file: join(cwd, 'api.js'), generation: null, place: 'file', group: { kind: 'folder', name: '.' }, override: null, sharedFrom: 'node' });
        assert.equal(byLabel('node:path').place, 'builtin');
        assert.equal(byLabel('default.js').group, { kind: 'package', name: 'flavour' });
        assert.equal(graph.denied, [{ importer: graph.nodes[0].url, specifier: 'node:child_process', rule: 'deny: node:child_process' }]);
      });
    });

    test(`${tag} graph --format dot and mermaid parse back to the same graph`, () => {
      withProject(graphApp, (cwd) => {
        const dot = cli(['graph', 'main.js', '--format', 'dot', '--engine', engine], { cwd, mode });
        assert.is(dot.status, 0, dot.stderr);
        const parsedDot = parseDot(dot.stdout);
        assert.equal(drawn(parsedDot), expectedDrawing);
        const override = [...parsedDot.nodes.values()].find((node) => node.label[0] === './db.js');
        assert.equal(override.label, ['./db.js', 'override (live)']);
        assert.equal([...parsedDot.nodes.values()].find((node) => node.label[0] === 'api.js').label, ['api.js', "shared from Node's graph"]);
        const denied = parsedDot.edges.find((edge) => edge.attributes.includes('red'));
        assert.match(denied.attributes, 'label="deny: node:child_process"');
        const mermaid = cli(['graph', 'main.js', '--engine', engine], { cwd, mode });
        assert.is(mermaid.status, 0, mermaid.stderr);
        const parsedMermaid = parseMermaid(mermaid.stdout);
        assert.equal(drawn(parsedMermaid), expectedDrawing);
        assert.is(parsedMermaid.edges.find((edge) => edge.denied).label, 'deny: node:child_process');
      });
    });
  }
}

for (const engine of engines) {
  test(`[${engine}] graph: a redirect's target shows the specifier it was redirected from`, () => {
    withProject(app, (cwd) => {
      const result = cli(['graph', 'print.js', '--format', 'json', '--engine', engine, '--override', './db.js=./fake-db.js'], { cwd });
      assert.is(result.status, 0, result.stderr);
      const graph = JSON.parse(result.stdout);
      const fake = graph.nodes.find((node) => node.file === join(cwd, 'fake-db.js'));
      assert.equal(fake.override, { key: './db.js', kind: 'redirect' });
      assert.not.ok(graph.nodes.some((node) => node.file === join(cwd, 'db.js')));
      const dot = parseDot(cli(['graph', 'print.js', '--format', 'dot', '--engine', engine, '--override', './db.js=./fake-db.js'], { cwd }).stdout);
      assert.ok([...dot.nodes.values()].some((node) => node.label.join('|') === 'fake-db.js|override ./db.js (redirect)'));
    });
  });
}

test('graph --out: the extension picks the format; html is one self-contained page', () => {
  withProject(graphApp, (cwd) => {
    for (const [file, check] of [
      ['graph.dot', (text) => parseDot(text)],
      ['graph.mmd', (text) => parseMermaid(text)],
      ['graph.json', (text) => JSON.parse(text)],
    ]) {
      const result = cli(['graph', 'main.js', '-o', file], { cwd });
      assert.is(result.status, 0, result.stderr);
      assert.is(result.stdout, '');
      check(readFileSync(join(cwd, file), 'utf8'));
    }
    const result = cli(['graph', 'main.js', '--out', 'graph.html'], { cwd });
    assert.is(result.status, 0, result.stderr);
    const html = readFileSync(join(cwd, 'graph.html'), 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.not.match(html, /https?:\/\//, 'no network address in the page');
    assert.not.match(html, /<script[^>]*\ssrc=|<link\s|@import|url\((?!#)/, 'nothing loaded from elsewhere');
    const data = JSON.parse(/<script type="application\/json" id="modspace-graph">(.*?)<\/script>/s.exec(html)[1]);
    const json = JSON.parse(readFileSync(join(cwd, 'graph.json'), 'utf8'));
    assert.equal(data, json);
    // One box per module and per denied import, one curve per edge.
    assert.is(html.match(/<g class="node"/g).length, json.nodes.length + json.denied.length);
    assert.is(html.match(/<path class="edge"/g).length, json.edges.length + json.denied.length);
    assert.match(html, '<svg ');
  });
});

test("graph: the program's stdout goes to stderr; a failing entry still draws what loaded (exit code 1)", () => {
  withProject({ ...graphApp, 'broken.js': `import './lib/helper.js'\nthrow new Error('entry broke')\n` }, (cwd) => {
    const noisy = cli(['graph', 'noisy.js', '--format', 'json'], { cwd });
    assert.is(noisy.status, 0, noisy.stderr);
    assert.match(noisy.stderr, 'the program talks');
    assert.ok(JSON.parse(noisy.stdout).nodes.length >= 3);
    const broken = cli(['graph', 'broken.js', '--format', 'json'], { cwd });
    assert.is(broken.status, 1);
    assert.match(broken.stderr, 'entry broke');
    const files = JSON.parse(broken.stdout).nodes.map((node) => node.file);
    assert.ok(files.includes(join(cwd, 'lib', 'format.js')));
  });
});

test('graph: a server entry does not keep the command running', () => {
  withProject({ 'package.json': '{"type":"module"}', 'server.js': `import { createServer } from 'node:http'\ncreateServer().listen(0)\n` }, (cwd) => {
    const result = cli(['graph', 'server.js', '--format', 'json'], { cwd });
    assert.is(result.status, 0, result.stderr);
    assert.ok(JSON.parse(result.stdout).nodes.some((node) => node.url === 'node:http'));
  });
});

// ---------------------------------------------------------------- space.graph() API

for (const mode of hookModes) {
  test(`[${mode}] space.graph(): a child's shared module names the parent; invalidate() and dispose() are followed`, () => {
    withProject(
      {
        'host.js': `export class Token {}\n`,
        'plugin.js': `import { Token } from './host.js'\nimport { leaf } from './leaf.js'\nexport const token = new Token()\nexport { leaf }\n`,
        'leaf.js': `export const leaf = 1\n`,
      },
      (cwd) => {
        const out = runInProject(
          cwd,
          'api',
          `
            const parent = new ModuleSpace({ name: 'host', base: import.meta.url })
            const child = parent.child({ name: 'plugin', share: ['./host.js'] })
            await parent.import('./host.js')
            await child.import('./plugin.js')
            const g = child.graph()
            out.shared = g.nodes.filter((n) => n.sharedFrom).map((n) => [n.url.split('/').pop(), n.sharedFrom])
            out.own = g.nodes.filter((n) => !n.sharedFrom).map((n) => n.url.split('/').pop())
            out.parentNodes = parent.graph().nodes.map((n) => n.url.split('/').pop())
            await child.invalidate('./leaf.js')
            out.afterInvalidate = child.graph().nodes.map((n) => n.url.split('/').pop())
            await child.import('./plugin.js')
            out.reimported = child.graph().nodes.map((n) => n.url.split('/').pop())
            await parent.dispose()
            try { child.graph() } catch (error) { out.disposed = error.code }
          `,
          { mode },
        );
        assert.equal(out, {
          shared: [['host.js?modspace=s1.g1', 'host']],
          own: ['plugin.js?modspace=s2.g1', 'leaf.js?modspace=s2.g1'],
          parentNodes: ['host.js?modspace=s1.g1'],
          afterInvalidate: [],
          reimported: ['plugin.js?modspace=s2.g2', 'leaf.js?modspace=s2.g2', 'host.js?modspace=s1.g1'],
          disposed: 'ERR_MODSPACE_DISPOSED',
        });
      },
    );
  });
}

test('space.graph(): modules from a memory root and an archive root are placed and grouped by their place', async () => {
  const { default: AdmZip } = await import('adm-zip');
  withProject({ 'package.json': '{"type":"module"}', 'main.js': `import mem from 'memlib'\nimport zipped from 'ziplib'\nexport default mem + zipped\n` }, (cwd) => {
    const zip = new AdmZip();
    zip.addFile('ziplib/package.json', Buffer.from(JSON.stringify({ name: 'ziplib', type: 'module', exports: './index.js' })));
    zip.addFile('ziplib/index.js', Buffer.from(`export default 'zip'\n`));
    zip.writeZip(join(cwd, 'deps.zip'));
    for (const mode of hookModes) {
      const out = runInProject(
        cwd,
        'places',
        `
          const space = new ModuleSpace({ base: import.meta.url, roots: [{ files: { 'memlib/index.js': "import './util.js'; export default 'mem'", 'memlib/util.js': '' } }, './deps.zip'] })
          await space.import('./main.js')
          out.nodes = space.graph().nodes.map((node) => [node.url.replace(/^.*\\//, ''), node.place, node.group.kind, node.file])
          out.groups = space.graph().nodes.map((node) => node.group.name.replace(/^.*\\/(deps\\.zip)/, '$1'))
        `,
        { mode },
      );
      // Load order differs between Node versions: compared as sets.
      const key = (row) => JSON.stringify(row);
      assert.equal(out.nodes.map(key).sort(), [
        ['main.js?modspace=s1.g1', 'file', 'folder', join(cwd, 'main.js')],
        ['index.js?modspace=s1.g1', 'memory', 'folder', null],
        ['index.js?modspace=s1.g1', 'archive', 'folder', null],
        ['util.js?modspace=s1.g1', 'memory', 'folder', null],
      ].map(key).sort(), mode);
      assert.is(out.groups[0], '.');
      const groups = out.groups.slice(1).sort();
      assert.is(groups.length, 3);
      assert.match(groups[0], /^deps\.zip!\/ziplib\/$/);
      assert.match(groups[1], /^memory:\/\/.*\/memlib\/$/);
      assert.is(groups[1], groups[2]);
    }
  });
});

// ---------------------------------------------------------------- explain and why

test('explain: the decision, printed or as JSON; exit code 1 when the import would fail', () => {
  withProject(app, (cwd) => {
    const override = cli(['explain', './db.js', '--from', 'main.js', '--override', './db.js=./fake-db.js'], { cwd });
    assert.is(override.status, 0, override.stderr);
    assert.match(override.stdout, `"./db.js" from ${join(cwd, 'main.js')} in space main`);
    assert.match(override.stdout, /rule: +override \(redirect to .*fake-db\.js\)/);
    assert.match(override.stdout, /url: +file:\/\/.*fake-db\.js\?modspace=s1\.g1/);
    const json = cli(['explain', 'flavour', '--from', 'main.js', '-C', 'custom', '--json'], { cwd });
    const decision = JSON.parse(json.stdout);
    assert.is(decision.rule, 'space');
    assert.match(decision.url, /node_modules\/flavour\/custom\.js\?modspace=s1\.g1$/);
    const denied = cli(['explain', 'node:child_process', '--from', 'main.js', '--deny', 'node:child_process'], { cwd });
    assert.is(denied.status, 1);
    assert.match(denied.stdout, /rule: +denied \(deny: node:child_process\)/);
    assert.match(denied.stdout, /error: +ERR_MODSPACE_DENIED/);
    const missing = cli(['explain', './nope.js', '--from', 'main.js', '--json'], { cwd });
    assert.is(missing.status, 1);
    assert.is(JSON.parse(missing.stdout).error.code, 'ERR_MODULE_NOT_FOUND');
  });
});

test('why: every import chain from the entry to a module, by path or package name', () => {
  withProject(
    { ...app, 'lib/other.js': `import { format } from './format.js'\nexport const other = format\n`, 'main.js': app['main.js'] + `import './lib/other.js'\n` },
    (cwd) => {
      const text = cli(['why', 'lib/format.js', '--entry', 'main.js'], { cwd });
      assert.is(text.status, 0, text.stderr);
      assert.is(text.stdout, 'lib/format.js is reached from main.js by 2 import chains:\n  main.js -> lib/helper.js -> lib/format.js\n  main.js -> lib/other.js -> lib/format.js\n');
      const json = JSON.parse(cli(['why', 'flavour', '--entry', 'main.js', '--json', '-C', 'custom'], { cwd }).stdout);
      assert.equal(json.chains.map((chain) => chain.map((url) => plain(url).slice(pathToFileURL(cwd).href.length))), [['/main.js', '/node_modules/flavour/custom.js']]);
      const override = cli(['why', './fake-db.js', '--entry', 'main.js', '--override', './db.js=./fake-db.js'], { cwd });
      assert.match(override.stdout, 'main.js -> fake-db.js (redirected from ./db.js)');
      const none = cli(['why', 'lib/unused.js', '--entry', 'main.js'], { cwd });
      assert.is(none.status, 1);
      assert.is(none.stdout, 'lib/unused.js: the entry never loaded it (entry main.js).\n');
    },
  );
});

test.run();
