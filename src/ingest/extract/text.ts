// Plain-text bytes → string: UTF-8 (BOM or not), UTF-16 with a BOM, else GB18030 (GBK), which
// Chinese government sites and Windows Notepad still produce. workerd's TextDecoder knows
// gb18030 (checked by test/worker/extract.test.ts).
import { ENCODING, GB18030_UNAVAILABLE } from "./failures.js";
import type { Parsed } from "./types.js";

/** A decoded text with more control characters than this share is binary, not text. */
const MAX_CONTROL_SHARE = 0.1;

const UTF16_NOTE = "已按 UTF-16 编码读取";
const GB18030_NOTE = "已按 GB18030（GBK）编码读取：文件不是 UTF-8，请在预览中抽查几段文字是否正确";

export function decodeText(bytes: Uint8Array): Parsed {
  if (bytes.length === 0) return { ok: true, text: "", notes: [] };
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return decode("utf-8", bytes.subarray(3), []);
  if (startsWith(bytes, [0xff, 0xfe])) return decode("utf-16le", bytes.subarray(2), [UTF16_NOTE]);
  if (startsWith(bytes, [0xfe, 0xff])) return decode("utf-16be", bytes.subarray(2), [UTF16_NOTE]);
  const utf8 = decode("utf-8", bytes, []);
  // NUL bytes never occur in UTF-8 or GB18030 text: a binary, or UTF-16 without a BOM.
  if (utf8.ok || bytes.includes(0)) return utf8;
  if (!supports("gb18030")) return GB18030_UNAVAILABLE;
  return decode("gb18030", bytes, [GB18030_NOTE]);
}

function decode(label: string, bytes: Uint8Array, notes: string[]): Parsed {
  let text: string;
  try {
    text = new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return ENCODING;
  }
  return controlShare(text) > MAX_CONTROL_SHARE ? ENCODING : { ok: true, text, notes };
}

function supports(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/** Counted in a loop: a match array of a 10 MB binary would take hundreds of MB. */
function controlShare(text: string): number {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x08 || (c >= 0x0e && c <= 0x1f)) controls++;
  }
  return text.length === 0 ? 0 : controls / text.length;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}
