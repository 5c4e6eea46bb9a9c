// Just enough of the zip format for .docx uploads, in plain TypeScript (no Node built-ins: this
// runs in workerd without nodejs_compat): read the central directory (zip64 included) and an
// entry's compressed bytes, and write a zip of stored (uncompressed) entries.

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else is not read here. */
  method: number;
  /** General purpose flags: bit 0 encrypted, bit 3 sizes in a data descriptor, bit 6 strong encryption. */
  flags: number;
  compressedSize: number;
  /** As declared by the central directory: a hostile file can lie. */
  uncompressedSize: number;
  /** Where the entry's local header starts in the file (prepended bytes accounted for). */
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;

/** Encrypted (traditional or strong), or WinZip AES (method 99). */
export function isEncrypted(entry: ZipEntry): boolean {
  return (entry.flags & 0x41) !== 0 || entry.method === 99;
}

/** The entries of the central directory, or undefined when this is not a readable zip. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) return undefined;
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0) return undefined; // multi-disk
  let count = view.getUint16(eocd + 10, true);
  let size = view.getUint32(eocd + 12, true);
  let offset = view.getUint32(eocd + 16, true);
  let end = eocd;

  const locator = eocd - 20;
  if (locator >= 0 && view.getUint32(locator, true) === ZIP64_LOCATOR) {
    const at = uint64(view, locator + 8);
    if (at === undefined || at + 56 > bytes.length || view.getUint32(at, true) !== ZIP64_EOCD) {
      if (count === MAX16 || size === MAX32 || offset === MAX32) return undefined;
    } else {
      const count64 = uint64(view, at + 32);
      const size64 = uint64(view, at + 40);
      const offset64 = uint64(view, at + 48);
      if (count64 === undefined || size64 === undefined || offset64 === undefined) return undefined;
      [count, size, offset, end] = [count64, size64, offset64, at];
    }
  }
  // Bytes before the zip (a self-extractor stub, a mail header) shift every offset.
  if (size > end) return undefined;
  const shift = end - size - offset;
  if (shift < 0) return undefined;

  const entries: ZipEntry[] = [];
  const names = new TextDecoder("utf-8");
  let at = offset + shift;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) return undefined;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > end) return undefined;
    const entry: ZipEntry = {
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      flags: view.getUint16(at + 8, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    };
    if (!applyZip64Extra(view, at + 46 + nameLength, extraLength, entry)) return undefined;
    entry.localHeaderOffset += shift;
    entries.push(entry);
    at = next;
  }
  return entries;
}

/** The entry's bytes as stored (compressed or not), or undefined when they are not in the file. */
export function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) return undefined;
  // The local header's own name and extra lengths (its extra field may differ from the central one).
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  return end <= bytes.length ? bytes.subarray(start, end) : undefined;
}

/** A zip of stored entries (no compression, no data descriptors), as a reader expects it. */
export function storedZip(files: { name: string; data: Uint8Array }[]): Uint8Array {
  const encoder = new TextEncoder();
  const parts = files.map((file) => ({ ...file, nameBytes: encoder.encode(file.name), crc: crc32(file.data) }));
  const localSize = parts.reduce((n, p) => n + 30 + p.nameBytes.length + p.data.length, 0);
  const centralSize = parts.reduce((n, p) => n + 46 + p.nameBytes.length, 0);
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  const offsets: number[] = [];
  for (const p of parts) {
    offsets.push(at);
    view.setUint32(at, LOCAL, true);
    view.setUint16(at + 4, 20, true); // version needed: 2.0
    view.setUint16(at + 6, 0x0800, true); // UTF-8 names
    view.setUint16(at + 8, 0, true); // stored
    view.setUint32(at + 14, p.crc, true);
    view.setUint32(at + 18, p.data.length, true);
    view.setUint32(at + 22, p.data.length, true);
    view.setUint16(at + 26, p.nameBytes.length, true);
    out.set(p.nameBytes, at + 30);
    out.set(p.data, at + 30 + p.nameBytes.length);
    at += 30 + p.nameBytes.length + p.data.length;
  }
  const central = at;
  parts.forEach((p, i) => {
    view.setUint32(at, CENTRAL, true);
    view.setUint16(at + 4, 20, true);
    view.setUint16(at + 6, 20, true);
    view.setUint16(at + 8, 0x0800, true);
    view.setUint32(at + 16, p.crc, true);
    view.setUint32(at + 20, p.data.length, true);
    view.setUint32(at + 24, p.data.length, true);
    view.setUint16(at + 28, p.nameBytes.length, true);
    view.setUint32(at + 42, offsets[i], true);
    out.set(p.nameBytes, at + 46);
    at += 46 + p.nameBytes.length;
  });
  view.setUint32(at, EOCD, true);
  view.setUint16(at + 8, parts.length, true);
  view.setUint16(at + 10, parts.length, true);
  view.setUint32(at + 12, at - central, true);
  view.setUint32(at + 16, central, true);
  return out;
}

let CRC_TABLE: Uint32Array | undefined;

/** CRC-32 of `data`; pass the CRC of what came before to continue it over several chunks. */
export function crc32(data: Uint8Array, previous = 0): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The end of central directory record: searched backwards over the largest possible comment. */
function findEndOfCentralDirectory(view: DataView): number {
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - MAX16; at--) {
    if (view.getUint32(at, true) === EOCD && at + 22 + view.getUint16(at + 20, true) <= view.byteLength) return at;
  }
  return -1;
}

/** Zip64's extra field holds, in this order, the 64-bit values of the fields that say 0xFFFFFFFF. */
function applyZip64Extra(view: DataView, start: number, length: number, entry: ZipEntry): boolean {
  const needs = entry.uncompressedSize === MAX32 || entry.compressedSize === MAX32 || entry.localHeaderOffset === MAX32;
  for (let at = start; at + 4 <= start + length; ) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (at + 4 + size > start + length) break;
    if (id === 0x0001) {
      let field = at + 4;
      const read = (): number | undefined => {
        if (field + 8 > at + 4 + size) return undefined;
        const value = uint64(view, field);
        field += 8;
        return value;
      };
      for (const key of ["uncompressedSize", "compressedSize", "localHeaderOffset"] as const) {
        if (entry[key] !== MAX32) continue;
        const value = read();
        if (value === undefined) return false;
        entry[key] = value;
      }
      return true;
    }
    at += 4 + size;
  }
  return !needs;
}

/** A little-endian 64-bit value, or undefined past 2^53 (no file here is that large). */
function uint64(view: DataView, at: number): number | undefined {
  if (at + 8 > view.byteLength) return undefined;
  const value = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
  return Number.isSafeInteger(value) ? value : undefined;
}
