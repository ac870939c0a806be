/**
 * The files and folders of an uncompressed tar held in memory, found by one
 * walk over its 512-byte headers; an entry's bytes are copied out when asked
 * for. Understands what npm and common tars write: ustar (name + prefix), pax
 * `path`/`size` records, GNU long names, base-256 sizes. Links, devices and
 * other special entries are left out. Errors are plain: the caller knows which
 * file it read and words the report.
 */
import type { ArchiveEntry } from './archive.js';

const BLOCK = 512;
const FILE_TYPES = new Set(['0', '\0', '7']);
const FOLDER_TYPE = '5';
const PAX_NEXT = 'x';
const GNU_LONG_NAME = 'L';

const text = new TextDecoder();

export function tarEntries(input: Uint8Array): ArchiveEntry[] {
  // A plain Uint8Array view, so that `slice` copies (Buffer's `slice` does not).
  const tar = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (tar.byteLength < BLOCK) throw new Error('not a tar file (too short)');
  const entries: ArchiveEntry[] = [];
  let next: { path?: string; size?: number } = {}; // what a pax or GNU header says of the entry after it
  for (let offset = 0; offset + BLOCK <= tar.byteLength; ) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break; // the end-of-archive blocks
    if (!checksumMatches(header)) throw new Error(offset === 0 ? 'not a tar file (bad header checksum)' : `corrupt tar header at byte ${offset}`);
    const type = String.fromCharCode(header[156] ?? 0);
    const size = next.size ?? number(header.subarray(124, 136));
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`corrupt tar header at byte ${offset}`);
    const start = offset + BLOCK;
    if (start + size > tar.byteLength) throw new Error('truncated tar');
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    const body = tar.subarray(start, start + size);
    if (type === PAX_NEXT) {
      next = paxRecords(body);
      continue;
    }
    if (type === GNU_LONG_NAME) {
      next = { ...next, path: string(body) };
      continue;
    }
    const name = next.path ?? headerName(header);
    next = {};
    if (type === FOLDER_TYPE) entries.push({ name: name.endsWith('/') ? name : `${name}/`, size: 0, read: undefined });
    else if (FILE_TYPES.has(type)) entries.push({ name, size, read: () => tar.slice(start, start + size) });
  }
  return entries;
}

function headerName(header: Uint8Array): string {
  const name = string(header.subarray(0, 100));
  // Only POSIX ustar ("ustar\0") has a prefix field; GNU's "ustar  " uses those bytes for other things.
  const posix = string(header.subarray(257, 263)) === 'ustar';
  const prefix = posix ? string(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** The header's checksum field counts its own eight bytes as spaces. */
function checksumMatches(header: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  return sum === number(header.subarray(148, 156));
}

/** Octal ASCII, or big-endian base 256 when the high bit of the first byte is set (GNU, for large values). */
function number(field: Uint8Array): number {
  if (((field[0] ?? 0) & 0x80) !== 0) {
    let value = (field[0] ?? 0) & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    return value;
  }
  const digits = string(field).trim();
  return digits === '' ? 0 : Number.parseInt(digits, 8);
}

/** pax records: `<length> <key>=<value>\n`, the length counting the whole record. */
function paxRecords(body: Uint8Array): { path?: string; size?: number } {
  const found: { path?: string; size?: number } = {};
  for (let at = 0; at < body.length; ) {
    const space = body.indexOf(0x20, at);
    const length = space === -1 ? Number.NaN : Number.parseInt(text.decode(body.subarray(at, space)), 10);
    if (!(length > 0) || at + length > body.length) throw new Error('corrupt pax header');
    const record = text.decode(body.subarray(space + 1, at + length - 1)); // without the newline
    at += length;
    const equals = record.indexOf('=');
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if (key === 'path') found.path = value;
    else if (key === 'size') found.size = Number(value);
  }
  return found;
}

/** A NUL-terminated header field. */
function string(field: Uint8Array): string {
  const end = field.indexOf(0);
  return text.decode(end === -1 ? field : field.subarray(0, end));
}
