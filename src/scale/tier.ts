// Issue 15 measurements: today's search (src/search/engine.ts) over postings fetched from a
// store (SQLite / D1, one or several shards) instead of the in-memory index. The ranking code
// is today's: analyseQuery's rules, prepareQuery, the candidate set, scoreClause (BM25F +
// bigrams), document-title evidence, not-current factor, preamble trades, region-first,
// abstention, anchor-first — copied where engine.ts does not export them, imported where it
// does. Global statistics: N and the field averages from meta, df from the full postings of
// each term (summed over shards). Learned questions are not carried (the scale indexes have
// none). Two round trips: (1) the postings of the question's words, bigrams and title words;
// (2) the candidates' clause rows.
import { DOCUMENT_PARAMS, type DocumentEvidence } from "../search/documents.js";
import { SEARCH_PARAMS } from "../search/engine.js";
import { charBigrams, normaliseForSearch } from "../search/normalise.js";
import { decodeVarints } from "../search/postings.js";
import { SYNONYM_WEIGHT, type AnalysedQuery, type QueryTerm } from "../search/query.js";
import { QUESTION_WORDS } from "../search/question-words.js";
import { prepareQuery, RANK_PARAMS, scoreClause, type PreparedQuery, type Scored, type TopicWord } from "../search/rank.js";
import type { Segmenter } from "../search/segment/jieba.js";
import type { CorpusStats, GramPostings, WordPostings } from "../search/stats.js";
import { toSimplified } from "../search/t2s.js";
import { wordTokens } from "../search/tokens.js";
import { findPlaces, regionName } from "../shared/regions.js";
import type { Clause } from "../shared/schema.js";
import { documentOf, KIND, STRIDE, type TierMeta } from "./format.js";

export interface PostingRow {
  kind: number;
  term: string;
  seq: number;
  data: string;
}
export interface ClauseRow {
  n: number;
  lengths: string;
  flags: number;
  record: string;
  title: string;
}

/** Where the rows come from: one SQLite file, one D1 database, or S of them merged. */
export interface TierSource {
  postings(req: { words: string[]; grams: string[]; titles: string[] }): Promise<PostingRow[]>;
  clauses(ids: number[]): Promise<ClauseRow[]>;
}

export interface TierEnv {
  meta: TierMeta;
  segmenter: Segmenter;
  synonyms: string[][];
}

export interface TierTimings {
  analyseMs: number;
  fetchPostingsMs: number;
  postingRows: number;
  postingChars: number;
  decodeMs: number;
  candidatesMs: number;
  fetchClausesMs: number;
  clauseRows: number;
  clauseChars: number;
  rankMs: number;
}

export interface TierResult {
  answered: boolean;
  ids: string[];
  scores: number[];
  titles: string[];
  timings: TierTimings;
}

export interface TierOptions {
  k?: number;
  /** Replace the candidate set (FTS5 candidates): called with the prepared question. */
  candidates?: (p: PreparedQuery, terms: string[]) => Promise<number[]>;
  debug?: (what: string, x: unknown) => void;
}

const EMPTY_WORD: WordPostings = { clauses: new Int32Array(0), words: new Int32Array(0), heading: new Int32Array(0), context: new Int32Array(0), df: 0 };
const EMPTY_GRAM: GramPostings = { clauses: new Int32Array(0), counts: new Int32Array(0) };

/** Rows of one term (any order, any shards) → absolute postings, clauses ascending. */
function decodeRows(rows: PostingRow[], stride: number): number[] {
  const all: number[][] = [];
  for (const r of rows) {
    const v = decodeVarints(r.data, 0, r.data.length);
    for (let i = 0, c = -1; i < v.length; i += stride) v[i] = c += v[i];
    all.push(v);
  }
  if (all.length === 1) return all[0];
  // rows of one shard follow each other (seq order); shards interleave: sorted runs, merged pairwise
  all.sort((a, b) => a[0] - b[0]);
  let runs: number[][] = [];
  for (const v of all) {
    const last = runs[runs.length - 1];
    if (last && v.length && last[last.length - stride] < v[0]) for (const x of v) last.push(x);
    else runs.push(v);
  }
  while (runs.length > 1) {
    const next: number[][] = [];
    for (let r = 0; r < runs.length; r += 2) next.push(r + 1 < runs.length ? merge(runs[r], runs[r + 1], stride) : runs[r]);
    runs = next;
  }
  return runs[0];
}

