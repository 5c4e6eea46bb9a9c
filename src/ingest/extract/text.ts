// Plain-text bytes → string: UTF-8 (BOM or not), UTF-16 with a BOM, else GB18030 (GBK), which
// Chinese government sites and Windows Notepad still produce. workerd's TextDecoder knows
// gb18030 (checked by test/worker/extract.test.ts).
import { ENCODING, GB18030_UNAVAILABLE, tooMuchText } from "./failures.js";
import type { Parsed } from "./types.js";

/** A decoded text with more control characters than this share is binary, not text. */
const MAX_CONTROL_SHARE = 0.1;
/**
 * Decoding stops once the text is this many times the text cap: no normalising or Markdown
 * stripping removes three quarters of a real document, so it is too long whatever follows.
 */
const SOURCE_FACTOR = 4;
/**
 * Bytes decoded at a time: workerd's TextDecoder needs ~12× the input in memory for one call
 * (measured: +125 MB for 10 MB of UTF-8), so large files go in 1 MB pieces.
 */
const PIECE = 1024 * 1024;

export const UTF16_NOTE = "已按 UTF-16 编码读取";
export const GB18030_NOTE = "已按 GB18030（GBK）编码读取：文件不是 UTF-8，请在预览中抽查几段文字是否正确";

/** `maxTextChars`: the text cap, for refusing a text that is far over it before it is all decoded. */
export function decodeText(bytes: Uint8Array, maxTextChars = Infinity): Parsed {
  const stopAfter = SOURCE_FACTOR * maxTextChars;
  if (bytes.length === 0) return { ok: true, text: "", notes: [] };
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return decode("utf-8", bytes.subarray(3), [], stopAfter, maxTextChars);
  if (startsWith(bytes, [0xff, 0xfe])) return decode("utf-16le", bytes.subarray(2), [UTF16_NOTE], stopAfter, maxTextChars);
  if (startsWith(bytes, [0xfe, 0xff])) return decode("utf-16be", bytes.subarray(2), [UTF16_NOTE], stopAfter, maxTextChars);
  const utf8 = decode("utf-8", bytes, [], stopAfter, maxTextChars);
  // NUL bytes never occur in UTF-8 or GB18030 text: a binary, or UTF-16 without a BOM.
  if (utf8.ok || utf8 !== ENCODING || bytes.includes(0)) return utf8;
  if (!supports("gb18030")) return GB18030_UNAVAILABLE;
  return decode("gb18030", bytes, [GB18030_NOTE], stopAfter, maxTextChars);
}

function decode(label: string, bytes: Uint8Array, notes: string[], stopAfter: number, maxTextChars: number): Parsed {
  const decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  const pieces: string[] = [];
  let length = 0;
  let controls = 0;
  try {
    for (let at = 0; at < bytes.length; at += PIECE) {
      const piece = decoder.decode(bytes.subarray(at, at + PIECE), { stream: true });
      pieces.push(piece);
      length += piece.length;
      controls += controlCount(piece);
      if (length > stopAfter) {
        return controls / length > MAX_CONTROL_SHARE ? ENCODING : tooMuchText(maxTextChars, { atLeast: length });
      }
    }
    const last = decoder.decode();
    pieces.push(last);
    length += last.length;
    controls += controlCount(last);
  } catch {
    return ENCODING;
  }
  return length > 0 && controls / length > MAX_CONTROL_SHARE ? ENCODING : { ok: true, text: pieces.join(""), notes };
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
function controlCount(text: string): number {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x08 || (c >= 0x0e && c <= 0x1f)) controls++;
  }
  return controls;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}
