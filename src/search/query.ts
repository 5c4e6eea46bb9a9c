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
import type { Segmenter } from "./segment/jieba.js";

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

/** What a question is analysed with: the index's segmenter and synonym groups. */
export interface QueryContext {
  segmenter: Segmenter;
  synonyms: string[][];
}

/**
 * The first step, which needs nothing of the corpus: the question's text, its tokens, each
 * token's pieces should the corpus not have it, and every word the second step may ask the
 * corpus about (tokens, pieces, and their synonyms' words). An index that lives elsewhere
 * (src/search/source.ts) fetches these words' postings between the two steps, at once.
 */
export interface QueryWords {
  raw: string;
  text: string;
  tokens: string[];
  pieces: Map<string, string[]>;
  /** Every word analyseWords may look up (for its df), and the terms it may return. */
  words: string[];
  /** Of those, the user's own (tokens and their pieces): the only ones whose bigrams the ranking reads. */
  own: string[];
}

export function questionWords(ctx: QueryContext, raw: string): QueryWords {
  const text = toSimplified(normaliseForSearch(raw)).replace(/\s+/g, " ").trim();
  const cut = (t: string, hmm: boolean) => ctx.segmenter.cutForSearch(t, hmm);
  const tokens = wordTokens(cut, text);
  const pieces = new Map(tokens.map((t) => [t, unglue(ctx, t)]));
  const own = [...new Set([...tokens, ...[...pieces.values()].flat()])];
  const words = new Set(own);
  for (const w of own) for (const e of expansions(ctx, w)) for (const t of e.tokens) words.add(t);
  return { raw, text, tokens, pieces, words: [...words], own };
}

/** The second step: with each word's df (how many clauses hold it), the question's terms and places. */
export function analyseWords(ctx: QueryContext, q: QueryWords, wordDf: (word: string) => number): AnalysedQuery {
  const tokens = [...new Set(q.tokens.flatMap((t) => (wordDf(t) > 0 ? [t] : q.pieces.get(t)!)))];
  // search mode also yields the pieces of a question word ("一部分" → 一部, 部分): they go with it
  const asked = tokens.filter((t) => QUESTION_WORDS.has(t));
  const originals = tokens.filter((t) => !QUESTION_WORDS.has(t) && !asked.some((a) => a.length > t.length && a.includes(t)));
  const terms: QueryTerm[] = originals.map((term) => ({ term, weight: 1, original: true }));
  const seen = new Set(originals);
  for (const word of originals) {
    // the user's word is not in the corpus (高企, 老公): its synonyms are the only way to it, at full weight
    const weight = wordDf(word) > 0 ? SYNONYM_WEIGHT : 1;
    for (const { of, tokens } of expansions(ctx, word)) {
      for (const term of tokens) {
        if (seen.has(term)) continue;
        seen.add(term);
        terms.push({ term, weight, original: false, of });
      }
    }
  }
  return { raw: q.raw, text: q.text, terms, places: findPlaces(q.text, { countyShortForms: false }) };
}

/** Both steps over an index in memory. */
export function analyseQuery(index: LoadedIndex, raw: string): AnalysedQuery {
  const stats = corpusStats(index);
  return analyseWords(index, questionWords(index, raw), (w) => stats.wordDf(w));
}

/**
 * The HMM glues characters the dictionary does not know into new words; in a question these
 * are mostly fragments of colloquial speech ("办几期", "要交", "会涨"). Such a token, when
 * the corpus does not have it, is taken character by character, so that its question words
 * drop out and the rest can match.
 */
function unglue(ctx: QueryContext, token: string): string[] {
  if ([...token].length < 2 || /^[\p{N}a-z.]+$/u.test(token)) return [token];
  const pieces = ctx.segmenter.cut(token, false);
  return pieces.length > 1 && pieces.every((p) => [...p].length === 1) ? pieces : [token];
}

interface Expansion {
  of: string;
  /** The synonym's index words (question words removed). */
  tokens: string[];
}

const expansionCache = new WeakMap<Segmenter, WeakMap<string[][], Map<string, Expansion[]>>>();

/** The synonyms of a word, segmented into index words once per segmenter and synonym table, and cached. */
function expansions(ctx: QueryContext, word: string): Expansion[] {
  let bySynonyms = expansionCache.get(ctx.segmenter);
  if (!bySynonyms) expansionCache.set(ctx.segmenter, (bySynonyms = new WeakMap()));
  let cache = bySynonyms.get(ctx.synonyms);
  if (!cache) bySynonyms.set(ctx.synonyms, (cache = new Map()));
  let found = cache.get(word);
  if (!found) {
    const cut = (t: string, hmm: boolean) => ctx.segmenter.cutForSearch(t, hmm);
    found = [];
    for (const group of ctx.synonyms) {
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