/** Two posting runs (clauses ascending, `stride` numbers each) merged. */
function merge(a: number[], b: number[], stride: number): number[] {
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length || j < b.length) {
    const fromA = j >= b.length || (i < a.length && a[i] < b[j]);
    const src = fromA ? a : b;
    const at = fromA ? i : j;
    for (let s = 0; s < stride; s++) out[o++] = src[at + s];
    if (fromA) i += stride;
    else j += stride;
  }
  return out;
}

function toWord(v: number[]): WordPostings {
  const n = v.length / 4;
  const p: WordPostings = { clauses: new Int32Array(n), words: new Int32Array(n), heading: new Int32Array(n), context: new Int32Array(n), df: 0 };
  for (let k = 0; k < n; k++) {
    p.clauses[k] = v[4 * k];
    p.words[k] = v[4 * k + 1];
    p.heading[k] = v[4 * k + 2];
    p.context[k] = v[4 * k + 3];
    if (p.words[k] > 0 || p.heading[k] > 0) p.df++;
  }
  return p;
}

function toGram(v: number[]): GramPostings {
  const n = v.length / 2;
  const p: GramPostings = { clauses: new Int32Array(n), counts: new Int32Array(n) };
  for (let k = 0; k < n; k++) {
    p.clauses[k] = v[2 * k];
    p.counts[k] = v[2 * k + 1];
  }
  return p;
}

const expansionCache = new WeakMap<Segmenter, Map<string, { of: string; tokens: string[] }[]>>();

function expansions(env: TierEnv, word: string): { of: string; tokens: string[] }[] {
  let cache = expansionCache.get(env.segmenter);
  if (!cache) expansionCache.set(env.segmenter, (cache = new Map()));
  let found = cache.get(word);
  if (!found) {
    const cut = (t: string, hmm: boolean) => env.segmenter.cutForSearch(t, hmm);
    found = [];
    for (const group of env.synonyms) {
      if (!group.includes(word)) continue;
      for (const synonym of group) {
        if (synonym === word || synonym.includes(word)) continue;
        found.push({ of: word, tokens: wordTokens(cut, synonym).filter((t) => !QUESTION_WORDS.has(t)) });
      }
    }
    cache.set(word, found);
  }
  return found;
}

function unglue(env: TierEnv, token: string): string[] {
  if ([...token].length < 2 || /^[\p{N}a-z.]+$/u.test(token)) return [token];
  const pieces = env.segmenter.cut(token, false);
  return pieces.length > 1 && pieces.every((p) => [...p].length === 1) ? pieces : [token];
}

/** Score arrays reused across questions (reset after each): no N-sized allocation per question. */
let scratch: { n: number; word: Float64Array; gram: Float64Array } | undefined;

