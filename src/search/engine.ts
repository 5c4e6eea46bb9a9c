// search: question → ranked clauses, or an honest "nothing relevant". The word postings propose
// candidates, the character-bigram net adds clauses whose words were cut differently, and the
// place the question names adds its own documents' clauses; rank.ts orders them, a document
// whose title names the question's subject lifts its clauses (documents.ts), the region the
// question names goes first, and a question whose topic words the best clause barely covers is
// not answered. A document's preamble does not go ahead of the article of its document that
// answers.
import type { Deadline, DocumentMeta } from "../shared/schema.js";
import { documentStatus } from "../shared/document-status.js";
import type { LoadedIndex } from "./load-index.js";
import { analyseWords, questionWords } from "./query.js";
import { charBigrams } from "./normalise.js";
import { findPlaces, regionName, type Mention } from "../shared/regions.js";
import { fetchedStats, type SearchSource } from "./source.js";
import { introductoryClauses, prepareQuery, scoreClause, type PreparedQuery, type Scored, type TopicWord } from "./rank.js";
import { candidateSet, queryPostings, type CandidateQuery } from "./candidates.js";
import { corpusStats, type CorpusStats } from "./stats.js";
import { learnedMatch } from "./learned.js";
import { documentEvidence, documentTitles, type DocumentEvidence } from "./documents.js";

export const SEARCH_PARAMS = {
  /** Clauses proposed by the question's words (in text or heading; the lead-in only re-ranks)… */
  wordCandidates: 30,
  /** …and by its bigrams… */
  gramCandidates: 15,
  /** …and, when the question names a place, the clauses of that place's documents its words propose. */
  regionCandidates: 15,
  /**
   * Abstain unless the corpus has at least this share of the question's topic (its words
   * weighted by how much they say in general Chinese)…
   */
  minInCorpus: 0.5,
  /** …and the best clause covers at least this share of it. */
  minCoverage: 0.15,
  /** A clause from the region asked about goes first if it covers this share of the question's topic. */
  regionCoverage: 0.5,
  /**
   * …or answer when a learned question holds this share of it. Chosen on STARD half a (learned
   * from half b): 0.5 rescued 6 of 45 wrongly abstained questions, 0.2 rescued 26 (hit@5 0.656 →
   * 0.663), 0.1 one point more at a higher risk for questions that should get no answer.
   */
  learnedCoverage: 0.2,
  /**
   * Topic first for short questions (at most this many topic words): clauses holding the most
   * specific word go before those that miss it. In long, narrative questions (a layperson
   * telling a story) the most specific word is often incidental: measured on STARD, the rule
   * for every question cost 0.05 of hit@5 on both halves; up to 3 words it costs nothing.
   */
  anchorMaxTopic: 3,
  /**
   * A topic word is reported as uncovered only if it says something: two characters or more,
   * and rarer in general Chinese than this (−ln p; 企业 7.5, 政策 8.3, 规模 8.6, 上市 9.8).
   */
  uncoveredMinInfo: 8.5,
  /**
   * A clause of a document that is not current (expired, a draft, a plan or report, repealed:
   * src/shared/document-status.ts) weighs this much: for the same match, current documents
   * come first; a clearly better match from an older document still leads.
   */
  notCurrentFactor: 0.95,
};

export interface SearchHit {
  id: string;
  docId: string;
  title: string;
  label: string;
  path: string[];
  text: string;
  context: string;
  score: number;
  /** Application deadlines and windows the clause states. */
  deadlines?: Deadline[];
}

export interface RegionNote {
  /** The places the question names ("十堰市"). */
  asked: string[];
  /** Whether any document of the index is from there. */
  covered: boolean;
}

export interface SearchResponse {
  query: string;
  answered: boolean;
  results: SearchHit[];
  region?: RegionNote;
  /** The question's topic words that no returned clause holds, in the question's order. */
  uncovered?: string[];
  /** The question's topic words (for picking sentences to show). */
  words: string[];
  /** The results' documents by id, with those that repeal them (composeAnswer reads these); not part of the API's response. */
  documents: ReadonlyMap<string, DocumentMeta>;
  /** Per result, its clause's and its document's number in the library (what the bot's buttons carry); not part of the API's response. */
  positions: { clause: number; document: number }[];
}

