// Hot module replacement benchmarks (issue 14), on the Node that runs this file:
//   node bench/hmr.mjs [--edits 30] [--updates 1000]
// H1: time from writing a route module of a 202-module node:http server to
//     the new code answering a request, median and p95: modspace's HMR
//     (native and runner engines; the watcher's default 50 ms debounce and
//     10 ms) against `node --watch` restarting the process (same server, same edit).
// H2: heap after 1,000 HMR updates of that route module, native and runner.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { routeSource, writeServer } from './children/hmr-server.mjs';
import { spawn } from 'node:child_process';
import { request, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv, fmt, median, quantile, runNode, table } from './lib.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const argv = process.argv.slice(2);
const option = (name, fallback) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const edits = option('--edits', 30);
const updates = option('--updates', 1000);
const child = here('./children/hmr.mjs');
const dist = here('../dist/');

function get(port, path) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve(body));
    });
    req.on('error', () => resolve(null));
    req.end();
  });
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Edits routes/r0.js `edits` times; each time, ms from the write to the first answer with the new text. */
async function measure(dir, port, args) {
  const proc = spawn(process.execPath, args, { cwd: dir, env: cleanEnv({ PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (chunk) => (stderr += chunk));
  try {
    const started = Date.now();
    while ((await get(port, '/r0')) === null) {
      if (Date.now() - started > 30_000) throw new Error(`server did not start: ${stderr}`);
      await sleep(20);
    }
    const times = [];
    for (let i = 1; i <= edits; i++) {
      const token = `' v${i}-${Date.now()} '`;
      // Written in place: `node --watch` watches the file itself and loses it when a save renames a new file over it.
      writeFileSync(join(dir, 'routes', 'r0.js'), routeSource(token));
      const written = process.hrtime.bigint();
      for (;;) {
        const body = await get(port, '/r0');
        if (body !== null && body.includes(token.slice(1, -1))) break;
        if (Number(process.hrtime.bigint() - written) / 1e6 > 30_000) throw new Error(`edit ${i} never answered: ${stderr}`);
      }
      times.push(Number(process.hrtime.bigint() - written) / 1e6);
      await sleep(150); // let watchers settle between edits
    }
    return times;
  } finally {
    proc.kill();
    await new Promise((resolve) => proc.once('exit', resolve));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'modspace-bench-hmr-'));
try {
  const modules = writeServer(dir);
  console.log(`Node ${process.version}, HMR benchmarks (${modules}-module server, ${edits} edits, ${updates} updates)\n`);
  const variants = [
    ['modspace HMR, native, debounce 50 ms (default)', ['--no-deprecation', child, JSON.stringify({ mode: 'serve', dist, dir, engine: 'native', debounce: 50 })]],
    ['modspace HMR, native, debounce 10 ms', ['--no-deprecation', child, JSON.stringify({ mode: 'serve', dist, dir, engine: 'native', debounce: 10 })]],
    ['modspace HMR, runner, debounce 50 ms (default)', ['--no-deprecation', child, JSON.stringify({ mode: 'serve', dist, dir, engine: 'runner', debounce: 50 })]],
    ['modspace HMR, runner, debounce 10 ms', ['--no-deprecation', child, JSON.stringify({ mode: 'serve', dist, dir, engine: 'runner', debounce: 10 })]],
    ['node --watch (restarts the process)', ['--watch', join(dir, 'server.js')]],
  ];
  const rows = [];
  for (const [label, args] of argv.includes('--memory-only') ? [] : variants) {
    const times = await measure(dir, await freePort(), args);
    rows.push([label, fmt.ms(median(times)), fmt.ms(quantile(times, 0.95))]);
  }
  console.log('H1: write of routes/r0.js → the new code answers GET /r0');
  console.log(table(['', 'median', 'p95'], rows));

  console.log(`\nH2: heap after ${updates} HMR updates of routes/r0.js (after gc, from the heap after 20 warm-up updates)`);
  const memoryRows = [];
  for (const engine of ['native', 'runner']) {
    const result = await runNode(['--expose-gc', '--no-deprecation', child, JSON.stringify({ mode: 'memory', dist, dir, engine, updates })], { env: cleanEnv({ PORT: String(await freePort()) }) });
    const at = (n) => fmt.bytes(result.samples[n / 100 - 1]);
    memoryRows.push([engine, at(100), at(Math.min(500, updates)), at(updates), fmt.bytes(result.bytesPerUpdate)]);
  }
  console.log(table(['engine', 'after 100', 'after 500', `after ${updates}`, 'bytes per update'], memoryRows));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