export async function tierSearch(env: TierEnv, source: TierSource, query: string, opts: TierOptions = {}): Promise<TierResult> {
  const { meta } = env;
  const k = opts.k ?? 5;
  const timings: TierTimings = {
    analyseMs: 0,
    fetchPostingsMs: 0,
    postingRows: 0,
    postingChars: 0,
    decodeMs: 0,
    candidatesMs: 0,
    fetchClausesMs: 0,
    clauseRows: 0,
    clauseChars: 0,
    rankMs: 0,
  };
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const d = now - t;
    t = now;
    return d;
  };

  // 1. the question's possible words (before knowing which the corpus has), as analyseQuery cuts them
  const text = toSimplified(normaliseForSearch(query)).replace(/\s+/g, " ").trim();
  const cut = (s: string, hmm: boolean) => env.segmenter.cutForSearch(s, hmm);
  const raw = [...new Set(wordTokens(cut, text))];
  const possible = new Set<string>();
  for (const tok of raw) {
    possible.add(tok);
    for (const p of unglue(env, tok)) possible.add(p);
  }
  for (const w of [...possible]) for (const e of expansions(env, w)) for (const s of e.tokens) possible.add(s);
  const wordList = [...possible];
  const gramList = [...new Set(wordList.filter((w) => !QUESTION_WORDS.has(w)).flatMap((w) => charBigrams(w)))];
  timings.analyseMs = lap();

  const titleDocs = new Map<string, number[]>();
  const words = new Map<string, WordPostings>();
  const grams = new Map<string, GramPostings>();
  let word: (term: string) => WordPostings = () => EMPTY_WORD;
  let gram: (g: string) => GramPostings = () => EMPTY_GRAM;
  {
    const rows = await source.postings({ words: wordList, grams: gramList, titles: wordList });
    timings.fetchPostingsMs = lap();
    timings.postingRows = rows.length;
    const byKey = new Map<string, PostingRow[]>();
    for (const r of rows) {
      timings.postingChars += r.data.length;
      const key = `${r.kind}\u0000${r.term}`;
      const list = byKey.get(key);
      if (list) list.push(r);
      else byKey.set(key, [r]);
    }
    words.clear();
    grams.clear();
    for (const [key, list] of byKey) {
      const kind = list[0].kind;
      const term = key.slice(key.indexOf("\u0000") + 1);
      const v = decodeRows(list, STRIDE[kind]);
      if (kind === KIND.word) words.set(term, toWord(v));
      else if (kind === KIND.gram) grams.set(term, toGram(v));
      else titleDocs.set(term, v);
    }
    word = (w) => words.get(w) ?? EMPTY_WORD;
    gram = (g) => grams.get(g) ?? EMPTY_GRAM;
    timings.decodeMs = lap();
    opts.debug?.("decoded", undefined);
  }

  // 2. analyseQuery, with the fetched df
  const df = (w: string) => word(w).df;
  const tokens = [...new Set(raw.flatMap((tok) => (df(tok) > 0 ? [tok] : unglue(env, tok))))];
  const asked = tokens.filter((tok) => QUESTION_WORDS.has(tok));
  const originals = tokens.filter((tok) => !QUESTION_WORDS.has(tok) && !asked.some((q) => q.length > tok.length && q.includes(tok)));
  const terms: QueryTerm[] = originals.map((term) => ({ term, weight: 1, original: true }));
  const seen = new Set(originals);
  for (const w of originals) {
    const weight = df(w) > 0 ? SYNONYM_WEIGHT : 1;
    for (const { of, tokens: ts } of expansions(env, w)) {
      for (const term of ts) {
        if (seen.has(term)) continue;
        seen.add(term);
        terms.push({ term, weight, original: false, of });
      }
    }
  }
  const analysed: AnalysedQuery = { raw: query, text, terms, places: findPlaces(text, { countyShortForms: false }) };

  const clauseRows = new Map<number, { clause: Clause; lengths: number[]; flags: number; title: string }>();
  const stats: CorpusStats = {
    size: meta.n,
    avg: { ...meta.avg, learned: 1 },
    clause: (i) => clauseRows.get(i)!.clause,
    lengths: (i) => {
      const l = clauseRows.get(i)!.lengths;
      return { words: l[0], heading: l[1], context: l[2], grams: l[3] };
    },
    word,
    gram,
    learnedCount: 0,
    learned: () => EMPTY_GRAM,
    learnedLength: () => 0,
    learnedAnswers: () => [],
    wordDf: (w) => word(w).df,
    gramDf: (g) => gram(g).clauses.length,
  };
  const prepared = prepareQuery(stats, analysed, (w) => env.segmenter.wordWeight(w));
  const byWord = new Map<string, number[]>();
  for (const [w, docs] of titleDocs) byWord.set(w, docs);
  const evidence = documentEvidence((w) => byWord.get(w) ?? [], prepared);
  const docOf = (i: number) => documentOf(meta, i);
  const about = (i: number) => (evidence.size > 0 ? evidence.get(docOf(i)) : undefined);
  const inCorpusShare = evidence.size > 0 ? inCorpusWithTitles(prepared, evidence) : prepared.inCorpusShare;
  const regionMatch = analysed.places.length > 0 ? meta.regions.map((r) => inRegion(r, analysed)) : undefined;
  const local = regionMatch ? (i: number) => regionMatch[meta.docRegion[docOf(i)]] === true : undefined;
  const candidates = opts.candidates
    ? new Set(await opts.candidates(prepared, wordList))
    : candidateSet(stats, prepared, evidence.size > 0 ? (i) => about(i)?.factor ?? 1 : undefined, local);
  timings.candidatesMs = lap();

  // 3. the candidates' rows
  {
    const ids = [...candidates].sort((a, b) => a - b);
    const rows = ids.length ? await source.clauses(ids) : [];
    timings.fetchClausesMs = lap();
    timings.clauseRows = rows.length;
    for (const r of rows) {
      timings.clauseChars += r.record.length + r.lengths.length + r.title.length;
      clauseRows.set(r.n, { clause: JSON.parse(r.record), lengths: decodeVarints(r.lengths, 0, r.lengths.length), flags: r.flags, title: r.title });
    }
  }
  const introductory = (i: number) => clauseRows.get(i)!.flags & 1;

  const scored = (i: number): Scored => {
    const s = withDocument(prepared, scoreClause(stats, i, prepared), about(i));
    return meta.docCurrent[docOf(i)] ? s : { ...s, score: s.score * SEARCH_PARAMS.notCurrentFactor };
  };
  let ranked = [...candidates].map(scored).filter((s) => s.score > 0);
  ranked.sort((a, b) => b.score - a.score || a.index - b.index);
  if (opts.debug) opts.debug("ranked", ranked.slice(0, 10).map((r) => [r.index, r.score, about(r.index)?.factor, meta.docCurrent[docOf(r.index)], introductory(r.index)]));
  ranked = preambleTrades(stats, ranked, introductory);
  const regionCovered = regionMatch ? regionMatch.some(Boolean) : false;
  if (regionCovered) ranked = regionFirst(ranked, local!);
  const best0 = ranked[0];
  const answered = best0 !== undefined && inCorpusShare >= SEARCH_PARAMS.minInCorpus && best0.coverage >= SEARCH_PARAMS.minCoverage;
  if (prepared.anchor && prepared.topic.length <= SEARCH_PARAMS.anchorMaxTopic) ranked = anchorFirst(ranked, prepared.anchor);
  const shown = answered ? ranked.slice(0, k) : [];
  timings.rankMs = lap();
  return {
    answered,
    ids: shown.map((s) => stats.clause(s.index).id),
    scores: shown.map((s) => Math.round(s.score * 1000) / 1000),
    titles: shown.map((s) => clauseRows.get(s.index)?.title ?? ""),
    timings,
  };
}

