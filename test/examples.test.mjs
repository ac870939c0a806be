// The examples are documentation that runs: each one is run as a user would
// run it, once per hook path this Node offers, and its output is checked for
// what it claims to show (not just for exit code 0).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hookModes, makeProject, removeProject, root, runNode } from './helpers.mjs';

const examples = join(root, 'examples');
const basics = join(examples, 'basics', 'main.mjs');
const exocet = join(examples, 'exocet', 'main.mjs');
const mud = join(examples, 'mud', 'main.mjs');
const pluginHost = join(examples, 'plugins', 'host.mjs');
const remote = join(examples, 'remote', 'main.mjs');
const tour = join(examples, 'tour.mjs');
// A server edited under load: run by test/http-hmr.test.mjs (modspace run --watch and its dev.mjs host), every hook path.
const httpHmr = join(examples, 'http-hmr', 'server.js');

test('examples/http-hmr: server.js runs under plain node too (import.meta.hot?. is undefined there)', async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [httpHmr], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  await new Promise((resolve, reject) => {
    child.stdout.on('data', () => /listening on http:\/\/127\.0\.0\.1:\d+/.test(output) && resolve());
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  const port = /127\.0\.0\.1:(\d+)/.exec(output)[1];
  const answer = await (await fetch(`http://127.0.0.1:${port}/hello`)).text();
  child.kill();
  assert.match(answer, /^hello, world \(visit 1\)/);
});

/** The default path (no MODSPACE_HOOKS) first, then each path forced. */
const modes = [undefined, ...hookModes];
const label = (mode) => mode ?? 'default hooks';

/** Runs an example and fails with its whole output unless it exited 0 with a clean stderr. */
function runExample(entry, mode) {
  const result = runNode(entry, { mode });
  const output = `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
  assert.is(result.status, 0, `${entry} (${label(mode)}) exited ${result.status} ${result.signal ?? ''}\n${output}`);
  // No warnings at all: in particular no DEP0205 on Node 26 (runNode silences it only when off-thread is forced).
  assert.is(result.stderr, '', `${entry} (${label(mode)}) wrote to stderr\n${output}`);
  return result.stdout;
}

/** The groups of the first match of `pattern` in `text`; fails when there is none. */
function pick(text, pattern) {
  const match = pattern.exec(text);
  assert.ok(match, `expected output to match ${pattern}\n--- stdout\n${text}`);
  return match.slice(1);
}

for (const mode of modes) {
  test(`plugins (${label(mode)}): a denied plugin is named, two versions of lib, one shared bus`, () => {
    const stdout = runExample(pluginHost, mode);
    assert.equal(pick(stdout, /found (\d+) plugins in .*, each loaded in its own space:\n/), ['3']);
    // Two plugins, two versions of one library, in one process.
    assert.equal(pick(stdout, /greeter {2}ok, lib (\S+)\n/), ['1.4.0']);
    assert.equal(pick(stdout, /shouter {2}ok, lib (\S+)\n/), ['2.1.0']);
    // The denied plugin is reported by name, with the import it tried; the others still loaded.
    const [code, plugin, specifier, file] = pick(stdout, /sneaky {3}FAILED (\S+): plugin "(\w+)" may not import "([^"]+)" \(in (\S+)\)\n/);
    assert.equal([code, plugin, specifier, file], ['ERR_MODSPACE_DENIED', 'sneaky', 'node:child_process', join('plugins', 'sneaky.js')]);
    const [message] = pick(stdout, / {11}(\[modspace:sneaky\].*)\n/);
    assert.ok(message.includes(join(examples, 'plugins', 'plugins', 'sneaky.js')), message);
    // One bus: the host's, in every plugin, and it saw their events.
    assert.equal(pick(stdout, /ready events on the host's bus: (.*)\n/), ['greeter (lib 1.4.0), shouter (lib 2.1.0)']);
    assert.equal(pick(stdout, /every loaded plugin holds the host's bus: (\w+)\n/), ['true']);
    assert.equal(pick(stdout, /instanceof the host's EventBus: (\w+)\n/), ['true']);
    assert.equal(pick(stdout, /answer:\n {2}(.*)\n {2}(.*)\n/), ['greeter: hello, world', 'shouter: HELLO, WORLD!']);
    assert.equal(pick(stdout, /all plugin spaces disposed: (\w+)\n/), ['true']);
  });

  test(`remote (${label(mode)}): modules over HTTP pinned by the lockfile, a changed file refused, offline from the cache`, () => {
    const stdout = runExample(remote, mode);
    const [origin] = pick(stdout, /serving .* at (http:\/\/127\.0\.0\.1:\d+)\/\n/);
    // A module with a relative import, a package folder, TypeScript from the server.
    assert.equal(pick(stdout, /fib\(40\) = (\d+); (.*); grok\/blah says (\w+) from (\S+)\n/), ['102334155', 'grokked 5 characters', 'blah', `${origin}/grok/blah.ts`]);
    // The lockfile pins what was fetched, package.json included, and nothing else.
    assert.equal(pick(stdout, /lockfile pins (\d+) URLs:\n/), ['5']);
    for (const path of ['/fib.js', '/memo.js', '/grok/package.json', '/grok/index.js', '/grok/blah.ts']) assert.match(stdout, new RegExp(`\n  ${path.replace(/[.]/g, '\\.')}  sha384-`));
    // The changed file is refused, by its hash.
    const [code, message] = pick(stdout, /refused: (\S+): (.*)\n/);
    assert.is(code, 'ERR_MODSPACE_INTEGRITY');
    assert.ok(message.includes(`${origin}/fib.js`) && message.includes('modspace.lock.json'), message);
    // Offline: the pinned modules from the cache, nothing else.
    assert.equal(pick(stdout, /offline, from the cache: fib\(50\) = (\d+), grok\/blah says (\w+)\n/), ['12586269025', 'blah']);
    assert.equal(pick(stdout, /offline and never fetched: (\S+)\n/), ['ERR_MODSPACE_OFFLINE']);
  });

  test(`exocet (${label(mode)}): the space's node:http logs every host; the plain instance is untouched`, () => {
    const stdout = runExample(exocet, mode);
    const [port] = pick(stdout, /server listening on http:\/\/127\.0\.0\.1:(\d+)\n/);
    assert.ok(Number(port) > 0);

    // Both the named `get` and the default import's `request` reached the server through the wrapper.
    pick(stdout, /GET {2}-> hello #1 \(GET \/status\)\n/);
    pick(stdout, /POST -> hello #2 \(POST \/echo\)\n/);
    const [count, list] = pick(stdout, /hosts the wrapper was asked to contact \((\d+)\):\n((?: {2}- .*\n)*)/);
    const hosts = list.trim().split('\n').map((line) => line.trim());
    assert.equal(hosts, [`- get 127.0.0.1:${port}`, `- request 127.0.0.1:${port}`]);
    assert.is(Number(count), 2);

    // The plain import really made its request, yet logged nothing and is another instance.
    pick(stdout, /GET {2}-> hello #3 \(GET \/plain\)\n/);
    assert.equal(pick(stdout, /new log entries from the plain instance: (\d+)\n/), ['0']);
    assert.equal(pick(stdout, /same instance as the space's: (\w+)\n/), ['false']);
    assert.equal(pick(stdout, /requests counted: space instance (\d+), plain instance (\d+)\n/), ['2', '1']);
  });

  test(`mud (${label(mode)}): the scripted tour reloads under two connected players`, () => {
    const stdout = runExample(mud, mode);
    pick(stdout, /bob sees: ada says: "hello bob"\n/);
    pick(stdout, /bob sees: ada shouts: "STILL HERE!"\n/);
    pick(stdout, /bob sees: \*\*\* GREAT HALL \*\*\*\n/);
    pick(stdout, /ada sees: \[server\] reload failed at say\.js:3: SyntaxError: .*; the previous code keeps running\n/);
    pick(stdout, /bob sees: ada shouts: "DO YOU STILL HEAR ME!"\n/);
    pick(stdout, /bob sees: ada whispers: "PSST!"\n/);
    pick(stdout, /mud stopped: both players stayed connected through every reload\n/);
  });

  test(`basics (${label(mode)}): instances, fresh(), sharing and a denied import`, () => {
    const stdout = runExample(basics, mode);

    // Two spaces: a counted to 3 and b to 2, so each has its own top-level `count`.
    assert.equal(pick(stdout, /space a counted (\d+), space b counted (\d+)\n/), ['3', '2']);
    // fresh(): the new instance starts over, the old one keeps counting.
    assert.equal(pick(stdout, /new instance counted (\d+), old instance counted (\d+)\n/), ['1', '4']);
    const sameInstance = [...stdout.matchAll(/same instance: (\w+)\n/g)].map((match) => match[1]);
    assert.equal(sameInstance, ['false', 'false']);

    // Sharing makes instanceof work across the boundary; without it, it does not.
    assert.equal(pick(stdout, /sharing child: "hello, shared" instanceof host Message: (\w+)\n/), ['true']);
    assert.equal(pick(stdout, /child without share: "hello, isolated" instanceof host Message: (\w+)\n/), ['false']);

    assert.equal(pick(stdout, /code: (\S+)\n/), ['ERR_MODSPACE_DENIED']);
    const [message] = pick(stdout, /message: (.*)\n/);
    assert.ok(message.includes('guarded'), message);
    assert.ok(message.includes('"node:child_process"'), message);
    assert.ok(message.includes(join(examples, 'basics', 'shell.js')), message);
    assert.not.ok(stdout.includes('unexpected'), stdout);
  });
}

/** Runs the tour with a temporary folder of its own, and checks the examples removed what they put there. */
function runTour(env = {}) {
  const tmp = makeProject({}, 'modspace-tour-tmp-');
  try {
    const result = runNode(tour, { cwd: root, env: { ...env, TMPDIR: tmp } });
    assert.equal(readdirSync(tmp), [], `the examples left files in their temporary folder\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
    return result;
  } finally {
    removeProject(tmp);
  }
}

test('tour: runs every example in order and exits 0', () => {
  const result = runTour();
  const output = `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
  assert.is(result.status, 0, output);
  assert.not.match(result.stderr, /DEP0205|Warning/, output);
  const basicsAt = result.stdout.indexOf('=== basics');
  const exocetAt = result.stdout.indexOf('=== exocet');
  const pluginsAt = result.stdout.indexOf('=== plugins');
  assert.ok(basicsAt !== -1 && exocetAt > basicsAt && pluginsAt > exocetAt, output);
  // Each example's own output is shown under its header.
  assert.ok(result.stdout.indexOf('code: ERR_MODSPACE_DENIED') > basicsAt, output);
  assert.ok(result.stdout.indexOf('new log entries from the plain instance: 0') > exocetAt, output);
  const mudAt = result.stdout.indexOf('=== mud');
  assert.ok(mudAt > exocetAt && result.stdout.indexOf('mud stopped') > mudAt, output);
  // Every example listed in the tour ran: "N/N".
  const [, ran, listed] = /(\d+)\/(\d+) examples ran successfully\n/.exec(result.stdout) ?? [];
  assert.ok(ran !== undefined && ran === listed && Number(listed) >= 4, output);
  assert.ok(result.stdout.indexOf("every loaded plugin holds the host's bus: true") > pluginsAt, output);
  const remoteAt = result.stdout.indexOf('=== remote');
  assert.ok(remoteAt > pluginsAt && result.stdout.indexOf('refused: ERR_MODSPACE_INTEGRITY') > remoteAt, output);
});

test('tour: exits non-zero when an example fails', () => {
  // An invalid hook mode makes every example throw at its first space.
  const result = runTour({ MODSPACE_HOOKS: 'bogus' });
  assert.is(result.status, 1, `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  assert.match(result.stderr, /example basics failed/);
  assert.match(result.stderr, /example exocet failed/);
  assert.match(result.stderr, /example mud failed/);
  assert.match(result.stdout, /0\/\d+ examples ran successfully; failed: basics, exocet, mud, plugins, remote/);
  assert.match(result.stderr, /example plugins failed/);
  assert.match(result.stderr, /example remote failed/);
});

test.run();
