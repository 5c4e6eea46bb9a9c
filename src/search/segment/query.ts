// cppjieba MixSegment (MP, then HMM on runs of single runes) and QuerySegment
// (MixSegment plus the dictionary 2-grams and 3-grams inside long words).

import { type Dict, isWord } from "./dict";
import { hmmCut, type HmmModel } from "./hmm";
import { mpCut, type Span } from "./mp";

/** What a cut over one text needs: the dictionary, the HMM (built on first use), the runes. */
export interface CutContext {
  dict: Dict;
  model: () => HmmModel;
  chars: string[];
  cps: number[];
}

export type RangeCut = (ctx: CutContext, begin: number, end: number, hmm: boolean, out: Span[]) => void;

/** MixSegment::Cut(begin, end, res, hmm). */
export const mixCut: RangeCut = ({ dict, model, chars, cps }, begin, end, hmm, out) => {
  if (!hmm) {
    mpCut(dict, chars, begin, end, out);
    return;
  }
  const words: Span[] = [];
  mpCut(dict, chars, begin, end, words);
  // A single rune goes to the HMM unless it is a single-rune user-dict word.
  const isLoneSingle = (w: Span) => w[0] === w[1] && !dict.userSingles.has(chars[w[0]]);
  for (let i = 0; i < words.length; i++) {
    if (!isLoneSingle(words[i])) {
      out.push(words[i]);
      continue;
    }
    let j = i;
    while (j < words.length && isLoneSingle(words[j])) j++;
    hmmCut(model(), cps, words[i][0], words[j - 1][0] + 1, out);
    i = j - 1;
  }
};

/** QuerySegment::Cut(begin, end, res, hmm): the dictionary 2-grams of words longer than 2,
 * then the 3-grams of words longer than 3, then the word itself. */
export const queryCut: RangeCut = (ctx, begin, end, hmm, out) => {
  const mix: Span[] = [];
  mixCut(ctx, begin, end, hmm, mix);
  for (const w of mix) {
    const len = w[1] - w[0] + 1;
    for (const n of [2, 3]) {
      if (len <= n) continue;
      for (let i = 0; i + n - 1 < len; i++) {
        if (isWord(ctx.dict, ctx.chars, w[0] + i, w[0] + i + n - 1)) out.push([w[0] + i, w[0] + i + n - 1]);
      }
    }
    out.push(w);
  }
};
