// cppjieba MixSegment (MP, then HMM on runs of single runes) and QuerySegment
// (MixSegment plus the dictionary 2-grams and 3-grams inside long words).

import { type Dict, isWord } from "./dict";
import { hmmCut, type HmmModel } from "./hmm";
import { mpCut, type Span } from "./mp";

/** MixSegment::Cut(begin, end, res, hmm). `model` is built on first use (hmm=true). */
export function mixCut(
  dict: Dict,
  model: () => HmmModel,
  chars: string[],
  cps: number[],
  begin: number,
  end: number,
  hmm: boolean,
  out: Span[],
): void {
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
}

/** QuerySegment::Cut(begin, end, res, hmm). */
export function queryCut(
  dict: Dict,
  model: () => HmmModel,
  chars: string[],
  cps: number[],
  begin: number,
  end: number,
  hmm: boolean,
  out: Span[],
): void {
  const mix: Span[] = [];
  mixCut(dict, model, chars, cps, begin, end, hmm, mix);
  for (const w of mix) {
    const len = w[1] - w[0] + 1;
    if (len > 2) {
      for (let i = 0; i + 1 < len; i++) {
        if (isWord(dict, chars, w[0] + i, w[0] + i + 1)) out.push([w[0] + i, w[0] + i + 1]);
      }
    }
    if (len > 3) {
      for (let i = 0; i + 2 < len; i++) {
        if (isWord(dict, chars, w[0] + i, w[0] + i + 2)) out.push([w[0] + i, w[0] + i + 2]);
      }
    }
    out.push(w);
  }
}