const currentCache = new WeakMap<LoadedIndex, { day: string; current: boolean[] }>();

/** Which documents of the index are current today (by position in index.documents), computed once a day per index. */
function currentDocuments(index: LoadedIndex, now: Date): boolean[] {
  const day = now.toISOString().slice(0, 10);
  const cached = currentCache.get(index);
  if (cached?.day === day) return cached.current;
  const current = index.documents.map((d) => documentStatus(d, now, index.documentsById).current);
  currentCache.set(index, { day, current });
  return current;
}

/** What /api/search and `npm run ask -- --json` return: the response without internals. */
export function publicResponse({ query, answered, results, region, uncovered }: SearchResponse) {
  return { query, answered, results, region, ...(uncovered ? { uncovered } : {}) };
}

export interface SearchOptions {
  k?: number;
  /** Today, for whether a document's period has passed (tests pass a date). */
  now?: Date;
}

export async function search(index: LoadedIndex, query: string, options: SearchOptions = {}): Promise<SearchResponse> {
  return searchSource(memorySource(index), query, options);
}

/** The search over any source (./source.ts): the index in memory, or one that lives in a database. */
export async function searchSource(source: SearchSource, query: string, { k = 5, now = new Date() }: SearchOptions = {}): Promise<SearchResponse> {
  const asked = questionWords(source, query);
  const places = findPlaces(asked.text, { countyShortForms: false });
  // the topic's bigrams (prepareQuery) are those of the user's own words
  const terms = await source.terms({ words: asked.words, grams: [...new Set(asked.own.flatMap((w) => charBigrams(w)))], places });
  const analysed = analyseWords(source, asked, (w) => terms.wordDf(w));
  let stats = fetchedStats(source.stats, terms);
  const prepared = prepareQuery(stats, analysed, (w) => source.segmenter.wordWeight(w));
  // documents whose title names the question's subject: their clauses score higher, and hold the title's topic words
  const evidence = documentEvidence(terms.titleDocs, prepared);
  const about = (i: number) => (evidence.size > 0 ? evidence.get(terms.documentOf(i)) : undefined);
  const inCorpusShare = evidence.size > 0 ? inCorpusWithTitles(prepared, evidence) : prepared.inCorpusShare;
  // the documents of the places the question names
  const local = terms.local ? (i: number) => terms.local!(terms.documentOf(i)) : undefined;
  const candidates = await terms.candidates({
    prepared,
    counts: { words: SEARCH_PARAMS.wordCandidates, grams: SEARCH_PARAMS.gramCandidates, region: SEARCH_PARAMS.regionCandidates },
    ...(evidence.size > 0 ? { factor: (i: number) => about(i)?.factor ?? 1, documentFactors: new Map([...evidence].map(([n, e]) => [n, e.factor])) } : {}),
    maxFactor: Math.max(1, ...[...evidence.values()].map((e) => e.factor)),
    ...(local ? { local } : {}),
  });
  const learned = learnedMatch(stats, prepared);
  // round 2: the clauses that can be ranked (the candidates, and those learned questions propose)
  const clauses = await source.clauses(terms, [...new Set([...candidates, ...learned.boosts.keys()])], now);
  stats = fetchedStats(source.stats, terms, clauses);
  const lists = queryPostings(clauses, prepared);
  // a clause's score: its own, with its document's evidence, lowered when the document is no longer current
  const scored = (i: number): Scored => {
    const s = withDocument(prepared, scoreClause(stats, i, prepared, lists), about(i));
    return clauses.current(terms.documentOf(i)) ? s : { ...s, score: s.score * SEARCH_PARAMS.notCurrentFactor };
  };
  let ranked = [...candidates].map(scored).filter((s) => s.score > 0);
  ranked.sort((a, b) => b.score - a.score || a.index - b.index);
  if (learned.boosts.size > 0) ranked = withLearned(ranked, learned.boosts, scored);
  ranked = preambleTrades(stats, ranked, (i) => clauses.introductory(i));

  const region = local ? regionNote(places, terms.anyLocal) : undefined;
  if (region?.covered) ranked = regionFirst(ranked, local!);

  const best = ranked[0];
  // answered when the corpus has the question's topic and the best clause covers enough of it,
  // or when a learned question holds most of it (users asked this before, in these words)
  const answered =
    best !== undefined &&
    ((inCorpusShare >= SEARCH_PARAMS.minInCorpus && best.coverage >= SEARCH_PARAMS.minCoverage) || learned.coverage >= SEARCH_PARAMS.learnedCoverage);
  if (prepared.anchor && prepared.topic.length <= SEARCH_PARAMS.anchorMaxTopic) ranked = anchorFirst(ranked, prepared.anchor);
  const shown = answered ? ranked.slice(0, k) : [];
  const results = shown.map((s) => toHit(stats, clauses.document(terms.documentOf(s.index)), s));
  const documents = clauses.documents([...new Set(shown.map((s) => terms.documentOf(s.index)))]);
  const words = prepared.topic.map((t) => t.term);
  const held = new Set(shown.flatMap((s) => s.topicHits));
  const telling = (t: TopicWord) => [...t.term].length >= 2 && !/^[\p{N}.]+$/u.test(t.term) && t.info >= SEARCH_PARAMS.uncoveredMinInfo;
  const uncovered = answered ? prepared.topic.filter((t) => !held.has(t.term) && telling(t)).map((t) => t.term) : [];
  const positions = shown.map((s) => ({ clause: s.index, document: terms.documentOf(s.index) }));
  return { query, answered, results, ...(region ? { region } : {}), ...(uncovered.length ? { uncovered } : {}), words, documents, positions };
}

