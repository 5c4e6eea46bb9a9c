// Second-stage ranking over the candidates: BM25F over the clause's own words, its heading
// path and its ancestors' lead-in (each query word weighted: the user's own words 1, synonym
// expansions less), plus BM25 over character bigrams, plus how much of the question the
// clause covers. One function, parameters in one place, tuned on the public questions.
import type { AnalysedQuery, QueryTerm } from "./query.js";
import { charBigrams } from "./normalise.js";
import type { QueryPostings } from "./candidates.js";
import type { StoredClause } from "./db.js";
import { findClause, idf, type CorpusStats } from "./stats.js";

export const RANK_PARAMS = {
  k1: 1.2,
  b: 0.75,
  field: { words: 1, heading: 1.5, context: 0.3 },
  gramWeight: 0.35,
  /** A clause that is only a heading (children, no text of its own) answers nothing itself. */
  headingOnlyFactor: 0.5,
};

const introductory = new WeakMap<CorpusStats, Uint8Array>();

/**
 * Per clause (1 or 0): text before a document's first numbered clause — the preamble (前言:
 * salutation and purpose, "各区县人民政府…为加快…制定以下措施"), a release notice (发布说明),
 * and the passages such text is cut into — in a document that has numbered clauses after it. A
 * document without numbering is all preamble: there the passages are the text, and count as any
 * clause. Clauses are in document order, so each belongs to the top-level clause last opened.
 */
export function introductoryClauses(stats: CorpusStats): Uint8Array {
  let flags = introductory.get(stats);
  if (!flags) introductory.set(stats, (flags = introductoryFlags(Array.from({ length: stats.size }, (_, i) => stats.clause(i)))));
  return flags;
}

/** introductoryClauses over a list of clauses in document order (one document's, or a library's). */
export function introductoryFlags(clauses: readonly Pick<StoredClause, "path" | "kind" | "docId">[]): Uint8Array {
  const flags = new Uint8Array(clauses.length);
  const withArticles = new Set<string>();
  let topKind: string | undefined;
  let docId: string | undefined;
  clauses.forEach((c, i) => {
    if (c.path.length === 0 || c.docId !== docId) topKind = c.kind;
    docId = c.docId;
    if (topKind === "preamble") flags[i] = 1;
    else if (topKind !== "attachment") withArticles.add(c.docId);
  });
  clauses.forEach((c, i) => {
    if (flags[i] && !withArticles.has(c.docId)) flags[i] = 0;
  });
  return flags;
}

export interface TopicWord {
  term: string;
  /** Self-information in general Chinese (from the lexicon): how much the word says. */
  info: number;
  grams: string[];
  /** The user's shorter words inside it (search mode cuts 贷款贴息 into 贷款, 贴息 and 贷款贴息). */
  parts: string[];
  /** Whether the corpus has it (or a synonym of it, or all its parts, or all its bigrams). */
  inCorpus: boolean;
  /**
   * How specific the word is in this corpus: the idf of the clauses holding it (else a synonym,
   * all its parts, or all its bigrams). 上市 in a few clauses says more about what a question is about than
   * 奖励 in dozens, whatever their frequency in general Chinese (where 奖励 is the rarer).
   */
  specificity: number;
}

export interface PreparedQuery {
  terms: (QueryTerm & { idf: number })[];
  grams: { gram: string; idf: number }[];
  /** The user's own topic words (not places): what coverage is measured on. */
  topic: TopicWord[];
  /** Share of the topic's information that the corpus has at all. */
  inCorpusShare: number;
  /** The topic word the question is most about: the most specific one the corpus has. */
  anchor?: string;
}

export interface Scored {
  index: number;
  score: number;
  /** Share (information-weighted) of the user's topic words the clause contains. */
  coverage: number;
  /** The topic words it contains (itself, a synonym, all its parts, or all its bigrams). */
  topicHits: string[];
}

/** Information of a word the dictionary does not know: as rare as its rarest word. */
const UNKNOWN_WORD_INFO = 18;

