// Runs every test/*.test.mjs in its own process (two at a time: the machine
// has two cores), prints each file's output, and ends with one plain line
// "N passed, N failed" that CI reads. Exit code 1 if anything failed.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2];
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.test.mjs') && (!filter || name.includes(filter)))
  .sort();
const CONCURRENCY = 2;

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function runFile(name) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [name], { cwd: dir, env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      const number = (label) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(output)?.[1] ?? 0);
      const total = number('Total');
      const ok = number('Passed');
      const skip = number('Skipped');
      passed += ok;
      skipped += skip;
      // A crash before uvu's summary still counts as one failure.
      const bad = code === 0 ? total - ok - skip : Math.max(1, total - ok - skip);
      failed += bad;
      if (bad > 0) failures.push(name);
      process.stdout.write(`\n# ${name} (exit ${code})\n${output}`);
      resolve();
    });
  });
}

const queue = [...files];
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (queue.length) await runFile(queue.shift());
  }),
);

console.log(`\nNode ${process.version}: ${files.length} files${failures.length ? `; failed: ${failures.join(', ')}` : ''}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 ? 1 : 0;
