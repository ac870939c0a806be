/**
 * Where runner spaces keep transforms between processes. `MODSPACE_CACHE_DIR`
 * names a folder; otherwise `node_modules/.cache/modspace` under the working
 * directory, when it has a `node_modules` (the place build tools use; nothing
 * is written into a folder that has none); `MODSPACE_CACHE=0` turns it off.
 * Entries are salted with the runner's own code, so a changed transform
 * never reads another's entries.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformStore, type TransformStore } from '../runner/transform-store.js';

let chosen: TransformStore | null | undefined;

export function runnerTransformStore(): TransformStore | undefined {
  if (chosen === undefined) chosen = choose() ?? null;
  return chosen ?? undefined;
}

function choose(): TransformStore | undefined {
  if (/^(?:0|false|no|off)$/i.test(process.env.MODSPACE_CACHE ?? '')) return undefined;
  const named = process.env.MODSPACE_CACHE_DIR;
  const modules = join(process.cwd(), 'node_modules');
  const dir = named ? resolve(named) : existsSync(modules) ? join(modules, '.cache', 'modspace') : undefined;
  return dir === undefined ? undefined : transformStore(join(dir, 'transforms'), runnerSalt());
}

/** A hash of the runner's compiled files: what makes a transform. */
function runnerSalt(): string {
  const runner = fileURLToPath(new URL('../runner/', import.meta.url));
  const hash = createHash('sha256');
  for (const name of readdirSync(runner).filter((file) => file.endsWith('.js')).sort()) hash.update(name).update(readFileSync(join(runner, name)));
  return hash.digest('hex').slice(0, 16);
}
