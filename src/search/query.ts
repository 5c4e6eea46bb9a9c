// A question as the engine sees it: normalised (NFKC, lower case, simplified characters),
// segmented into index words, question words dropped, synonyms added at a lower weight than
// the user's own words, and the places it names.
import { findPlaces, type Mention } from "../shared/regions.js";
import type { LoadedIndex } from "./load-index.js";
import { normaliseForSearch } from "./normalise.js";
import { QUESTION_WORDS } from "./question-words.js";
import { toSimplified } from "./t2s.js";
import { corpusStats } from "./stats.js";
import { wordTokens } from "./tokens.js";

/** An expansion counts this much of a word the user typed. */
export const SYNONYM_WEIGHT = 0.4;

export interface QueryTerm {
  term: string;
  weight: number;
  /** The user's own word (true) or a synonym's (false). */
  original: boolean;
  /** For an expansion: the user's word it stands in for. */
  of?: string;
}

export interface AnalysedQuery {
  raw: string;
  /** Normalised, simplified text. */
  text: string;
  terms: QueryTerm[];
  places: Mention[];
}

export function analyseQuery(index: LoadedIndex, raw: string): AnalysedQuery {
  const text = toSimplified(normaliseForSearch(raw)).replace(/\s+/g, " ").trim();
  const cut = (t: string, hmm: boolean) => index.segmenter.cutForSearch(t, hmm);
  const stats = corpusStats(index);
  const tokens = [...new Set(wordTokens(cut, text).flatMap((t) => (stats.wordDf(t) > 0 ? [t] : unglue(index, t))))];
  // search mode also yields the pieces of a question word ("一部分" → 一部, 部分): they go with it
  const asked = tokens.filter((t) => QUESTION_WORDS.has(t));
  const originals = tokens.filter((t) => !QUESTION_WORDS.has(t) && !asked.some((q) => q.length > t.length && q.includes(t)));
  const terms: QueryTerm[] = originals.map((term) => ({ term, weight: 1, original: true }));
  const seen = new Set(originals);
  for (const word of originals) {
    // the user's word is not in the corpus (高企, 老公): its synonyms are the only way to it, at full weight
    const weight = stats.wordDf(word) > 0 ? SYNONYM_WEIGHT : 1;
    for (const { of, tokens } of expansions(index, word)) {
      for (const term of tokens) {
        if (seen.has(term)) continue;
        seen.add(term);
        terms.push({ term, weight, original: false, of });
      }
    }
  }
  return { raw, text, terms, places: findPlaces(text, { countyShortForms: false }) };
}

/**
 * The HMM glues characters the dictionary does not know into new words; in a question these
 * are mostly fragments of colloquial speech ("办几期", "要交", "会涨"). Such a token, when
 * the corpus does not have it, is taken character by character, so that its question words
 * drop out and the rest can match.
 */
function unglue(index: LoadedIndex, token: string): string[] {
  if ([...token].length < 2 || /^[\p{N}a-z.]+$/u.test(token)) return [token];
  const pieces = index.segmenter.cut(token, false);
  return pieces.length > 1 && pieces.every((p) => [...p].length === 1) ? pieces : [token];
}

interface Expansion {
  of: string;
  /** The synonym's index words (question words removed). */
  tokens: string[];
}

const expansionCache = new WeakMap<LoadedIndex, Map<string, Expansion[]>>();

/** The synonyms of a word, segmented into index words once per index and cached. */
function expansions(index: LoadedIndex, word: string): Expansion[] {
  let cache = expansionCache.get(index);
  if (!cache) expansionCache.set(index, (cache = new Map()));
  let found = cache.get(word);
  if (!found) {
    const cut = (t: string, hmm: boolean) => index.segmenter.cutForSearch(t, hmm);
    found = [];
    for (const group of index.synonyms) {
      if (!group.includes(word)) continue;
      for (const synonym of group) {
        // a longer phrase holding the word itself (稳岗 → 稳岗补贴) adds only its qualifiers (补贴): not a synonym
        if (synonym === word || synonym.includes(word)) continue;
        found.push({ of: word, tokens: wordTokens(cut, synonym).filter((t) => !QUESTION_WORDS.has(t)) });
      }
    }
    cache.set(word, found);
  }
  return found;
}
