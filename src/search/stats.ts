// Corpus statistics the ranker needs: document frequencies of words and character bigrams,
// the bigram inverted index (the net for words the two segmentations, or the user and the
// document, cut differently) and average field lengths. Computed once at build time
// (index/stats.json) by the same code; per-clause token lists are derived on demand.
import { allClauses, type StoredClause } from "./db.js";
import type { LoadedIndex } from "./load-index.js";
import { charBigrams } from "./normalise.js";

/** What index/stats.json holds. */
export interface StatsData {
  clauses: number;
  avg: { words: number; heading: number; context: number; grams: number };
  /** Clauses whose words or heading contain the word. */
  wordDf: Record<string, number>;
  /** For each bigram, the positions (in document order) of the clauses that contain it. */
  gramPostings: Record<string, number[]>;
}

export interface ClauseStats {
  clause: StoredClause;
  words: string[];
  heading: string[];
  context: string[];
  /** Bigrams of path, label and text. */
  grams: string[];
}

export interface CorpusStats {
  size: number;
  /** The clause at a position, with its token lists (derived on first use). */
  at(i: number): ClauseStats;
  wordDf(word: string): number;
  gramDf(gram: string): number;
  /** Positions of the clauses containing the bigram. */
  gramPostings(gram: string): readonly number[];
  avg: StatsData["avg"];
}

const split = (s: string) => (s ? s.split(" ") : []);
const gramsOf = (c: StoredClause) => charBigrams([...c.path, c.label, c.text].join(" "));

/** Build time: statistics over every clause of the database. */
export function computeStats(clauses: StoredClause[]): StatsData {
  const wordDf: Record<string, number> = {};
  const gramPostings: Record<string, number[]> = {};
  const sum = { words: 0, heading: 0, context: 0, grams: 0 };
  clauses.forEach((c, i) => {
    const words = split(c.words);
    const heading = split(c.headingWords);
    const grams = gramsOf(c);
    for (const w of new Set([...words, ...heading])) wordDf[w] = (Object.hasOwn(wordDf, w) ? wordDf[w] : 0) + 1;
    for (const g of new Set(grams)) (Object.hasOwn(gramPostings, g) ? gramPostings[g] : (gramPostings[g] = [])).push(i);
    sum.words += words.length;
    sum.heading += heading.length;
    sum.context += split(c.contextWords).length;
    sum.grams += grams.length;
  });
  const n = Math.max(1, clauses.length);
  const avg = { words: sum.words / n || 1, heading: sum.heading / n || 1, context: sum.context / n || 1, grams: sum.grams / n || 1 };
  return { clauses: clauses.length, avg, wordDf: sorted(wordDf), gramPostings: sorted(gramPostings) };
}

/** Keys in code-unit order, so the file is the same for the same input. */
function sorted<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

const cache = new WeakMap<LoadedIndex, CorpusStats>();

export function corpusStats(index: LoadedIndex): CorpusStats {
  let stats = cache.get(index);
  if (!stats) cache.set(index, (stats = fromData(index)));
  return stats;
}

const NONE: readonly number[] = [];

/** Wraps the parsed stats.json as is: no maps are built at load time. */
function fromData(index: LoadedIndex): CorpusStats {
  const clauses = allClauses(index.db);
  if (clauses.length !== index.stats.clauses) throw new Error("stats.json does not match the clause database");
  const { wordDf, gramPostings, avg } = index.stats;
  const details: (ClauseStats | undefined)[] = new Array(clauses.length);
  return {
    size: clauses.length,
    at(i) {
      let d = details[i];
      if (!d) {
        const clause = clauses[i];
        d = details[i] = {
          clause,
          words: split(clause.words),
          heading: split(clause.headingWords),
          context: split(clause.contextWords),
          grams: gramsOf(clause),
        };
      }
      return d;
    },
    wordDf: (word) => (Object.hasOwn(wordDf, word) ? wordDf[word] : 0),
    gramDf: (gram) => (Object.hasOwn(gramPostings, gram) ? gramPostings[gram].length : 0),
    gramPostings: (gram) => (Object.hasOwn(gramPostings, gram) ? gramPostings[gram] : NONE),
    avg,
  };
}

/** BM25's idf: ln(1 + (N - df + 0.5) / (df + 0.5)). */
export function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
