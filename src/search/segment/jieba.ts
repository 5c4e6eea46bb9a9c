// Edge-safe re-implementation of nodejieba 3.5.8 / cppjieba segmentation (plain JS, no
// native code, no Node APIs). With a lexicon exported by src/ingest/segment/lexicon-export.ts,
// cut()/cutForSearch() return exactly what nodejieba.cut()/cutForSearch() return for any text
// whose dictionary words are all in the lexicon (always true for the corpus it was built from).
//
// NB: like nodejieba, `hmm` defaults to false: nodejieba.cut(text) is MixSegment with
// hmm=false, i.e. pure max-probability segmentation (no HMM, so "2017" -> "2","0","1","7").

import { buildDict, lookup, type Dict } from "./dict";
import { buildHmm, type HmmModel } from "./hmm";
import { assertLexicon, type Lexicon } from "./lexicon";
import type { Span } from "./mp";
import { mixCut, queryCut, type CutContext, type RangeCut } from "./query";
import { preFilter, toRunes } from "./runes";

export type { Lexicon } from "./lexicon";

export interface Segmenter {
  /** = nodejieba.cut(text, hmm) */
  cut(text: string, hmm?: boolean): string[];
  /** = nodejieba.cutForSearch(text, hmm) */
  cutForSearch(text: string, hmm?: boolean): string[];
  /** The word's log-probability in the dictionary (cppjieba's weight), undefined if not a word. */
  wordWeight(word: string): number | undefined;
}

function run(cutRange: RangeCut, dict: Dict, model: () => HmmModel, text: string, hmm: boolean): string[] {
  const { chars, cps } = toRunes(text);
  const ctx: CutContext = { dict, model, chars, cps };
  const spans: Span[] = [];
  for (const [b, e] of preFilter(cps)) cutRange(ctx, b, e, hmm, spans);
  return spans.map(([l, r]) => (l === r ? chars[l] : chars.slice(l, r + 1).join("")));
}

export function createSegmenter(lexicon: Lexicon): Segmenter {
  assertLexicon(lexicon);
  const dict = buildDict(lexicon);
  // The HMM is only used with hmm=true (not nodejieba's default): build it lazily.
  let hmmModel: HmmModel | undefined;
  const model = () => (hmmModel ??= buildHmm(lexicon.hmm));
  return {
    cut: (text, hmm = false) => run(mixCut, dict, model, text, hmm),
    cutForSearch: (text, hmm = false) => run(queryCut, dict, model, text, hmm),
    wordWeight: (word) => lookup(dict, word) ?? undefined,
  };
}
