/**
 * Writes a file so that readers, in this process or another, see either the
 * old content or the new one, never a half-written file: write a temporary
 * file beside it, then rename over it (atomic within one file system). With
 * `durable`, the bytes reach the disk before the rename, so a power loss
 * cannot leave the new name on an empty file either.
 */
import { crypto } from '../builtins.js';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeFileAtomic(path: string, data: string | Uint8Array, options: { durable?: boolean } = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${crypto().randomBytes(6).toString('hex')}.tmp`;
  try {
    if (options.durable) {
      const fd = openSync(temporary, 'w');
      try {
        writeFileSync(fd, data);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } else {
      writeFileSync(temporary, data);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
