// cppjieba MPSegment: maximum-probability path over the prefix DAG.

import { buildDag, type Dict, MIN_DOUBLE } from "./dict";

/** A token as an inclusive rune span [left, right] of the sentence (cppjieba WordRange). */
export type Span = [number, number];

/** MPSegment::Cut(begin, end, words): appends spans for runes [begin, end). */
export function mpCut(dict: Dict, chars: string[], begin: number, end: number, out: Span[]): void {
  const dags = buildDag(dict, chars, begin, end);
  const n = dags.length;
  // CalcDP, right to left. best[i] = weight of the best path from i; len[i] = its first word's length.
  const best = new Array<number>(n);
  const len = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const { ends, weights } = dags[i];
    let bestW = MIN_DOUBLE;
    let bestLen = 1; // pInfo == NULL: single rune
    for (let k = 0; k < ends.length; k++) {
      const next = ends[k];
      const w = weights[k];
      // Same operation order as cppjieba: val = 0.0; val += dags[next+1].weight; val += weight.
      let val = 0.0;
      if (next + 1 < n) val += best[next + 1];
      val += w === null ? dict.minWeight : w;
      if (val > bestW) {
        // strict '>': on ties the earlier (shorter) candidate wins
        bestW = val;
        bestLen = w === null ? 1 : next - i + 1;
      }
    }
    best[i] = bestW;
    len[i] = bestLen;
  }
  // CutByDag
  for (let i = 0; i < n; ) {
    out.push([begin + i, begin + i + len[i] - 1]);
    i += len[i];
  }
}
