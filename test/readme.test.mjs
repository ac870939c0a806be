// README.md's code blocks are documentation that must run. Every fenced block
// is listed in `snippets` below, by the heading it sits under and its ordinal
// there, either as runnable (a harness: fixture files, a prelude defining the
// snippet's free variables, a postlude collecting what its comments promise,
// and a check of that) or as a fragment with the reason it cannot run. A block
// the table does not know fails, so a new snippet cannot go untested.
//
// A runnable snippet runs unmodified, in a child process per hook path, from a
// fixture project where `modspace` resolves to this package (a node_modules
// symlink). Where a value must be captured, a harness names the exact text it
// rewrites, and a rewrite that no longer matches fails too.
import AdmZip from 'adm-zip';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hookModes, makeProject, removeProject, root, runInProject, runNode } from './helpers.mjs';

const README = join(root, 'README.md');
const nodeMajor = Number(process.versions.node.split('.')[0]);
const MARKER = 'README-SNIPPET-RESULT ';

/**
 * Every fenced block of a Markdown text, with the heading it sits under and
 * its ordinal among that heading's blocks (1-based). Lines that look like
 * headings inside a block (a shell comment) are not headings.
 */
function readmeBlocks(markdown) {
  const blocks = [];
  let heading = '(before the first heading)';
  let ordinal = 0;
  let open;
  markdown.split('\n').forEach((line, index) => {
    if (open) {
      if (/^```\s*$/.test(line)) {
        blocks.push({ ...open, text: open.lines.join('\n') + '\n' });
        open = undefined;
      } else open.lines.push(line);
      return;
    }
    const fence = /^```(\S*)\s*$/.exec(line);
    if (fence) {
      ordinal += 1;
      open = { key: `${heading} #${ordinal}`, heading, ordinal, lang: fence[1], line: index + 1, lines: [] };
      return;
    }
    const title = /^#{1,6}\s+(.*?)\s*$/.exec(line);
    if (title) {
      heading = title[1];
      ordinal = 0;
    }
  });
  if (open) throw new Error(`README.md line ${open.line}: a code block that never closes`);
  return blocks.map(({ lines, ...block }) => ({ ...block, first: lines.find((l) => l.trim() !== '') ?? '' }));
}

/** A fixture file whose text is another README block (e.g. a transform module a program block loads). */
const fromBlock = (key) => ({ fromBlock: key });

/**
 * The table. Keys are `<heading> #<ordinal>`; `first` is the block's first
 * line, so an edited block is noticed and its harness looked at again.
 *
 * Runnable: `run` is one harness or a list of them (variants):
 *   files     fixture files (path → text, or fromBlock(key))
 *   name      the variant's name, in the test title
 *   zips      zip archives to write (path → { entry path → text })
 *   links     packages linked from this repository's node_modules (not copied)
 *   prelude   code before the snippet: the free variables it uses
 *   rewrites  [[exact text, replacement]] (each must occur exactly once; only to capture values or
 *             to stand in for a path outside the project); `captured.<name>` holds captured values
 *   postlude  code after the snippet: fills `out` (printed as JSON when the process exits)
 *   check     (out, { project, mode, stderr }) => assertions in this process
 *   stderr    a RegExp stderr must match (default: stderr must be empty)
 *   fails     ({ mode, nodeMajor }) => the error code the README says the snippet fails with there, or undefined
 *   offline   required when the block names a host that is not loopback: why the harness never contacts it
 *             (no test may reach a host other than 127.0.0.1)
 * Fragment: `fragment` is the one-line reason it cannot run.
 * Part of another block's harness: `partOf` names the block whose harness writes it as a file.
 */
const snippets = {
  'Quick start #1': {
    first: 'npm install && npm run demo    # the examples tour',
    fragment: 'shell commands that install packages; `npm run demo` is the tour test/examples.test.mjs runs, `npm test` is this suite',
  },

  'Use #1': {
    first: "import { ModuleSpace } from 'modspace'",
    run: {
      files: {
        'plugin.js': `
          import { readFileSync } from 'node:fs'
          import { query } from './db.js'
          import * as hostApi from './host-api.js'
          import lib from 'lib'
          import dep from 'dep'
          import flavour from 'flavour'
          let shell
          try { await import('node:child_process'); shell = 'imported' } catch (error) { shell = error.code }
          export const facts = { fs: readFileSync('/any/file'), rows: query(), lib, dep, flavour, shell }
          export { hostApi }
        `,
        'db.js': `export const query = () => ['real row']\n`,
        'host-api.js': `export const api = { name: 'host api' }\n`,
        'vendor/lib-1.2.0/index.js': `export default 'lib 1.2.0'\n`,
        'plugin-a/deps/dep.js': `export default 'dep from plugin-a/deps'\n`,
        ...flavourPackage(),
      },
      prelude: `const fakeFs = { readFileSync: () => 'fake contents' }`,
      postlude: `
        const host = await import('./host-api.js')
        out.facts = plugin.facts
        out.sharedWithHost = plugin.hostApi.api === host.api
        out.disposed = space.disposed
      `,
      check: (out) =>
        assert.equal(out, {
          facts: { fs: 'fake contents', rows: [], lib: 'lib 1.2.0', dep: 'dep from plugin-a/deps', flavour: 'development', shell: 'ERR_MODSPACE_DENIED' },
          sharedWithHost: true,
          disposed: true,
        }),
    },
  },

  'Overrides #1': {
    first: "import { ModuleSpace, redirect, source, virtual } from 'modspace'",
    run: {
      files: {
        'db.js': `export const query = () => 'real'\n`,
        'fake-db.js': `export const query = () => 'fake'\n`,
        // no config.js: a source() key may name a file that does not exist; no openai package either
        'app.js': `
          import { readFileSync } from 'node:fs'
          import { query } from './db.js'
          import config from './config.js'
          import OpenAI from 'openai'
          export default { fs: readFileSync('/any/file'), db: query(), config, client: new OpenAI().constructor.name }
        `,
      },
      rewrites: [['\nnew ModuleSpace({', '\nconst space = new ModuleSpace({']],
      postlude: `out.app = (await space.import('./app.js')).default`,
      check: (out) => assert.equal(out.app, { fs: 'stub', db: 'fake', config: { port: 0 }, client: 'FakeClient' }),
    },
  },

  'Sharing and child spaces #1': {
    first: 'const host = new ModuleSpace({ base: import.meta.url })',
    run: {
      files: {
        'host-api.js': `export class Token {}\n`,
        'plugin.js': `import { Token } from './host-api.js'\nexport { Token }\nexport const token = new Token()\n`,
      },
      prelude: `import { ModuleSpace } from 'modspace'`,
      postlude: `
        out.sameClass = p.Token === Token
        out.instanceofAcross = p.token instanceof Token
        const plain = await import('./host-api.js')
        out.hostSpaceIsNotNodes = plain.Token !== Token
      `,
      check: (out) => assert.equal(out, { sameClass: true, instanceofAcross: true, hostSpaceIsNotNodes: true }),
    },
  },

  'Policies #1': {
    first: "policy: { deny: ['node:child_process', 'leftpad', './secrets/'] }",
    fragment: 'policy option shapes, one per line, not a program (the constructor accepting each is checked below)',
  },

  'Reload without restart #1': {
    first: "const space = new ModuleSpace({ name: 'game', base: import.meta.url })",
    run: {
      files: gameFiles(),
      prelude: `import { ModuleSpace } from 'modspace'`,
      postlude: `
        out.loads = globalThis.loads
        out.roomExtendsNewBase = Object.getPrototypeOf(game.Room) === game.BaseObject && new game.Room() instanceof game.BaseObject
        out.baseVersion = game.BaseObject.version
      `,
      // base-object.js and every module importing it are new; help.js, which does not, keeps its instance
      check: (out) => assert.equal(out, { loads: { base: 2, room: 2, commands: 2, help: 1 }, roomExtendsNewBase: true, baseVersion: 1 }),
    },
  },

  'Hot module replacement #1': {
    first: '// routes/hello.js, in a hot space',
    fragment: 'a module of examples/http-hmr (routes/hello.js, shortened); test/http-hmr.test.mjs edits it under load, test/hmr.test.mjs covers accept()',
  },
  'Hot module replacement #2': {
    first: '// services/counter.js: no accept(), so an edit renews it and the routes importing it',
    fragment: 'a module of examples/http-hmr (services/counter.js, shortened); test/http-hmr.test.mjs checks its counter is kept and its timer cleared',
  },
  'Hot module replacement #3': {
    first: "const space = new ModuleSpace({ name: 'app', base: import.meta.url })",
    fragment: 'the host of examples/http-hmr/dev.mjs in short (needs a server.js and log()); test/http-hmr.test.mjs runs dev.mjs, test/hmr.test.mjs these events',
  },
  'Watching files #1': {
    first: 'const watcher = space.watch({',
    run: {
      files: gameFiles(),
      prelude: `
        import { writeFileSync } from 'node:fs'
        import { ModuleSpace } from 'modspace'
        const space = new ModuleSpace({ name: 'game', base: import.meta.url })
        let game = await space.import('./game/commands.js')
        const logs = []
        let logged
        const log = (line) => { logs.push(line); logged?.() }
        const nextLog = () => new Promise((resolve) => { logged = resolve })
        // what happens "later": a good edit two imports down, then a broken one
        async function edits() {
          const base = new URL('./game/objects/base-object.js', import.meta.url)
          let next = nextLog()
          writeFileSync(base, 'export class BaseObject { static version = 2 }\\n')
          await next
          out.afterEdit = { version: game.BaseObject.version, roomExtendsNew: Object.getPrototypeOf(game.Room) === game.BaseObject }
          next = nextLog()
          writeFileSync(base, 'export class BaseObject {\\n  static version = ;\\n}\\n')
          await next
          out.afterBrokenEdit = { version: game.BaseObject.version }
        }
      `,
      rewrites: [['// later\n', 'await edits() // later\n']],
      postlude: `out.logs = logs.map((line) => line.replaceAll(process.cwd(), '<project>'))`,
      check: (out) => {
        assert.equal(out.afterEdit, { version: 2, roomExtendsNew: true });
        assert.equal(out.afterBrokenEdit, { version: 2 }, 'a broken edit keeps the namespace the application has');
        assert.is(out.logs.length, 2, JSON.stringify(out.logs));
        assert.is(out.logs[0], 'reloaded <project>/game/objects/base-object.js');
        assert.match(out.logs[1], /^<project>\/game\/objects\/base-object\.js:2 SyntaxError: /);
      },
    },
  },

  'Diagnostics #1': {
    first: 'modspace [game] "./room.js" from /app/game/commands/look.js -> space: file:///app/game/objects/room.js?modspace=s1.g3',
    fragment: 'sample MODSPACE_DEBUG=1 output, not code (its line format is checked by test/reload.test.mjs)',
  },

  'Conditions #1': {
    first: "const dev = new ModuleSpace({ base: import.meta.url, conditions: ['development'] })",
    // Both orders the prose promises: the host has not imported the package, and the host imported it first.
    run: [false, true].map((hostFirst) => ({
      name: hostFirst ? 'host imported flavour first' : 'flavour only in the spaces',
      files: flavourPackage(),
      prelude: `import { ModuleSpace } from 'modspace'\n${hostFirst ? `out.host = (await import('flavour')).default` : ''}`,
      rewrites: [
        ["await dev.import('flavour')", ";(captured.dev = await dev.import('flavour'))"],
        ["await prod.import('flavour')", ";(captured.prod = await prod.import('flavour'))"],
      ],
      postlude: `out.dev = captured.dev.default; out.prod = captured.prod.default`,
      check: (out) => assert.equal(out, { ...(hostFirst ? { host: 'default' } : {}), dev: 'development', prod: 'production' }),
    })),
  },

  'Per-space resolution: `imports` and `roots` #1': {
    first: 'const a = new ModuleSpace({',
    run: {
      files: {
        'vendor/lib-1.2.0/index.js': `export default 'lib 1.2.0'\n`,
        'vendor/lib-1.2.0/x.js': `export default 'lib 1.2.0, x.js'\n`,
        'node_modules/string-pad/package.json': JSON.stringify({ name: 'string-pad', type: 'module', exports: './index.js' }),
        'node_modules/string-pad/index.js': `export default 'string-pad'\n`,
        'plugin-b/deps/lib/package.json': JSON.stringify({ name: 'lib', type: 'module', exports: './main.js' }),
        'plugin-b/deps/lib/main.js': `export default 'lib from plugin-b/deps'\n`,
        'shared-libs/shared-util.js': `export default 'util from the shared libs'\n`,
      },
      prelude: `import { ModuleSpace } from 'modspace'`,
      // An absolute root outside the project cannot be made by a test: the fixture's own folder stands in.
      rewrites: [["'/opt/shared-libs'", ({ project }) => JSON.stringify(join(project, 'shared-libs'))]],
      postlude: `
        const value = async (space, specifier) => (await space.import(specifier)).default
        out.a = [await value(a, 'lib'), await value(a, 'lib/x.js'), await value(a, 'left-pad')]
        out.b = [await value(b, 'lib'), await value(b, 'shared-util')]
      `,
      check: (out) =>
        assert.equal(out, {
          a: ['lib 1.2.0', 'lib 1.2.0, x.js', 'string-pad'],
          b: ['lib from plugin-b/deps', 'util from the shared libs'],
        }),
    },
  },

  'Modules from other places: archives, memory, web servers #1': {
    first: "import { ModuleSpace, invalidateCaches } from 'modspace'",
    run: {
      offline: '`fib` is in ./vendor and `grok/blah` in the zip, roots searched before the web server (nothing listens on 15000 here); no import follows roots.add() of the public host',
      files: {
        'vendor/fib.js': `export const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2))\n`,
      },
      zips: { 'plugins/greet.zip': { 'grok/blah.js': `export const blah = 'blah from the zip'\n` } },
      postlude: `
        out.fib10 = fib(10)
        out.blah = blah
        out.roots = space.roots.toArray()
        out.nothingFetched = !(await import('node:fs')).existsSync(new URL('./modspace.lock.json', import.meta.url))
      `,
      check: (out, { project }) => {
        const roots = out.roots.map((url) => url.replace(project, '<project>'));
        assert.equal({ ...out, roots: undefined }, { fib10: 55, blah: 'blah from the zip', roots: undefined, nothingFetched: true });
        assert.equal(roots.slice(0, 3), ['https://mods.example.com/lib/', 'archive://<project>/plugins/greet.zip!/', 'http://127.0.0.1:15000/'], 'searched in this order after add() and remove()');
        assert.match(roots[3], /^memory:\/\/m\d+\/$/);
        assert.is(roots.length, 4);
      },
    },
  },

  'Archives #1': {
    first: "new ModuleSpace({ base: import.meta.url, roots: ['./big-sdk.zip'], archive: { maxBytes: 512 * 1024 * 1024 } })",
    run: {
      files: { 'plugins/hello.js': "export const hello = 'hello'\n" },
      zips: { 'big-sdk.zip': { 'sdk/index.js': "export const name = 'sdk from the zip'\n" } },
      prelude: "import { ModuleSpace, loadPlugins } from 'modspace'",
      rewrites: [
        ['new ModuleSpace(', 'captured.space = new ModuleSpace('],
        ['await loadPlugins(', 'captured.plugins = await loadPlugins('],
      ],
      postlude: `
        out.sdk = (await captured.space.import('sdk')).name
        out.plugins = captured.plugins.map(({ name, error }) => [name, error?.code ?? null])
        await captured.plugins.dispose()
      `,
      check: (out) => assert.equal(out, { sdk: 'sdk from the zip', plugins: [['hello', null]] }),
    },
  },

  'Command line #1': {
    first: 'modspace run [options] <entry> [args...]      # run a file as the main module, inside a space',
    fragment: 'usage lines of the command, not a program: test/cli.test.mjs runs every command and flag through the built CLI',
  },

  'Command line #2': {
    first: '// modspace.config.js',
    fragment: 'a config file, loaded by the command and not a program of its own: test/cli.test.mjs runs configs of this shape (live overrides, a mapper, .js/.mjs/.ts)',
  },

  'Command line #3': {
    first: "const space = new ModuleSpace({ base: import.meta.url, policy: { deny: ['node:child_process'] } })",
    run: {
      files: {
        'main.js': `import { helper } from './lib/helper.js'\nimport 'node:path'\ntry { await import('node:child_process') } catch {}\nexport default helper\n`,
        'lib/helper.js': `export const helper = 1\n`,
      },
      prelude: "import { ModuleSpace } from 'modspace'",
      postlude: `
        const name = (url) => url.replace(/^.*\\//, '')
        out.nodes = nodes.map((node) => [name(node.url), node.place, node.group.kind, node.group.name, node.generation])
        out.edges = edges.map((edge) => name(edge.from) + ' -> ' + name(edge.to))
        out.denied = denied.map((d) => [name(d.importer), d.specifier, d.rule])
      `,
      check: (out) =>
        assert.equal(out, {
          nodes: [
            ['main.js?modspace=s1.g1', 'file', 'folder', '.', 1],
            ['helper.js?modspace=s1.g1', 'file', 'folder', 'lib', 1],
            ['node:path', 'builtin', 'builtins', 'node', null],
          ],
          edges: ['main.js?modspace=s1.g1 -> helper.js?modspace=s1.g1', 'main.js?modspace=s1.g1 -> node:path'],
          denied: [['main.js?modspace=s1.g1', 'node:child_process', 'deny: node:child_process']],
        }),
    },
  },

  'Engines: native and runner #1': {
    first: "const space = new ModuleSpace({ base: import.meta.url, engine: 'runner' })",
    run: {
      files: { 'lib.js': "export let n = 0; export const bump = () => ++n\n" },
      prelude: "import { ModuleSpace } from 'modspace'",
      postlude: `
        out.engine = space.engine
        out.child = space.child().engine
        const lib = await space.import('./lib.js')
        lib.bump()
        out.live = lib.n
        space.fresh()
        out.fresh = (await space.import('./lib.js')).n
      `,
      check: (out) => assert.equal(out, { engine: 'runner', child: 'runner', live: 1, fresh: 0 }),
    },
  },

  'Remote modules #1': {
    first: 'const space = new ModuleSpace({',
    run: {
      offline: 'creating the space checks every option; the snippet imports nothing, so nothing is fetched',
      prelude: `import { ModuleSpace } from 'modspace'`,
      postlude: `out.roots = space.roots.toArray(); await space.dispose()`,
      check: (out) => assert.equal(out, { roots: ['https://mods.example.com/v1/'] }),
    },
  },

  'Transforms: new file kinds #1': {
    first: '// coffee-transform.cjs',
    partOf: 'Transforms: new file kinds #2',
  },

  'Transforms: new file kinds #2': {
    first: "const space = new ModuleSpace({ base: import.meta.url, transforms: { '.coffee': './coffee-transform.cjs' } })",
    run: {
      files: {
        'coffee-transform.cjs': fromBlock('Transforms: new file kinds #1'),
        // CoffeeScript is not installed: a stand-in with its compile() signature, whose "language" is
        // `name = expression` lines (each becomes an export), with a line-for-line v3 source map.
        'node_modules/coffeescript/package.json': JSON.stringify({ name: 'coffeescript', main: 'index.js' }),
        'node_modules/coffeescript/index.js': `
          exports.compile = (source, { sourceMap, filename }) => {
            const lines = source.trimEnd().split('\\n')
            const js = lines.map((line) => line.replace(/^(\\w+) = /, 'export const $1 = ')).join('\\n')
            const map = { version: 3, sources: [filename], names: [], mappings: lines.map((_, i) => (i === 0 ? 'AAAA' : 'AACA')).join(';') }
            return sourceMap ? { js, v3SourceMap: JSON.stringify(map) } : js
          }
        `,
        'app.coffee': `answer = 6 * 7\nexplode = () => { throw new Error('boom') }\n`,
      },
      prelude: `import { ModuleSpace } from 'modspace'`,
      rewrites: [["await space.import('./app.coffee')", ";(captured.app = await space.import('./app.coffee'))"]],
      postlude: `
        out.answer = captured.app.answer
        try { captured.app.explode() } catch (error) { out.stackNamesCoffee = /app\\.coffee:2\\b/.test(error.stack) }
      `,
      check: (out) => assert.equal(out, { answer: 42, stackNamesCoffee: true }),
    },
  },

  'Plugins: `loadPlugins()` #1': {
    first: "import { existsSync } from 'node:fs'",
    run: {
      files: {
        'host-api.js': `export const bus = { events: [], emit(event) { this.events.push(event) } }\n`,
        'plugins/greeter.js': `
          import { bus } from '../host-api.js'
          export function activate(api) { api.activated.push('greeter'); bus.emit('greeter ready') }
        `,
        'plugins/shouter/package.json': JSON.stringify({ name: 'shouter', type: 'module', main: 'index.js' }),
        'plugins/shouter/index.js': `
          import { bus } from '../../host-api.js'
          import lib from 'lib'
          export function activate(api) { api.activated.push('shouter with ' + lib); bus.emit('shouter ready') }
        `,
        'plugins/shouter/deps/lib.js': `export default 'lib from shouter/deps'\n`,
        'plugins/sneaky.js': `import { exec } from 'node:child_process'\nexport function activate() {}\n`,
      },
      prelude: `const hostApi = { activated: [] }`,
      postlude: `
        const { bus } = await import('./host-api.js')
        out.plugins = plugins.map(({ name, error, space }) => ({ name, error: error?.code ?? null, disposed: space?.disposed ?? true }))
        out.activated = hostApi.activated
        out.events = bus.events
      `,
      stderr: /^plugin sneaky failed: .*node:child_process.*\n$/,
      check: (out) =>
        assert.equal(out, {
          plugins: [
            { name: 'greeter', error: null, disposed: true },
            { name: 'shouter', error: null, disposed: true },
            { name: 'sneaky', error: 'ERR_MODSPACE_DENIED', disposed: true },
          ],
          activated: ['greeter', 'shouter with lib from shouter/deps'],
          events: ['greeter ready', 'shouter ready'],
        }),
    },
  },

  'More overrides for tests #1': {
    first: "import { ModuleSpace, partial, live, virtual } from 'modspace'",
    run: {
      files: {
        'db.js': `export const query = () => ['real']\nexport const close = () => 'real close'\n`,
        'flags.js': `export const beta = false\nexport const darkMode = true\n`,
        'clock.js': `export const now = () => 42\n`,
        'service.js': `import { now } from './clock.js'\nexport const serviceNow = now()\n`,
        'app.js': `
          import { query, close } from './db.js'
          import OpenAI from 'openai'
          import { beta, darkMode } from './flags.js'
          import { serviceNow } from './service.js'
          import { now } from './clock.js'
          import { S3Client } from '@aws-sdk/client-s3'
          export { close }
          export default { query: query(), close: close(), openai: new OpenAI().fake, beta, darkMode, serviceNow, appNow: now(), s3: S3Client.name }
        `,
      },
      prelude: `
        class FakeOpenAI { fake = true }
        const flagsProxy = new Proxy({}, { get: (target, name) => name === 'beta' })
        const awsStubs = { '@aws-sdk/client-s3': { S3Client: class FakeS3Client {} } }
      `,
      postlude: `
        const app = await space.import('./app.js')
        out.app = app.default
        out.realQuery = realDb.query()
        out.partialKeepsRealInstance = app.close === realDb.close
      `,
      // "not at all on Node 24+ forced off-thread": the mapper cannot be reached there, and the README says so.
      fails: ({ mode, nodeMajor }) => (mode === 'off-thread' && nodeMajor >= 24 ? 'ERR_MODSPACE_MAPPER_UNREACHABLE' : undefined),
      check: (out) =>
        assert.equal(out, {
          app: { query: [], close: 'real close', openai: true, beta: true, darkMode: false, serviceNow: 0, appNow: 42, s3: 'FakeS3Client' },
          realQuery: ['real'],
          partialKeepsRealInstance: true,
        }),
    },
  },

  '`modspace/testing` #1': {
    first: '// node:test',
    run: {
      files: {
        'db.js': `export const query = () => 'real'\n`,
        'report.js': `import { query } from './db.js'\n(globalThis.reports ??= []).push(query())\nexport const report = () => query()\n`,
      },
      links: ['uvu'],
      // node:test's `test`, tracking each test's outcome and the t.after() cleanups it ran
      prelude: `
        import { test as nodeTest } from 'node:test'
        import * as uvu from 'uvu'
        const fakeDb = { query: () => 'fake' }
        const overrides = { './db.js': { query: () => 'stub' } }
        const nodeTests = []
        out.passed = []
        out.cleanups = []
        const test = (name, fn) => {
          nodeTests.push(nodeTest(name, async (t) => {
            const after = (cleanup) => t.after(async () => { await cleanup(); out.cleanups.push(name) })
            await fn(new Proxy(t, { get: (target, key) => (key === 'after' ? after : typeof target[key] === 'function' ? target[key].bind(target) : target[key]) }))
            out.passed.push(name)
          }))
        }
      `,
      postlude: `
        await Promise.all(nodeTests)
        suite.after.each((context) => { out.uvuSpaceDisposed = context.space.disposed })
        suite.after(() => { out.reports = [...globalThis.reports].sort() })
        suite.run()
      `,
      check: (out) =>
        assert.equal(out, { passed: ['reports', 'stubbed'], cleanups: ['reports'], uvuSpaceDisposed: true, reports: ['fake', 'real', 'stub'] }),
    },
  },
};

/** A package with development, production and default entries. */
function flavourPackage() {
  return {
    'node_modules/flavour/package.json': JSON.stringify({
      name: 'flavour',
      exports: { '.': { development: './dev.js', production: './prod.js', default: './default.js' } },
    }),
    'node_modules/flavour/dev.js': `export default 'development'\n`,
    'node_modules/flavour/prod.js': `export default 'production'\n`,
    'node_modules/flavour/default.js': `export default 'default'\n`,
  };
}

/** commands.js imports base-object.js directly and through room.js; help.js does not import it. Each counts its loads. */
function gameFiles() {
  const count = (name) => `(globalThis.loads ??= {}).${name} = (globalThis.loads.${name} ?? 0) + 1\n`;
  return {
    'game/commands.js': `import { BaseObject } from './objects/base-object.js'\nimport { Room } from './objects/room.js'\nimport { help } from './help.js'\n${count('commands')}export { BaseObject, Room, help }\n`,
    'game/objects/room.js': `import { BaseObject } from './base-object.js'\n${count('room')}export class Room extends BaseObject {}\n`,
    'game/objects/base-object.js': `${count('base')}export class BaseObject { static version = 1 }\n`,
    'game/help.js': `${count('help')}export const help = 'look, say'\n`,
  };
}

const blocks = readmeBlocks(readFileSync(README, 'utf8'));
const byKey = new Map(blocks.map((block) => [block.key, block]));

test('every README code block is in the table, as runnable, a fragment with a reason, or part of another', () => {
  const problems = [];
  for (const block of blocks) {
    const entry = snippets[block.key];
    const where = `README.md line ${block.line}: the \`\`\`${block.lang} block #${block.ordinal} under "${block.heading}" (first line: ${JSON.stringify(block.first)})`;
    if (!entry) {
      problems.push(
        `${where} is not in test/readme.test.mjs. Add an entry '${block.key}' to \`snippets\` there: ` +
          `{ first, run: { files, prelude, postlude, check } } that runs it and checks what its comments promise, ` +
          `or { first, fragment: 'why it cannot run' } when it is not a program.`,
      );
    } else if (entry.first !== block.first) {
      problems.push(`${where} changed: the table expects it to start with ${JSON.stringify(entry.first)}. Check that its harness in test/readme.test.mjs still fits, then update \`first\`.`);
    } else if (!entry.run && !entry.partOf && !(typeof entry.fragment === 'string' && entry.fragment.length > 10)) {
      problems.push(`${where}: its entry needs \`run\`, \`partOf\`, or \`fragment\` with a reason.`);
    }
  }
  for (const key of Object.keys(snippets)) {
    if (!byKey.has(key)) problems.push(`test/readme.test.mjs lists '${key}', which README.md no longer has (a block moved, was renamed or removed): update the table.`);
  }
  for (const block of blocks) {
    const hosts = [...block.text.matchAll(/\bhttps?:\/\/([^/:'"\s]+)/g)].map((match) => match[1]).filter((host) => !['127.0.0.1', 'localhost', '[::1]'].includes(host));
    const harnesses = [snippets[block.key]?.run ?? []].flat();
    if (hosts.length && harnesses.some((harness) => !harness.offline)) {
      problems.push(`'${block.key}' names ${[...new Set(hosts)].join(', ')}: its harness must say in \`offline\` why it never contacts them (tests reach 127.0.0.1 only; serve fixtures with test/helpers.mjs startRemoteServer).`);
    }
  }
  for (const [key, entry] of Object.entries(snippets)) {
    if (!entry.partOf) continue;
    const harnesses = [snippets[entry.partOf]?.run ?? []].flat();
    const used = harnesses.some((harness) => Object.values(harness.files ?? {}).some((file) => file.fromBlock === key));
    if (!used) problems.push(`'${key}' says it is part of '${entry.partOf}', whose harness does not write it as a file.`);
  }
  assert.ok(problems.length === 0, `\n${problems.join('\n')}\n`);
});

for (const mode of hookModes) {
  test(`Policies #1 (a fragment) [${mode}]: the constructor accepts every policy shape it shows`, () => {
    const lines = byKey.get('Policies #1').text.trim().split('\n');
    const values = lines.map((line) => {
      const match = /^policy:\s*(.*?)\s*(\/\/ .*)?$/.exec(line);
      assert.ok(match, `Policies #1: expected "policy: <value>  // comment" lines, got ${JSON.stringify(line)}; update this check`);
      return match[1];
    });
    const project = makeProject({ 'package.json': JSON.stringify({ type: 'module' }) }, 'modspace-readme-');
    try {
      const out = runInProject(
        project,
        'policies',
        `out.results = []\nfor (const make of [${values.map((value) => `() => new ModuleSpace({ base: import.meta.url, policy: ${value} })`).join(', ')}]) {
          try { await make().dispose(); out.results.push('accepted') } catch (error) { out.results.push(error.code + ': ' + error.message) }
        }`,
        { mode },
      );
      assert.equal(out.results, values.map(() => 'accepted'), values.join('\n'));
    } finally {
      removeProject(project);
    }
  });
}

test('every examples/* folder is run by test/examples.test.mjs and listed in README.md', () => {
  const examplesTest = readFileSync(join(root, 'test', 'examples.test.mjs'), 'utf8');
  const readme = readFileSync(README, 'utf8');
  const folders = readdirSync(join(root, 'examples'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  assert.ok(folders.length > 0);
  for (const name of folders) {
    assert.ok(examplesTest.includes(`join(examples, '${name}'`), `examples/${name} is not run by test/examples.test.mjs`);
    assert.ok(readme.includes(`[\`examples/${name}\`](examples/${name})`), `examples/${name} is not listed in README.md's Examples section`);
  }
});

/** Writes the fixture project of a harness and the scenario module; returns both paths. */
function prepare(key, harness) {
  const block = byKey.get(key);
  const files = {};
  for (const [name, text] of Object.entries(harness.files ?? {})) files[name] = typeof text === 'string' ? dedent(text) : byKey.get(text.fromBlock).text;
  files['package.json'] ??= JSON.stringify({ type: 'module' });
  const project = makeProject(files, 'modspace-readme-');
  try {
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    // `modspace` resolves to this package, so the snippet's imports stay as written.
    symlinkSync(root, join(project, 'node_modules', 'modspace'), 'dir');
    for (const name of harness.links ?? []) symlinkSync(join(root, 'node_modules', name), join(project, 'node_modules', name), 'dir');
    for (const [name, entries] of Object.entries(harness.zips ?? {})) {
      const zip = new AdmZip();
      for (const [entry, text] of Object.entries(entries)) zip.addFile(entry, Buffer.from(text));
      mkdirSync(join(project, name, '..'), { recursive: true });
      zip.writeZip(join(project, name));
    }
    let snippet = block.text;
    for (const [from, to] of harness.rewrites ?? []) {
      const count = snippet.split(from).length - 1;
      if (count !== 1) throw new Error(`${key}: the harness rewrites ${JSON.stringify(from)}, found ${count} times in the block; update the harness`);
      snippet = snippet.replace(from, () => (typeof to === 'function' ? to({ project }) : to));
    }
    const scenario = [
      `const out = {}, captured = {}`,
      `process.on('exit', () => console.log(${JSON.stringify(MARKER)} + JSON.stringify(out)))`,
      `// --- prelude`,
      dedent(harness.prelude ?? ''),
      `// --- README.md: ${key}`,
      snippet,
      `// --- postlude`,
      dedent(harness.postlude ?? ''),
    ].join('\n');
    const entry = join(project, 'snippet.mjs');
    writeFileSync(entry, scenario);
    return { project, entry };
  } catch (error) {
    removeProject(project);
    throw error;
  }
}

/** Removes the common leading indentation of a template literal's lines. */
function dedent(text) {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => /^ */.exec(line)[0].length));
  return lines.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}

for (const [key, entry] of Object.entries(snippets)) {
  if (!entry.run) continue;
  for (const harness of [entry.run].flat()) {
    for (const mode of hookModes) {
      const label = `${key}${harness.name ? ` (${harness.name})` : ''} [${mode}]`;
      test(`README snippet runs as written and does what it says: ${label}`, () => {
        if (!byKey.has(key)) assert.unreachable(`README.md has no block '${key}' (see the table test)`);
        const { project, entry: file } = prepare(key, harness);
        try {
          const result = runNode(file, { mode, env: { FORCE_COLOR: '0', NO_COLOR: '1' } });
          // The child's own test runners print summaries: keep them from looking like this file's.
          const output = `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`.replace(/(Total|Passed|Skipped):/g, '$1 :');
          const failure = harness.fails?.({ mode, nodeMajor });
          if (failure) {
            // A path where the README says this snippet cannot work: it must fail the way the README says.
            assert.is.not(result.status, 0, `${label} should fail with ${failure}\n${output}`);
            assert.ok(result.stderr.includes(failure), `${label} should fail with ${failure}\n${output}`);
            return;
          }
          assert.is(result.status, 0, `${label} exited ${result.status} ${result.signal ?? ''}\n${output}`);
          if (harness.stderr) assert.match(result.stderr, harness.stderr, output);
          else assert.is(result.stderr, '', `${label} wrote to stderr\n${output}`);
          const line = result.stdout.split('\n').find((l) => l.startsWith(MARKER));
          assert.ok(line, `${label} printed no result\n${output}`);
          harness.check(JSON.parse(line.slice(MARKER.length)), { project, mode, stderr: result.stderr });
        } finally {
          removeProject(project);
        }
      });
    }
  }
}

test.run();
