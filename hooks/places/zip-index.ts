/**
 * The entries of a zip held in memory, through adm-zip: a maintained,
 * dependency-free, synchronous reader that parses the central directory
 * once and inflates an entry only when it is read (with Node's zlib, its
 * output bounded by the declared size). Errors are plain: the caller knows
 * which file it read and words the report.
 */
import AdmZip from 'adm-zip';
import type { ArchiveEntry } from './archive.js';

export function zipEntries(zip: Uint8Array): ArchiveEntry[] {
  const archive = new AdmZip(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength));
  return archive.getEntries().map((entry) => {
    if (entry.isDirectory) return { name: entry.entryName, read: undefined };
    return {
      name: entry.entryName,
      read: () => {
        if (entry.header.encrypted) throw new Error('the entry is encrypted');
        return entry.getData();
      },
    };
  });
}
