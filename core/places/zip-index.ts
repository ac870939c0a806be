/**
 * The entries of a zip held in memory, through adm-zip: a maintained,
 * dependency-free, synchronous reader that parses the central directory
 * once and inflates an entry only when it is read (with Node's zlib, its
 * output bounded by the declared size: adm-zip 0.6.1 and later). Errors are
 * plain: the caller knows which file it read and words the report.
 */
import { createRequire } from 'node:module';
import type AdmZipClass from 'adm-zip';
import type { ArchiveEntry } from './archive.js';

let AdmZip: typeof AdmZipClass | undefined;

export function zipEntries(zip: Uint8Array): ArchiveEntry[] {
  // adm-zip (16 CommonJS files) loads on the first zip opened: registering the hooks must stay cheap for everyone else.
  AdmZip ??= createRequire(import.meta.url)('adm-zip') as typeof AdmZipClass;
  const archive = new AdmZip(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength));
  return archive.getEntries().map((entry) => {
    if (entry.isDirectory) return { name: entry.entryName, size: 0, read: undefined };
    const size = entry.header.size;
    return {
      name: entry.entryName,
      size,
      read: () => {
        if (entry.header.encrypted) throw new Error('the entry is encrypted');
        try {
          return entry.getData();
        } catch (error) {
          // zlib's maxOutputLength, set by adm-zip to the declared size: the entry lies about its size.
          if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`the entry inflates to more than its declared ${size} bytes`);
          throw error;
        }
      },
    };
  });
}