/** An index in memory as a source: nothing to fetch. */
export function memorySource(index: LoadedIndex): SearchSource {
  let source = memorySources.get(index);
  if (!source) {
    const stats = corpusStats(index);
    const titles = documentTitles(index);
    source = {
      segmenter: index.segmenter,
      synonyms: index.synonyms,
      stats,
      terms: async ({ places }) => {
        const localDocs = places.length > 0 ? index.documents.map((d) => inRegion(d, places)) : undefined;
        return {
          wordDf: stats.wordDf,
          gramDf: stats.gramDf,
          learned: stats.learned,
          candidates: async (q: CandidateQuery) =>
            candidateSet(stats.size, queryPostings(stats, q.prepared), q),
          titleDocs: titles.docsOf,
          documentOf: (i) => titles.documentOf[i],
          ...(localDocs ? { local: (n: number) => localDocs[n] === true } : {}),
          anyLocal: localDocs?.some(Boolean) ?? false,
        };
      },
      clauses: async (_terms, _clauses, now) => {
        const current = currentDocuments(index, now);
        const introductory = introductoryClauses(stats);
        return {
          clause: stats.clause,
          lengths: stats.lengths,
          introductory: (i) => introductory[i] === 1,
          document: (n) => index.documents[n],
          current: (n) => current[n],
          word: stats.word,
          gram: stats.gram,
          documents: () => index.documentsById,
        };
      },
      head: async (limit) => ({ documents: index.documents.slice(0, limit), total: index.documents.length }),
    };
    memorySources.set(index, source);
  }
  return source;
}

const memorySources = new WeakMap<LoadedIndex, SearchSource>();

/** A clause with its document's evidence: its score times the factor, the title's topic words added to what it holds. */
function withDocument(q: PreparedQuery, s: Scored, doc: DocumentEvidence | undefined): Scored {
  if (!doc) return s;
  const topicHits = q.topic.filter((t) => s.topicHits.includes(t.term) || doc.holds.includes(t.term)).map((t) => t.term);
  return { ...s, score: s.score * doc.factor, topicHits, coverage: infoShare(q, topicHits) };
}

/** The share of the question's topic (by information) that these words are. */
function infoShare(q: PreparedQuery, words: string[]): number {
  const total = q.topic.reduce((sum, t) => sum + t.info, 0);
  return total > 0 ? q.topic.reduce((sum, t) => sum + (words.includes(t.term) ? t.info : 0), 0) / total : 0;
}

/** A topic word a document's title holds is in the corpus, whether or not a clause repeats it. */
function inCorpusWithTitles(q: PreparedQuery, evidence: Map<number, DocumentEvidence>): number {
  const inTitles = new Set([...evidence.values()].flatMap((e) => e.holds));
  return infoShare(q, q.topic.filter((t) => t.inCorpus || inTitles.has(t.term)).map((t) => t.term));
}

