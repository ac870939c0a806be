// Modules from a web server, pinned by a lockfile and cached on disk:
// 1. import through a root that points at the server; the lockfile is written;
// 2. the server's copy of fib.js changes: a machine with an empty cache refuses it;
// 3. the server goes away: the modules still load, offline, from the cache.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { ModuleSpace, invalidateCaches } from '../../dist/src/index.js';

const work = mkdtempSync(join(tmpdir(), 'modspace-remote-'));
// Removed however the example ends, a failure included.
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const site = join(work, 'site');
cpSync(new URL('./served', import.meta.url), site, { recursive: true });

const server = spawn(process.execPath, [new URL('./server.mjs', import.meta.url).pathname, site], { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = await once(server.stdout, 'data');
const origin = `http://127.0.0.1:${String(line).trim()}`;
console.log(`serving ${site} at ${origin}/`);

const lockfile = join(work, 'modspace.lock.json');
const cache = join(work, 'cache');
const remote = { allow: [origin], lockfile, cache };

try {
  // 1. Fetched, checked, pinned and cached.
  const space = new ModuleSpace({ name: 'first', roots: [`${origin}/`], remote: { ...remote, writeLockfile: true } });
  const { fib } = await space.import('fib');
  const { grok } = await space.import('grok');
  const { blah } = await space.import('grok/blah');
  console.log(`fib(40) = ${fib(40)}; ${grok('hello')}; grok/blah says ${blah.says} from ${blah.from.split('?')[0]}`);
  const pinned = JSON.parse(readFileSync(lockfile, 'utf8')).remote;
  console.log(`lockfile pins ${Object.keys(pinned).length} URLs:`);
  for (const [url, hash] of Object.entries(pinned)) console.log(`  ${url.slice(origin.length)}  ${hash.slice(0, 22)}…`);

  // 2. Someone changes fib.js on the server. This process forgets what it fetched
  //    (invalidateCaches), and a space with an empty disk cache, as on another
  //    machine, fetches it again and checks it against the lockfile.
  writeFileSync(join(site, 'fib.js'), `export const fib = () => 'not what was pinned';\n`);
  invalidateCaches();
  const other = new ModuleSpace({ name: 'other-machine', roots: [`${origin}/`], remote: { ...remote, cache: join(work, 'empty-cache') } });
  try {
    await other.import('fib');
    console.log('!!! the changed file was accepted');
    process.exitCode = 1;
  } catch (error) {
    console.log(`refused: ${error.code}: ${error.message.split(' (')[0]}`);
  }
} finally {
  server.kill();
  await once(server, 'exit');
}

// 3. No server: what the lockfile pins comes from the cache, never from the network.
const offline = new ModuleSpace({ name: 'offline', roots: [`${origin}/`], remote: { ...remote, offline: true } });
const { fib } = await offline.import('fib');
const { blah } = await offline.import('grok/blah');
console.log(`offline, from the cache: fib(50) = ${fib(50)}, grok/blah says ${blah.says}`);
try {
  await offline.import('not-cached');
} catch (error) {
  console.log(`offline and never fetched: ${error.code}`);
}
