// Vitest config of P4's Vitest child: one file, one forked worker (as the
// node:test children are one process), gc exposed for the heap reading.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['p4.test.mjs'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    execArgv: ['--expose-gc'],
    watch: false,
  },
});
