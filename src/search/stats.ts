// The corpus as the ranker sees it: clause i (from the clause store), its field lengths, and
// the postings of a word or a bigram (decoded on first use and kept in a bounded cache).
import { allClauses, type StoredClause } from "./db.js";
import type { LoadedIndex } from "./load-index.js";
import { decodeVarints, PostingReader, type PostingsData } from "./postings.js";

/** A word's postings: parallel arrays, clauses ascending. */
export interface WordPostings {
  clauses: Int32Array;
  /** Counts in the clause's own text, its heading path, its ancestors' lead-in. */
  words: Int32Array;
  heading: Int32Array;
  context: Int32Array;
  /** Clauses whose text or heading holds the word. */
  df: number;
}

export interface GramPostings {
  clauses: Int32Array;
  counts: Int32Array;
}

export interface FieldLengths {
  words: number;
  heading: number;
  context: number;
  grams: number;
}

export interface CorpusStats {
  size: number;
  avg: PostingsData["avg"] & { learned: number };
  clause(i: number): StoredClause;
  lengths(i: number): FieldLengths;
  word(term: string): WordPostings;
  gram(gram: string): GramPostings;
  /** Learned questions (src/search/learned.ts): how many, a word's postings over them (question numbers in `clauses`)… */
  learnedCount: number;
  learned(term: string): GramPostings;
  /** …a question's word count, and the clauses that answer it. */
  learnedLength(question: number): number;
  learnedAnswers(question: number): number[];
  wordDf(term: string): number;
  gramDf(gram: string): number;
}

/** Where clause i is in a postings' clause list, or -1. */
export function findClause(clauses: Int32Array, i: number): number {
  let lo = 0;
  let hi = clauses.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (clauses[mid] < i) lo = mid + 1;
    else hi = mid;
  }
  return lo < clauses.length && clauses[lo] === i ? lo : -1;
}

const cache = new WeakMap<LoadedIndex, CorpusStats>();

export function corpusStats(index: LoadedIndex): CorpusStats {
  let stats = cache.get(index);
  if (!stats) cache.set(index, (stats = fromIndex(index)));
  return stats;
}

/** Decoded postings kept per index; cleared when full (questions reuse few words). */
const CACHE_LIMIT = 4096;

function fromIndex(index: LoadedIndex): CorpusStats {
  const data = index.postings;
  const clauses = allClauses(index.db);
  if (clauses.length !== data.clauses) throw new Error("postings.json does not match the clause database");
  const lengths = decodeVarints(data.lengths, 0, data.lengths.length);
  if (lengths.length !== 4 * clauses.length) throw new Error("postings.json: lengths do not match the clauses");
  const wordReader = new PostingReader(data.words, 4);
  const gramReader = new PostingReader(data.grams, 2);
  const word = memo((term: string) => toWordPostings(wordReader.read(term)));
  const gram = memo((g: string) => toGramPostings(gramReader.read(g)));
  const learnedReader = data.learned ? new PostingReader(data.learned.list, 2) : undefined;
  const learnedLengths = data.learned ? decodeVarints(data.learned.lengths, 0, data.learned.lengths.length) : [];
  const learnedAnswers = data.learned ? readAnswers(data.learned.answers, learnedLengths.length, clauses.length) : [];
  const learned = memo((term: string) => toGramPostings(learnedReader ? learnedReader.read(term) : []));
  return {
    size: clauses.length,
    avg: { ...data.avg, learned: data.learned?.avg ?? 1 },
    clause: (i) => clauses[i],
    lengths: (i) => ({ words: lengths[4 * i], heading: lengths[4 * i + 1], context: lengths[4 * i + 2], grams: lengths[4 * i + 3] }),
    word,
    gram,
    learnedCount: learnedLengths.length,
    learned,
    learnedLength: (q) => learnedLengths[q],
    learnedAnswers: (q) => learnedAnswers[q],
    wordDf: (term) => word(term).df,
    gramDf: (g) => gram(g).clauses.length,
  };
}

/** f with its results kept per key, the cache emptied when it reaches CACHE_LIMIT. */
function memo<T>(f: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, (value = f(key)));
    }
    return value;
  };
}

/** Per learned question, the clauses that answer it (varints: a count, then clause numbers). */
function readAnswers(encoded: string, questions: number, clauseCount: number): number[][] {
  const numbers = decodeVarints(encoded, 0, encoded.length);
  const out: number[][] = [];
  let k = 0;
  for (let q = 0; q < questions; q++) {
    const n = numbers[k++];
    const clauses = numbers.slice(k, k + n);
    k += n;
    if (clauses.length !== n || clauses.some((c) => c >= clauseCount)) throw new Error("postings.json: learned answers do not match the clauses");
    out.push(clauses);
  }
  if (k !== numbers.length) throw new Error("postings.json: learned answers do not match the questions");
  return out;
}

export function toWordPostings(values: number[]): WordPostings {
  const n = values.length / 4;
  const p: WordPostings = { clauses: new Int32Array(n), words: new Int32Array(n), heading: new Int32Array(n), context: new Int32Array(n), df: 0 };
  for (let k = 0; k < n; k++) {
    p.clauses[k] = values[4 * k];
    p.words[k] = values[4 * k + 1];
    p.heading[k] = values[4 * k + 2];
    p.context[k] = values[4 * k + 3];
    if (p.words[k] > 0 || p.heading[k] > 0) p.df++;
  }
  return p;
}

export function toGramPostings(values: number[]): GramPostings {
  const n = values.length / 2;
  const p: GramPostings = { clauses: new Int32Array(n), counts: new Int32Array(n) };
  for (let k = 0; k < n; k++) {
    p.clauses[k] = values[2 * k];
    p.counts[k] = values[2 * k + 1];
  }
  return p;
}

/** BM25's idf: ln(1 + (N - df + 0.5) / (df + 0.5)). */
export function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
