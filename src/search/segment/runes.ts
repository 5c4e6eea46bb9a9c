// cppjieba works on Unicode code points ("runes") decoded from UTF-8. nodejieba receives
// the JS string as UTF-8 from N-API, which replaces lone surrogates with U+FFFD; we do the
// same, so a rune here is exactly one cppjieba rune and tokens are joined runes.

export interface Runes {
  /** One string per code point (1 or 2 UTF-16 units). */
  chars: string[];
  /** The code point of each rune. */
  cps: number[];
}

export function toRunes(text: string): Runes {
  const chars: string[] = [];
  const cps: number[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        chars.push(text.slice(i, i + 2));
        cps.push(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      chars.push("\ufffd");
      cps.push(0xfffd);
    } else {
      chars.push(text[i]);
      cps.push(c);
    }
  }
  return { chars, cps };
}

/** cppjieba SPECIAL_SEPARATORS: " \t\n，。" (space, tab, LF, U+FF0C, U+3002). Not "\r". */
export function isSeparator(cp: number): boolean {
  return cp === 0x20 || cp === 0x09 || cp === 0x0a || cp === 0xff0c || cp === 0x3002;
}

/**
 * cppjieba PreFilter: yields [begin, end) ranges. Every separator rune is a range of its own;
 * everything between separators is one range.
 */
export function preFilter(cps: number[]): [number, number][] {
  const ranges: [number, number][] = [];
  const n = cps.length;
  let cursor = 0;
  while (cursor < n) {
    const begin = cursor;
    let end = n;
    while (cursor < n) {
      if (isSeparator(cps[cursor])) {
        if (begin === cursor) cursor++;
        end = cursor;
        break;
      }
      cursor++;
    }
    ranges.push([begin, end]);
  }
  return ranges;
}
