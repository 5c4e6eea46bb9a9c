// Chinese numerals as used in clause numbering: 一 … 十, 十一, 二十三, 一百零五, 两千.

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

export const CN_NUMERAL = "[零〇一二两三四五六七八九十百千]+";

/** Value of a Chinese or Arabic numeral; NaN when it is neither. */
export function numeralValue(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let digit = -1;
  for (const ch of text) {
    if (ch in DIGITS) {
      digit = DIGITS[ch];
    } else if (ch in UNITS) {
      total += (digit < 0 ? 1 : digit) * UNITS[ch];
      digit = -1;
    } else {
      return NaN;
    }
  }
  return total + (digit < 0 ? 0 : digit);
}
