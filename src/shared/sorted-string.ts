// Binary search in a generated string of sorted code points: a lookup table that costs
// nothing to load (no Map to build at cold start).

/**
 * The index of code point c in s, whose code points are sorted and each `width` code
 * units long (1 in the BMP, 2 beyond), or -1.
 */
export function indexInSorted(s: string, c: number, width: 1 | 2 = 1): number {
  let lo = 0;
  let hi = s.length / width - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = s.codePointAt(mid * width)!;
    if (m < c) lo = mid + 1;
    else if (m > c) hi = mid - 1;
    else return mid;
  }
  return -1;
}
