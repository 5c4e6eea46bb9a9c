// Candidates: the clauses the ranking looks at. Three pre-ranked lists, each a sum of fixed
// weights over the lists a clause is on, times its document's factor:
//   - by words: the clauses holding the question's words in their text or heading path, each
//     word weighing its weight × idf × the field's weight (the lead-in only re-ranks), best 30;
//   - by bigrams: the clauses sharing the most (idf-weighted) bigrams with the question, best 15;
//   - by region: when the question names a place, the best 15 of the word list from that place.
// A source that holds every posting list (the index in memory) finds them with `candidateSet`;
// one that would rather not read long lists (src/tier/candidates.ts) finds the same clauses
// with `wordScore` / `gramScore`, which add the same weights in the same order.
import type { PreparedQuery } from "./rank.js";
import { RANK_PARAMS } from "./rank.js";
import type { CorpusStats, GramPostings, WordPostings } from "./stats.js";

export interface CandidateQuery {
  prepared: PreparedQuery;
  /** How many each list proposes (engine.ts SEARCH_PARAMS). */
  counts: { words: number; grams: number; region: number };
  /** The document factor of clause i's document (documents.ts), when the question has title evidence… */
  factor?: (i: number) => number;
  /** …and the same by document: those whose factor is not 1. */
  documentFactors?: ReadonlyMap<number, number>;
  /** The largest factor any clause can have (1 without evidence). */
  maxFactor: number;
  /** Whether clause i is from a place the question names (only when it names one). */
  local?: (i: number) => boolean;
}

/** The postings the pre-rank and the ranking read: each query word's and bigram's, in the prepared query's order. */
export interface QueryPostings {
  words: WordPostings[];
  grams: GramPostings[];
}

/** Each query word's and bigram's postings as the stats give them. */
export function queryPostings(stats: Pick<CorpusStats, "word" | "gram">, p: PreparedQuery): QueryPostings {
  return { words: p.terms.map((t) => stats.word(t.term)), grams: p.grams.map((g) => stats.gram(g.gram)) };
}

/** A word's pre-rank weight: weight × idf (times the field's weight where it is). */
export function wordWeight(t: PreparedQuery["terms"][number]): number {
  return t.weight * t.idf;
}

/** The candidates from every posting list in full (the in-memory engine). */
export function candidateSet(size: number, lists: QueryPostings, q: CandidateQuery): Set<number> {
  const { prepared: p, factor, local, counts } = q;
  const { words: inText, heading: inHeading } = RANK_PARAMS.field;
  const wordScores = new Float64Array(size);
  const byWords: number[] = [];
  p.terms.forEach((t, j) => {
    const postings = lists.words[j];
    const weight = wordWeight(t);
    for (let k = 0; k < postings.clauses.length; k++) {
      if (postings.words[k] === 0 && postings.heading[k] === 0) continue;
      const i = postings.clauses[k];
      if (wordScores[i] === 0) byWords.push(i);
      if (postings.words[k] > 0) wordScores[i] += weight * inText;
      if (postings.heading[k] > 0) wordScores[i] += weight * inHeading;
    }
  });
  if (factor) for (const i of byWords) wordScores[i] *= factor(i);
  const gramScores = new Float64Array(size);
  const byGrams: number[] = [];
  p.grams.forEach((g, j) => {
    for (const i of lists.grams[j].clauses) {
      if (gramScores[i] === 0) byGrams.push(i);
      gramScores[i] += g.idf;
    }
  });
  if (factor) for (const i of byGrams) gramScores[i] *= factor(i);
  const fromRegion = local ? best(byWords.filter(local), (i) => wordScores[i], counts.region) : [];
  return new Set([...best(byWords, (i) => wordScores[i], counts.words), ...best(byGrams, (i) => gramScores[i], counts.grams), ...fromRegion]);
}

/**
 * One clause's word pre-score from which words it holds in its text or heading (`has(j)`: bit 1
 * text, bit 2 heading), added in candidateSet's order, so the sum is the same number.
 */
export function wordScore(p: PreparedQuery, has: (j: number) => number, factor: number | undefined): number {
  const { words: inText, heading: inHeading } = RANK_PARAMS.field;
  let s = 0;
  for (let j = 0; j < p.terms.length; j++) {
    const h = has(j);
    if (h === 0) continue;
    const weight = wordWeight(p.terms[j]);
    if (h & 1) s += weight * inText;
    if (h & 2) s += weight * inHeading;
  }
  return factor === undefined ? s : s * factor;
}

/** One clause's bigram pre-score from which bigrams it holds, added in candidateSet's order. */
export function gramScore(p: PreparedQuery, has: (j: number) => boolean, factor: number | undefined): number {
  let s = 0;
  for (let j = 0; j < p.grams.length; j++) if (has(j)) s += p.grams[j].idf;
  return factor === undefined ? s : s * factor;
}

/**
 * The n clauses with the highest scores (ties: document order), in that order. One pass keeping
 * the best n so far: a common word proposes thousands of clauses, and sorting them all was most
 * of a query's time on a real library (realdocs: 1.3 s of 3 s in 600 queries).
 */
export function best(clauses: Iterable<number>, score: (i: number) => number, n: number): number[] {
  const top: number[] = [];
  const before = (a: number, b: number) => score(a) > score(b) || (score(a) === score(b) && a < b);
  for (const i of clauses) {
    let k: number;
    if (top.length < n) k = top.push(i) - 1;
    else if (n > 0 && before(i, top[n - 1])) k = n - 1;
    else continue;
    while (k > 0 && before(i, top[k - 1])) {
      top[k] = top[k - 1];
      k--;
    }
    top[k] = i;
  }
  return top;
}
