// Where the search reads the corpus from. The ranking (engine.ts, rank.ts, documents.ts,
// learned.ts) is one code path; it asks a source for what it needs in two rounds, so that a
// corpus that does not fit in the isolate (src/tier/: postings in D1 or a SQLite file) is
// searched by the same code, with the same global statistics, as one in memory:
//   1. the postings of every word and bigram the question may use, the documents whose title
//      holds one of its words, the learned questions' postings, and the documents of the places
//      it names (`terms`);
//   2. the candidates' clause records, field lengths and documents (`clauses`).
// A source that is asked, in round 2, for a word it was not given in round 1 throws: nothing is
// silently scored as absent.
import type { Mention } from "../shared/regions.js";
import type { DocumentMeta } from "../shared/schema.js";
import type { StoredClause } from "./db.js";
import type { CandidateQuery } from "./candidates.js";
import type { QueryContext } from "./query.js";
import type { CorpusStats, FieldLengths, GramPostings, WordPostings } from "./stats.js";

/** What the first round fetches. */
export interface TermRequest {
  /** Index words: their postings, their title postings and their learned-question postings. */
  words: string[];
  /** Character bigrams: their postings. */
  grams: string[];
  /** The places the question names: their documents. */
  places: Mention[];
}

/** The corpus statistics every question needs, whatever it asks. */
export type GlobalStats = Pick<CorpusStats, "size" | "avg" | "learnedCount" | "learnedLength" | "learnedAnswers">;

export interface TermData {
  /** Clauses whose text or heading holds the word (the whole corpus). */
  wordDf(term: string): number;
  /** Clauses holding the bigram (the whole corpus). */
  gramDf(gram: string): number;
  learned(term: string): GramPostings;
  /** The documents (numbers) whose title or issuer holds the word, ascending. */
  titleDocs(word: string): ArrayLike<number>;
  /** Clause → its document's number. */
  documentOf(clause: number): number;
  /** Whether document n is from a place the question names; undefined when it names none. */
  local?: (document: number) => boolean;
  /** Whether any document is from there. */
  anyLocal: boolean;
  /** The candidates (src/search/candidates.ts): the same clauses whatever the source reads to find them. */
  candidates(q: CandidateQuery): Promise<Set<number>>;
}

export interface ClauseData {
  clause(i: number): StoredClause;
  lengths(i: number): FieldLengths;
  /** Text before the document's first numbered clause, in a document that has numbered clauses (rank.ts introductoryClauses). */
  introductory(i: number): boolean;
  /** Document n's metadata. */
  document(n: number): DocumentMeta;
  /** Whether document n is current on `now` (src/shared/document-status.ts, the library's replacements included). */
  current(n: number): boolean;
  /** A query word's postings: at least the entries of the clauses fetched. */
  word(term: string): WordPostings;
  /** A query bigram's postings: at least the entries of the clauses fetched. */
  gram(gram: string): GramPostings;
  /** Documents n (of the clauses fetched) by id, with the documents that name them as repealed: what an answer's citations and statuses read. */
  documents(ns: number[]): ReadonlyMap<string, DocumentMeta>;
}

/** What the library covers, in a line (the bot's welcome): how many documents, their places, the newest one's date. */
export interface LibrarySummary {
  total: number;
  /** The documents' regions, each once, in library order. */
  regions: string[];
  /** The latest document date (YYYY-MM-DD), when any has one. */
  newest?: string;
  /** The earliest. */
  oldest?: string;
  /** How many documents of each kind, kinds in library order. */
  kinds: { kind: string; count: number }[];
}

/** The library's summary from its documents. */
export function summaryOf(documents: Pick<DocumentMeta, "region" | "date" | "kind">[]): LibrarySummary {
  const dates = documents.map((d) => d.date).filter((d): d is string => !!d);
  const newest = dates.reduce<string | undefined>((max, d) => (max === undefined || d > max ? d : max), undefined);
  const oldest = dates.reduce<string | undefined>((min, d) => (min === undefined || d < min ? d : min), undefined);
  const kinds = new Map<string, number>();
  for (const d of documents) kinds.set(d.kind, (kinds.get(d.kind) ?? 0) + 1);
  return {
    total: documents.length,
    regions: [...new Set(documents.map((d) => d.region).filter((r): r is string => !!r))],
    ...(newest ? { newest } : {}),
    ...(oldest ? { oldest } : {}),
    kinds: [...kinds].map(([kind, count]) => ({ kind, count })),
  };
}

/** Documents newest first by their date (those without one last; ties in library order), at most `max`. */
export function newestOf<T extends Pick<DocumentMeta, "date">>(documents: readonly T[], max: number): T[] {
  return [...documents].sort((a, b) => (b.date ?? "").localeCompare(a.date ?? "")).slice(0, max);
}

/** The library's first documents, in its order, and how many it has: what an answer that found nothing lists. */
export interface LibraryHead {
  documents: DocumentMeta[];
  total: number;
}

export interface SearchSource extends QueryContext {
  stats: GlobalStats;
  terms(request: TermRequest): Promise<TermData>;
  clauses(terms: TermData, clauses: number[], now: Date): Promise<ClauseData>;
  /** The first `limit` documents and the count. */
  head(limit: number): Promise<LibraryHead>;
}

/** A CorpusStats over what the two rounds fetched (rank.ts and learned.ts read this). */
export function fetchedStats(stats: GlobalStats, terms: TermData, clauses?: ClauseData): CorpusStats {
  const missing = (what: string) => (): never => {
    throw new Error(`search: ${what} read before the candidates' clauses were fetched`);
  };
  return {
    ...stats,
    word: clauses ? (t) => clauses.word(t) : missing("a word's postings"),
    gram: clauses ? (g) => clauses.gram(g) : missing("a bigram's postings"),
    learned: (t) => terms.learned(t),
    wordDf: (t) => terms.wordDf(t),
    gramDf: (g) => terms.gramDf(g),
    clause: clauses ? (i) => clauses.clause(i) : missing("a clause"),
    lengths: clauses ? (i) => clauses.lengths(i) : missing("a clause's lengths"),
  };
}
