// examples/http-hmr as a user runs it (`modspace run --watch server.js`, and
// its dev.mjs host on the library API): a node:http server under hot module
// replacement, with a client sending requests in a loop while a route is
// edited, the service is edited twice (its counter kept), a broken edit is
// made and fixed. Checked: no request failed, the port never closed (the
// entry ran once), each edit became visible, the old timers were cleared.
// The example is copied to a temporary folder, since the test edits it.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deprecatesRegister, hookModes, removeProject, root } from './helpers.mjs';

const example = join(root, 'examples', 'http-hmr');

function get(port, path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const cli = join(root, 'dist', 'src', 'cli', 'main.js');

/** Starts the example on a copy (`modspace run --watch`, or its library-API host dev.mjs); resolves with the child, its port and its output so far. */
async function start(dir, mode, launcher) {
  const args = launcher === 'cli' ? [cli, 'run', '--watch', 'server.js'] : [join(example, 'dev.mjs'), join(dir, 'server.js')];
  if (mode === 'off-thread' && deprecatesRegister) args.unshift('--no-deprecation');
  const child = spawn(process.execPath, args, { cwd: dir, env: { ...process.env, PORT: '0', MODSPACE_HOOKS: mode }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (output.stderr += chunk));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no port after 20 s\n${output.stdout}\n${output.stderr}`)), 20_000);
    child.stdout.on('data', () => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output.stdout);
      if (match) resolve(Number(match[1]), clearTimeout(timer));
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}\n${output.stdout}\n${output.stderr}`)));
  });
  return { child, port, output };
}

const runs = [...hookModes.map((mode) => [mode, 'cli']), [hookModes[0], 'dev.mjs']];

for (const [mode, launcher] of runs) {
  test(`[${mode}] examples/http-hmr with ${launcher === 'cli' ? 'modspace run --watch' : 'dev.mjs (library API)'}: edits under load, no failed request, port kept, counter kept, timers cleared`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modspace-http-hmr-'));
    let server;
    let stop = false;
    try {
      cpSync(example, dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
      server = await start(dir, mode, launcher);
      const { port, output } = server;
      const edit = (file, from, to) => {
        const path = join(dir, file);
        const text = readFileSync(path, 'utf8');
        assert.ok(text.includes(from), `${file} has ${from}`);
        writeFileSync(path, text.replace(from, to));
      };
      // The client: requests one after another until stopped; every answer is kept.
      const results = { ok: 0, failed: [] };
      let last = '';
      const client = (async () => {
        while (!stop) {
          try {
            const answer = await get(port, '/hello');
            if (answer.status === 200) results.ok++;
            else results.failed.push(`${answer.status} ${answer.body}`);
            last = answer.body;
          } catch (error) {
            results.failed.push(String(error));
          }
        }
      })();
      /** Waits until the client sees `text` (or /path answers it); returns how long it took. */
      const visible = async (check, what) => {
        const started = Date.now();
        while (!(await check())) {
          if (Date.now() - started > 15_000) throw new Error(`not visible after 15 s: ${what}\n${output.stdout}\n${output.stderr}`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return Date.now() - started;
      };
      const times = {};
      await visible(() => results.ok > 5, 'first answers');
      // Timers of the process: the watcher's debounce timer comes and goes, the service's interval stays.
      const timers = async () => JSON.parse((await get(port, '/stats')).body).timers;
      let timersBefore = Infinity;
      for (let i = 0; i < 5; i++) timersBefore = Math.min(timersBefore, await timers(), await new Promise((resolve) => setTimeout(resolve, 20, Infinity)));

      // 1. a route
      edit('routes/hello.js', 'hello, world', 'hi there');
      times.route = await visible(() => last.startsWith('hi there'), 'route edit');

      // 2. the service, twice: its counter (in import.meta.hot.data) is kept
      const before = Number((await get(port, '/count')).body);
      edit('services/counter.js', 'export const hits = () => state.visits;', 'export const hits = () => `visits: ${state.visits}`;');
      times.service = await visible(async () => (await get(port, '/count')).body.startsWith('visits:'), 'service edit');
      const after = Number((await get(port, '/count')).body.replace('visits: ', ''));
      edit('services/counter.js', '`visits: ${state.visits}`', '`seen: ${state.visits}`');
      times.service2 = await visible(async () => (await get(port, '/count')).body.startsWith('seen:'), 'second service edit');
      // Two service instances were replaced: had their intervals not been cleared, two more would stay.
      await visible(async () => (await timers()) <= timersBefore, 'the old timers cleared');
      const timersAfter = await timers();

      // 3. a broken edit: reported with file and line, the old code keeps answering; then fixed
      edit('routes/hello.js', 'response.end(', 'response.end((');
      await visible(() => output.stdout.includes('update failed') || output.stderr.includes('update failed'), 'the error report');
      const servedWhileBroken = (await get(port, '/hello')).body;
      edit('routes/hello.js', 'response.end((', 'response.end(');
      edit('routes/hello.js', 'hi there', 'fixed');
      times.fixed = await visible(() => last.startsWith('fixed'), 'the fix');

      stop = true;
      await client;
      assert.equal(results.failed, [], 'no request failed');
      assert.ok(results.ok > 20, `requests answered: ${results.ok}`);
      assert.ok(after > before, `the counter went on from ${before} (now ${after})`);
      assert.ok(timersAfter <= timersBefore, 'old instances cleared their timers');
      assert.ok(servedWhileBroken.startsWith('hi there'), servedWhileBroken);
      assert.match(output.stderr, /update failed at .*routes\/hello\.js:5(:\d+)?: /);
      // The entry ran once: the server was never closed and reopened.
      assert.is(output.stdout.match(/listening on/g)?.length, 1, output.stdout);
      if (launcher === 'cli') assert.match(output.stderr, /\[modspace\] hot update services\/counter\.js \(accepted by [^)]*routes\/count\.js/);
      else assert.match(output.stdout, /\[hmr\] hot: .*services\/counter\.js/);
      console.log(`      [${mode}, ${launcher}] write → visible, ms: ${JSON.stringify(times)}`);
    } finally {
      stop = true;
      server?.child.kill();
      removeProject(dir);
    }
  });
}

test.run();
