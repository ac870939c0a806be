/**
 * Writes a file so that readers, in this process or another, see either the
 * old content or the new one, never a half-written file: write a temporary
 * file beside it, then rename over it (atomic within one file system).
 */
import { crypto } from '../builtins.js';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${crypto().randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