export function prepareQuery(stats: CorpusStats, query: AnalysedQuery, wordWeight: (w: string) => number | undefined): PreparedQuery {
  const n = stats.size;
  const placeWords = new Set(query.places.map((p) => p.word));
  const terms = query.terms.map((t) => ({ ...t, idf: idf(n, stats.wordDf(t.term)) }));
  const topic = terms
    .filter((t) => t.original && !placeWords.has(t.term) && !isSubwordOfAnother(t.term, terms))
    .map((t) => {
      const grams = charBigrams(t.term);
      const synonyms = terms.filter((s) => !s.original && s.of === t.term);
      const parts = terms.filter((p) => p.original && p.term !== t.term && t.term.includes(p.term)).map((p) => p.term);
      // the clauses that hold it: the word itself, else its synonyms, else all its parts, else all its bigrams
      const own = stats.wordDf(t.term);
      const bySynonym = Math.max(0, ...synonyms.map((s) => stats.wordDf(s.term)));
      const byParts = parts.length > 1 ? Math.min(...parts.map((p) => stats.wordDf(p))) : 0;
      const byGrams = grams.length > 1 ? Math.min(...grams.map((g) => stats.gramDf(g))) : 0;
      const df = own || bySynonym || byParts || byGrams;
      return { term: t.term, info: -(wordWeight(t.term) ?? -UNKNOWN_WORD_INFO), grams, parts, inCorpus: df > 0, specificity: df > 0 ? idf(n, df) : 0 };
    });
  const gramSet = new Set(topic.flatMap((t) => t.grams));
  const grams = [...gramSet].map((gram) => ({ gram, idf: idf(n, stats.gramDf(gram)) }));
  const total = topic.reduce((sum, t) => sum + t.info, 0);
  const inCorpusShare = total > 0 ? topic.reduce((sum, t) => sum + (t.inCorpus ? t.info : 0), 0) / total : 0;
  const anchor = topic.filter((t) => t.inCorpus).sort((a, b) => b.specificity - a.specificity || b.info - a.info)[0]?.term;
  return {
    ...(anchor ? { anchor } : {}),
    terms,
    grams,
    topic,
    inCorpusShare,
  };
}

/** cutForSearch yields 技术, 改造 and 技术改造: coverage counts the longest word only. */
function isSubwordOfAnother(term: string, terms: QueryTerm[]): boolean {
  return terms.some((o) => o.original && o.term !== term && o.term.length > term.length && o.term.includes(term));
}

/** BM25's length normalisation. */
function norm(length: number, avg: number): number {
  return 1 - RANK_PARAMS.b + (RANK_PARAMS.b * length) / avg;
}

/** Clause i's score; `lists` holds (at least) its entries in each query word's and bigram's postings. */
export function scoreClause(stats: CorpusStats, i: number, q: PreparedQuery, lists: QueryPostings): Scored {
  const clause = stats.clause(i);
  const len = stats.lengths(i);
  const { k1, field } = RANK_PARAMS;
  const nw = norm(len.words, stats.avg.words);
  const nh = norm(len.heading, stats.avg.heading);
  const nc = norm(len.context, stats.avg.context);
  let wordScore = 0;
  const present = new Set<string>();
  for (let j = 0; j < q.terms.length; j++) {
    const t = q.terms[j];
    const p = lists.words[j];
    const k = findClause(p.clauses, i);
    if (k < 0) continue;
    const tf = (field.words * p.words[k]) / nw + (field.heading * p.heading[k]) / nh + (field.context * p.context[k]) / nc;
    present.add(t.original ? t.term : t.of!);
    wordScore += t.weight * t.idf * ((tf * (k1 + 1)) / (tf + k1));
  }
  let gramScore = 0;
  const gramsHere = new Set<string>();
  const ng = norm(len.grams, stats.avg.grams);
  for (let j = 0; j < q.grams.length; j++) {
    const g = q.grams[j];
    const p = lists.grams[j];
    const k = findClause(p.clauses, i);
    if (k < 0) continue;
    gramsHere.add(g.gram);
    const tf = p.counts[k] / ng;
    gramScore += g.idf * ((tf * (k1 + 1)) / (tf + k1));
  }
  let covered = 0;
  let total = 0;
  const topicHits: string[] = [];
  for (const t of q.topic) {
    total += t.info;
    const holds =
      present.has(t.term) || (t.parts.length > 1 && t.parts.every((p) => present.has(p))) || (t.grams.length > 1 && t.grams.every((g) => gramsHere.has(g)));
    if (holds) {
      covered += t.info;
      topicHits.push(t.term);
    }
  }
  const own = clause.children > 0 && clause.text === "" ? RANK_PARAMS.headingOnlyFactor : 1;
  return {
    index: i,
    score: own * (wordScore + RANK_PARAMS.gramWeight * gramScore),
    coverage: total > 0 ? covered / total : 0,
    topicHits,
  };
}