// ── copied from src/search/documents.ts (its signature was changing in the shared checkout) ──

function documentEvidence(docsOf: (word: string) => readonly number[], q: PreparedQuery): Map<number, DocumentEvidence> {
  const found = new Map<number, DocumentEvidence>();
  const total = q.topic.reduce((sum, t) => sum + t.info, 0);
  if (total === 0 || DOCUMENT_PARAMS.weight === 0) return found;
  const held = new Map<number, string[]>();
  for (const t of q.topic) {
    const docs = new Set(docsOf(t.term));
    for (const s of q.terms) if (!s.original && s.of === t.term) for (const n of docsOf(s.term)) docs.add(n);
    if (t.parts.length > 1) {
      const [first, ...rest] = t.parts.map((p) => new Set(docsOf(p)));
      for (const n of first) if (rest.every((r) => r.has(n))) docs.add(n);
    }
    for (const n of docs) {
      const words = held.get(n);
      if (words) words.push(t.term);
      else held.set(n, [t.term]);
    }
  }
  const info = new Map(q.topic.map((t) => [t.term, t.info]));
  for (const [n, holds] of held) {
    const share = holds.reduce((sum, w) => sum + info.get(w)!, 0) / total;
    if (share >= DOCUMENT_PARAMS.minCoverage) found.set(n, { factor: 1 + DOCUMENT_PARAMS.weight * share, holds });
  }
  return found;
}

// ── copied from src/search/engine.ts (not exported there) ──

