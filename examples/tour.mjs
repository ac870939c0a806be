// `npm run demo`: runs every example in its own process, in order, the way a
// user would run it (`node examples/<name>/main.mjs`, or its host file), and fails if any does.
// Each example gets a fresh process because hooks and module maps are
// per-process state.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The examples import the built package; say so rather than fail obscurely.
if (!existsSync(new URL('../dist/src/index.js', import.meta.url))) {
  console.error('modspace is not built: run `npm run build` first (or `npm run demo`, which builds).');
  process.exit(1);
}

const examples = [
  ['basics', 'instances, fresh(), sharing with a child space, a denied import'],
  ['exocet', 'a fresh instance of an HTTP client whose node:http logs every host'],
  ['mud', 'a TCP game server whose commands and base class are edited while two players stay connected'],
  ['plugins', 'a plugin host: one space per plugin, a shared event bus, two versions of lib, a denied import', 'host.mjs'],
  ['remote', 'modules from a web server: a lockfile of hashes, a changed file refused, then offline from the cache'],
];

const failed = [];
for (const [name, summary, file = 'main.mjs'] of examples) {
  const entry = fileURLToPath(new URL(`./${name}/${file}`, import.meta.url));
  console.log(`\n=== ${name}: ${summary}`);
  console.log(`$ node examples/${name}/${file}\n`);
  // The child writes straight to our stdout/stderr, so output stays in order.
  const result = spawnSync(process.execPath, [entry], { stdio: 'inherit', timeout: 60_000 });
  if (result.status !== 0) {
    const why = result.error?.message ?? (result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`);
    console.error(`\n!!! example ${name} failed: ${why}`);
    failed.push(name);
  }
}

console.log(`\n${examples.length - failed.length}/${examples.length} examples ran successfully${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
process.exitCode = failed.length ? 1 : 0;