function regionNote(places: Mention[], covered: boolean): RegionNote {
  return { asked: [...new Set(places.map((p) => p.place.name))], covered };
}

/** Whether a document is from one of the places: its region names the place's city (or province), or is the place. */
export function inRegion(doc: DocumentMeta | undefined, places: Mention[]): boolean {
  if (!doc?.region) return false;
  return places.some((p) => doc.region!.includes(p.place.city ?? p.place.province) || doc.region === regionName(p.place));
}

/** Clauses of the documents from the region asked about go first when they answer the question. */
function regionFirst(ranked: Scored[], local: (i: number) => boolean): Scored[] {
  const first = (s: Scored) => s.coverage >= SEARCH_PARAMS.regionCoverage && local(s.index);
  return [...ranked.filter(first), ...ranked.filter((s) => !first(s))];
}

/** Learned questions lend their clauses a boost, in units of the best clause's own score (a clause they alone propose joins). */
function withLearned(ranked: Scored[], boosts: Map<number, number>, scored: (i: number) => Scored): Scored[] {
  const unit = ranked[0]?.score || 1;
  const byIndex = new Map(ranked.map((s) => [s.index, s]));
  for (const [i, boost] of boosts) {
    const s = byIndex.get(i) ?? scored(i);
    byIndex.set(i, { ...s, score: s.score + boost * unit });
  }
  return [...byIndex.values()].sort((a, b) => b.score - a.score || a.index - b.index);
}

/**
 * A document's preamble (the salutation and purpose before its first numbered clause:
 * 「各区县人民政府…为加快推进中小企业数字化转型，制定以下措施」) restates the title in a few
 * words, so it outscores the article that answers, yet says nothing one can apply for. It
 * trades its score with the clause of its document that covers the most of the question (at
 * least as much as the preamble; of equals, the better scored; not a heading without text of
 * its own): the document keeps its place in the ranking, its article leads, and the preamble
 * goes where that article was. A preamble that covers more than any clause of its document
 * (the contact address in a draft's 发布说明) keeps its place. Scores stay in order, so the
 * answer's relevance cut reads them as before. Measured: no change to hit@k on the seeds or
 * STARD (no preambles there), nor to doc@k of the realdocs naming questions (README).
 */
function preambleTrades(stats: CorpusStats, ranked: Scored[], introductory: (i: number) => boolean): Scored[] {
  if (!ranked.some((s) => introductory(s.index))) return ranked;
  const out = [...ranked];
  const traded = new Set<number>();
  const docOf = (s: Scored) => stats.clause(s.index).docId;
  // a heading without text of its own answers nothing itself
  const answers = (s: Scored) => !introductory(s.index) && (stats.clause(s.index).text !== "" || stats.clause(s.index).children === 0);
  for (let i = 0; i < out.length; i++) {
    const preamble = out[i];
    if (!introductory(preamble.index) || traded.has(i)) continue;
    const doc = docOf(preamble);
    let best = -1;
    for (let j = i + 1; j < out.length; j++) {
      const s = out[j];
      if (!answers(s) || traded.has(j) || s.coverage < preamble.coverage || docOf(s) !== doc) continue;
      if (best < 0 || s.coverage > out[best].coverage) best = j;
    }
    if (best < 0) continue;
    const article = out[best];
    out[i] = { ...article, score: preamble.score };
    out[best] = { ...preamble, score: article.score };
    traded.add(i).add(best);
  }
  return out.sort((a, b) => b.score - a.score || a.index - b.index);
}

/** Topic first: clauses holding the question's most specific word go before those that miss it. */
function anchorFirst(ranked: Scored[], anchor: string): Scored[] {
  const holds = (s: Scored) => s.topicHits.includes(anchor);
  return [...ranked.filter(holds), ...ranked.filter((s) => !holds(s))];
}

function toHit(stats: CorpusStats, doc: DocumentMeta | undefined, s: Scored): SearchHit {
  const c = stats.clause(s.index);
  return {
    id: c.id,
    docId: c.docId,
    title: doc?.title ?? c.docId,
    label: c.label,
    path: c.path,
    text: c.text,
    context: c.context,
    score: Math.round(s.score * 1000) / 1000,
    ...(c.deadlines ? { deadlines: c.deadlines } : {}),
  };
}