function candidateSet(stats: CorpusStats, p: PreparedQuery, factor?: (i: number) => number, local?: (i: number) => boolean): Set<number> {
  const { words: inText, heading: inHeading } = RANK_PARAMS.field;
  if (!scratch || scratch.n !== stats.size) scratch = { n: stats.size, word: new Float64Array(stats.size), gram: new Float64Array(stats.size) };
  const wordScores = scratch.word;
  const byWords: number[] = [];
  p.terms.forEach((t, j) => {
    const postings = p.wordPostings[j];
    const weight = t.weight * t.idf;
    for (let k = 0; k < postings.clauses.length; k++) {
      if (postings.words[k] === 0 && postings.heading[k] === 0) continue;
      const i = postings.clauses[k];
      if (wordScores[i] === 0) byWords.push(i);
      if (postings.words[k] > 0) wordScores[i] += weight * inText;
      if (postings.heading[k] > 0) wordScores[i] += weight * inHeading;
    }
  });
  if (factor) for (const i of byWords) wordScores[i] *= factor(i);
  const gramScores = scratch.gram;
  const byGrams: number[] = [];
  p.grams.forEach((g, j) => {
    for (const i of p.gramPostings[j].clauses) {
      if (gramScores[i] === 0) byGrams.push(i);
      gramScores[i] += g.idf;
    }
  });
  if (factor) for (const i of byGrams) gramScores[i] *= factor(i);
  const fromRegion = local ? best(byWords.filter(local), wordScores, SEARCH_PARAMS.regionCandidates) : [];
  const out = new Set([...best(byWords, wordScores, SEARCH_PARAMS.wordCandidates), ...best(byGrams, gramScores, SEARCH_PARAMS.gramCandidates), ...fromRegion]);
  for (const i of byWords) wordScores[i] = 0;
  for (const i of byGrams) gramScores[i] = 0;
  return out;
}

function withDocument(q: PreparedQuery, s: Scored, doc: DocumentEvidence | undefined): Scored {
  if (!doc) return s;
  const topicHits = q.topic.filter((t) => s.topicHits.includes(t.term) || doc.holds.includes(t.term)).map((t) => t.term);
  return { ...s, score: s.score * doc.factor, topicHits, coverage: infoShare(q, topicHits) };
}

function infoShare(q: PreparedQuery, words: string[]): number {
  const total = q.topic.reduce((sum, t) => sum + t.info, 0);
  return total > 0 ? q.topic.reduce((sum, t) => sum + (words.includes(t.term) ? t.info : 0), 0) / total : 0;
}

function inCorpusWithTitles(q: PreparedQuery, evidence: Map<number, DocumentEvidence>): number {
  const inTitles = new Set([...evidence.values()].flatMap((e) => e.holds));
  return infoShare(q, q.topic.filter((t: TopicWord) => t.inCorpus || inTitles.has(t.term)).map((t) => t.term));
}

function best(clauses: number[], scores: Float64Array, n: number): number[] {
  return clauses.sort((a, b) => scores[b] - scores[a] || a - b).slice(0, n);
}

function inRegion(region: string, q: AnalysedQuery): boolean {
  if (!region) return false;
  return q.places.some((p) => region.includes(p.place.city ?? p.place.province) || region === regionName(p.place));
}

function regionFirst(ranked: Scored[], local: (i: number) => boolean): Scored[] {
  const first = (s: Scored) => s.coverage >= SEARCH_PARAMS.regionCoverage && local(s.index);
  return [...ranked.filter(first), ...ranked.filter((s) => !first(s))];
}

function preambleTrades(stats: CorpusStats, ranked: Scored[], introductory: (i: number) => number): Scored[] {
  if (!ranked.some((s) => introductory(s.index))) return ranked;
  const out = [...ranked];
  const traded = new Set<number>();
  const docOf = (s: Scored) => stats.clause(s.index).docId;
  const answers = (s: Scored) => !introductory(s.index) && (stats.clause(s.index).text !== "" || stats.clause(s.index).children === 0);
  for (let i = 0; i < out.length; i++) {
    const preamble = out[i];
    if (!introductory(preamble.index) || traded.has(i)) continue;
    const doc = docOf(preamble);
    let bestJ = -1;
    for (let j = i + 1; j < out.length; j++) {
      const s = out[j];
      if (!answers(s) || traded.has(j) || s.coverage < preamble.coverage || docOf(s) !== doc) continue;
      if (bestJ < 0 || s.coverage > out[bestJ].coverage) bestJ = j;
    }
    if (bestJ < 0) continue;
    const article = out[bestJ];
    out[i] = { ...article, score: preamble.score };
    out[bestJ] = { ...preamble, score: article.score };
    traded.add(i).add(bestJ);
  }
  return out.sort((a, b) => b.score - a.score || a.index - b.index);
}

function anchorFirst(ranked: Scored[], anchor: string): Scored[] {
  const holds = (s: Scored) => s.topicHits.includes(anchor);
  return [...ranked.filter(holds), ...ranked.filter((s) => !holds(s))];
}
