// Helpers of the bench runner: child processes, statistics, tables.
import { spawn } from 'node:child_process';

/** The environment children run with: nothing inherited that changes module loading. */
export function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const name of ['NODE_OPTIONS', 'NODE_COMPILE_CACHE', 'MODSPACE_HOOKS', 'NODE_V8_COVERAGE', 'NODE_DEBUG', 'MODSPACE_CACHE_DIR']) delete env[name];
  // No transform cache on disk unless a benchmark asks for one (P6b measures it separately).
  return { ...env, MODSPACE_CACHE: '0', ...extra };
}

/**
 * Runs `node ...args` (default: this Node) and resolves with the last JSON line it
 * printed, plus the wall time the parent saw from spawn to exit.
 */
export function runNode(args, { env = cleanEnv(), cwd, node = process.execPath } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(node, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e6;
      const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
      if (code !== 0 || line === undefined) {
        reject(new Error(`child failed (${signal ?? `exit ${code}`}): node ${args.join(' ')}\n${stderr}${stdout}`));
        return;
      }
      resolve({ ...JSON.parse(line), wall, stderr });
    });
  });
}

/** Runs tasks with at most `limit` at a time (memory measurements only: timing runs stay serial). */
export async function pool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const at = next++;
        results[at] = await tasks[at]();
      }
    }),
  );
  return results;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.ceil(at)] - sorted[low]) * (at - low);
}

export const fmt = {
  ms: (v) => `${v.toFixed(1)} ms`,
  us: (v) => `${v.toFixed(1)} µs`,
  ratio: (v) => `${v.toFixed(2)}x`,
  bytes(v) {
    const sign = v < 0 ? '-' : '';
    const a = Math.abs(v);
    if (a >= 1024 * 1024) return `${sign}${(a / 1024 / 1024).toFixed(2)} MiB`;
    if (a >= 1024) return `${sign}${(a / 1024).toFixed(1)} KiB`;
    return `${sign}${a.toFixed(0)} B`;
  },
  range: (values, f) => `${f(Math.min(...values))} – ${f(Math.max(...values))}`,
};

/** A plain-text table: header row, then rows; columns padded to fit. */
export function table(header, rows) {
  const all = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

/** Target verdict text. */
export function verdict(ratio, target) {
  return ratio <= target ? `met (≤ ${target}x)` : `MISSED (> ${target}x)`;
}
