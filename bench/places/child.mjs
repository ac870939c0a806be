// Child of bench/places.mjs: imports the 200-module graph once, in a fresh
// process (cold module map, empty modspace memory maps); prints one JSON line.
//   native:         import(<root>/graph/index.js), no hooks, no modspace
//   files:          roots: [<root>]                  space.import('graph')
//   remote:         roots: [origin/], remote: { allow, lockfile, cache, offline: true }
//   remote-online:  the same with offline: false (the server is stopped: a warm cache must not need it)
//   archive:        roots: [graph.zip]
//   fetch:          (the untimed warm-up) roots: [origin/], writeLockfile: true, the server running
// Hooks are registered (a throw-away space) before the clock starts: P1
// measures registration. The clock covers new ModuleSpace() + space.import().
// argv: JSON { mode, dist, root, zip, origin, lockfile, cache, modules }
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EVAL_COUNTER } from '../graph.mjs';
import { check, hooksInUse } from '../children/common.mjs';

const { mode, dist, root, zip, origin, lockfile, cache, modules } = JSON.parse(process.argv[2]);
const modspace = mode === 'native' ? null : await import(pathToFileURL(join(dist, 'src/index.js')).href);
if (modspace) await new modspace.ModuleSpace({ name: 'registration' }).dispose();
const base = pathToFileURL(join(root, '/')).href;
const remote = (extra) => ({ allow: [origin], lockfile, cache, ...extra });
const options = {
  files: { roots: [root] },
  remote: { roots: [`${origin}/`], remote: remote({ offline: true }) },
  'remote-online': { roots: [`${origin}/`], remote: remote({ offline: false }) },
  archive: { roots: [zip] },
  fetch: { roots: [`${origin}/`], remote: remote({ writeLockfile: true }) },
}[mode];
check(mode === 'native' || options !== undefined, `unknown mode ${mode}`);

const start = performance.now();
const cpuStart = process.cpuUsage();
let namespace;
// The constructor checks the roots: for an archive, that opens it (reads the zip's directory; the first loads the zip reader).
let constructed = start;
if (mode === 'native') namespace = await import(pathToFileURL(join(root, 'graph/index.js')).href);
else {
  const space = new modspace.ModuleSpace({ name: mode, base, ...options });
  constructed = performance.now();
  namespace = await space.import('graph');
}
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);

check(globalThis[EVAL_COUNTER] === modules, `${mode}: ${globalThis[EVAL_COUNTER]} modules evaluated, expected ${modules}`);
check(typeof namespace.value === 'number', `${mode}: bad namespace`);
// Threads now alive: the fetch worker, had it started, would add some (Linux only).
const threads = existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : null;
console.log(JSON.stringify({ mode, ms, constructorMs: constructed - start, cpuMs: (cpu.user + cpu.system) / 1000, hooks: hooksInUse(), threads }));
