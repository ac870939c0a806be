// Transforms kept on disk between processes, keyed by a hash of the source
// text: a test run or a server started again skips the parse of every file it
// has seen (the transform is most of a cold import's cost, bench/p6.mjs).
// Best effort: an entry that is missing, unreadable, from another modspace
// version or not of the expected shape is a miss, and a write that fails is
// forgotten.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFile } from 'node:fs';
import { join } from 'node:path';
import type { ModuleTransform } from './transform-types.js';

export interface TransformStore {
  read(source: string, sourceMaps: boolean): ModuleTransform | undefined;
  write(source: string, sourceMaps: boolean, transform: ModuleTransform): void;
}

interface Entry {
  /** The store's salt (the transform's version): another version's entries are misses. */
  salt: string;
  transform: ModuleTransform;
}

/** A store in `dir` (created on first write); `salt` names the transform that made its entries. */
export function transformStore(dir: string, salt: string): TransformStore {
  const made = new Set<string>();
  const pathOf = (source: string, sourceMaps: boolean): [string, string] => {
    const key = createHash('sha256').update(salt).update(sourceMaps ? '\0m\0' : '\0p\0').update(source).digest('hex');
    return [join(dir, key.slice(0, 2)), `${key.slice(2)}.json`];
  };
  let sequence = 0;
  return {
    read(source, sourceMaps) {
      const [folder, name] = pathOf(source, sourceMaps);
      let entry: Entry;
      try {
        entry = JSON.parse(readFileSync(join(folder, name), 'utf8')) as Entry;
      } catch {
        return undefined;
      }
      return entry?.salt === salt && isTransform(entry.transform) ? entry.transform : undefined;
    },
    write(source, sourceMaps, transform) {
      const [folder, name] = pathOf(source, sourceMaps);
      try {
        if (!made.has(folder)) mkdirSync(folder, { recursive: true }), made.add(folder);
      } catch {
        return;
      }
      // Written aside and renamed: a reader (another process) never sees half an entry.
      const aside = join(folder, `.${name}.${process.pid}.${sequence++}`);
      const entry: Entry = { salt, transform };
      writeFile(aside, JSON.stringify(entry), (error) => {
        if (error) return;
        try {
          renameSync(aside, join(folder, name));
        } catch {
          // another process renamed the same entry first: theirs is as good
        }
      });
    },
  };
}

function isTransform(value: unknown): value is ModuleTransform {
  const t = value as Partial<ModuleTransform> | null;
  if (typeof t !== 'object' || t === null || typeof t.code !== 'string' || typeof t.topLevelAwait !== 'boolean') return false;
  const { requests, imports, localExports, indirectExports, starExports } = t;
  if (!Array.isArray(requests) || !Array.isArray(imports) || !Array.isArray(localExports) || !Array.isArray(indirectExports) || !Array.isArray(starExports)) return false;
  // Every field the runner reads, of the type it reads: an entry edited by hand is a miss, not a crash.
  const isRequest = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) < requests.length;
  return (
    requests.every((r) => typeof r?.specifier === 'string' && typeof r.attributes === 'object' && r.attributes !== null) &&
    imports.every((i) => isRequest(i?.request) && typeof i.importName === 'string' && typeof i.localName === 'string') &&
    localExports.every((e) => typeof e?.exportName === 'string' && typeof e.localName === 'string') &&
    indirectExports.every((e) => isRequest(e?.request) && typeof e.exportName === 'string' && typeof e.importName === 'string') &&
    starExports.every(isRequest) &&
    (t.map === undefined || (typeof t.map === 'object' && t.map !== null && typeof t.map.mappings === 'string'))
  );
}
