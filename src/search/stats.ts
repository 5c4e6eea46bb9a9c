// Corpus statistics the ranker needs, computed once per loaded index on first use: clause
// token lists, document frequencies of words, and a character-bigram inverted index (the
// net for words the two segmentations, or the user and the document, cut differently).
import { allClauses, type StoredClause } from "./db.js";
import type { LoadedIndex } from "./load-index.js";
import { charBigrams } from "./normalise.js";

export interface ClauseStats {
  clause: StoredClause;
  words: string[];
  heading: string[];
  context: string[];
  /** Bigrams of label, path and text. */
  grams: string[];
}

export interface CorpusStats {
  clauses: ClauseStats[];
  byId: Map<string, number>;
  /** Clauses whose words or heading contain the word. */
  wordDf: Map<string, number>;
  gramDf: Map<string, number>;
  gramPostings: Map<string, number[]>;
  avg: { words: number; heading: number; context: number; grams: number };
}

const cache = new WeakMap<LoadedIndex, CorpusStats>();

export function corpusStats(index: LoadedIndex): CorpusStats {
  let stats = cache.get(index);
  if (!stats) cache.set(index, (stats = compute(index)));
  return stats;
}

const split = (s: string) => (s ? s.split(" ") : []);

function compute(index: LoadedIndex): CorpusStats {
  const clauses = allClauses(index.db).map((clause) => ({
    clause,
    words: split(clause.words),
    heading: split(clause.headingWords),
    context: split(clause.contextWords),
    grams: charBigrams([...clause.path, clause.label, clause.text].join(" ")),
  }));
  const wordDf = new Map<string, number>();
  const gramDf = new Map<string, number>();
  const gramPostings = new Map<string, number[]>();
  const sum = { words: 0, heading: 0, context: 0, grams: 0 };
  clauses.forEach((c, i) => {
    for (const w of new Set([...c.words, ...c.heading])) wordDf.set(w, (wordDf.get(w) ?? 0) + 1);
    for (const g of new Set(c.grams)) {
      gramDf.set(g, (gramDf.get(g) ?? 0) + 1);
      const list = gramPostings.get(g);
      if (list) list.push(i);
      else gramPostings.set(g, [i]);
    }
    sum.words += c.words.length;
    sum.heading += c.heading.length;
    sum.context += c.context.length;
    sum.grams += c.grams.length;
  });
  const n = Math.max(1, clauses.length);
  return {
    clauses,
    byId: new Map(clauses.map((c, i) => [c.clause.id, i])),
    wordDf,
    gramDf,
    gramPostings,
    avg: { words: sum.words / n || 1, heading: sum.heading / n || 1, context: sum.context / n || 1, grams: sum.grams / n || 1 },
  };
}

/** BM25's idf: ln(1 + (N - df + 0.5) / (df + 0.5)). */
export function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
