/**
 * The entries of a zip held in memory, read from its central directory in
 * one pass; an entry's bytes are inflated only when asked for. Node's zlib
 * does the inflating; this module only walks the directory records (PKWARE's
 * APPNOTE, with the zip64 fields a large archive needs). Errors are plain:
 * the caller knows which file it read and words the report.
 */
import { inflateRawSync } from 'node:zlib';
import type { ArchiveEntry } from './archive.js';

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const DIRECTORY_RECORD = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const ZIP64_EXTRA = 0x0001;
const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED = 0x1;
const UTF8_NAME = 0x800;
/** A field saturated to this value is carried in the zip64 extra field. */
const SATURATED = 0xffffffff;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

export function zipEntries(zip: Uint8Array): ArchiveEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let { count, offset } = directoryLocation(view);
  const entries: ArchiveEntry[] = [];
  for (let i = 0; i < count; i++) {
    need(view, offset, 46);
    if (view.getUint32(offset, true) !== DIRECTORY_RECORD) throw new Error('corrupt central directory');
    const flags = view.getUint16(offset + 8, true);
    const method = view.getUint16(offset + 10, true);
    let compressedSize = view.getUint32(offset + 20, true);
    let size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    let headerOffset = view.getUint32(offset + 42, true);
    need(view, offset + 46, nameLength + extraLength);
    const name = decodeName(zip.subarray(offset + 46, offset + 46 + nameLength), (flags & UTF8_NAME) !== 0);
    // zip64: the saturated fields follow in the extra field, in this order.
    if (size === SATURATED || compressedSize === SATURATED || headerOffset === SATURATED) {
      let at = zip64Extra(view, offset + 46 + nameLength, extraLength);
      if (size === SATURATED) {
        size = u64(view, at);
        at += 8;
      }
      if (compressedSize === SATURATED) {
        compressedSize = u64(view, at);
        at += 8;
      }
      if (headerOffset === SATURATED) headerOffset = u64(view, at);
    }
    offset += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) {
      entries.push({ name, read: undefined });
      continue;
    }
    const where = { headerOffset, compressedSize, size };
    entries.push({ name, read: () => readEntry(zip, view, where, method, flags) });
  }
  return entries;
}

function directoryLocation(view: DataView): { count: number; offset: number } {
  // The end record is last but for a comment of at most 64 KiB.
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  let end = view.byteLength - 22;
  while (end >= lowest && view.getUint32(end, true) !== END_OF_DIRECTORY) end--;
  if (end < lowest) throw new Error('not a zip file (no end of central directory)');
  const count = view.getUint16(end + 10, true);
  const offset = view.getUint32(end + 16, true);
  const locator = end - 20;
  if (locator >= 0 && view.getUint32(locator, true) === ZIP64_LOCATOR) {
    const end64 = u64(view, locator + 8);
    need(view, end64, 56);
    if (view.getUint32(end64, true) !== ZIP64_END_OF_DIRECTORY) throw new Error('corrupt zip64 end of central directory');
    return { count: u64(view, end64 + 32), offset: u64(view, end64 + 48) };
  }
  return { count, offset };
}

function zip64Extra(view: DataView, start: number, length: number): number {
  for (let at = start; at + 4 <= start + length; ) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === ZIP64_EXTRA) return at + 4;
    at += 4 + size;
  }
  throw new Error('corrupt zip64 entry (no zip64 extra field)');
}

function readEntry(
  zip: Uint8Array,
  view: DataView,
  { headerOffset, compressedSize, size }: { headerOffset: number; compressedSize: number; size: number },
  method: number,
  flags: number,
): Uint8Array {
  if (flags & ENCRYPTED) throw new Error('the entry is encrypted');
  need(view, headerOffset, 30);
  if (view.getUint32(headerOffset, true) !== LOCAL_HEADER) throw new Error('corrupt local header');
  // The local name and extra field may differ in length from the central ones.
  const start = headerOffset + 30 + view.getUint16(headerOffset + 26, true) + view.getUint16(headerOffset + 28, true);
  need(view, start, compressedSize);
  const data = zip.subarray(start, start + compressedSize);
  if (method === STORED) return data.slice();
  if (method !== DEFLATED) throw new Error(`unsupported compression method ${method}`);
  // The declared size bounds the output: a lying entry cannot balloon memory.
  const bytes = inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
  if (bytes.byteLength !== size) throw new Error('corrupt entry (inflated size differs from the declared one)');
  return bytes;
}

/** Names are UTF-8 when flagged; unflagged ones are too in practice (macOS, Java), else CP437, read here as Latin-1. */
function decodeName(bytes: Uint8Array, flagged: boolean): string {
  if (flagged) return utf8.decode(bytes);
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

function u64(view: DataView, at: number): number {
  need(view, at, 8);
  const value = view.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('corrupt zip64 field');
  return Number(value);
}

function need(view: DataView, at: number, length: number): void {
  if (at < 0 || at + length > view.byteLength) throw new Error('corrupt or truncated zip');
}
