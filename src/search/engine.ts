// search: question → ranked clauses, or an honest "nothing relevant". Orama's BM25 over the
// segmented fields proposes candidates, the character-bigram net adds clauses whose words
// were cut differently, rank.ts orders them, the region the question names goes first,
// and a question whose topic words the best clause barely covers is not answered.
import { search as oramaSearch } from "@orama/orama";
import type { DocumentMeta } from "../shared/schema.js";
import { regionName } from "../shared/regions.js";
import { exactPostings } from "./db.js";
import type { LoadedIndex } from "./load-index.js";
import { analyseQuery, type AnalysedQuery } from "./query.js";
import { prepareQuery, scoreClause, type PreparedQuery, type Scored } from "./rank.js";
import { corpusStats, type CorpusStats } from "./stats.js";

export const SEARCH_PARAMS = {
  /** "postings": Orama's index looked up by exact token, pre-ranked by idf; "bm25": Orama's own search. */
  candidateMode: "postings" as "postings" | "bm25",
  oramaCandidates: 30,
  /** Fields Orama proposes candidates from (the lead-in field only re-ranks). */
  oramaFields: ["words", "headingWords"] as ("words" | "headingWords" | "contextWords")[],
  gramCandidates: 15,
  /**
   * Abstain unless the corpus has at least this share of the question's topic (its words
   * weighted by how much they say in general Chinese)…
   */
  minInCorpus: 0.5,
  /** …and the best clause covers at least this share of it. */
  minCoverage: 0.15,
  /** A clause from the region asked about goes first if it covers this share of the question's topic. */
  regionCoverage: 0.5,
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
  /** The question's topic words (for picking sentences to show). */
  words: string[];
}

export interface SearchOptions {
  k?: number;
}

export async function search(index: LoadedIndex, query: string, { k = 5 }: SearchOptions = {}): Promise<SearchResponse> {
  const analysed = analyseQuery(index, query);
  const stats = corpusStats(index);
  const prepared = prepareQuery(stats, analysed, (w) => index.segmenter.wordWeight(w));
  const candidates = await candidateSet(index, stats, analysed, prepared);
  let ranked = [...candidates].map((i) => scoreClause(stats, i, prepared)).filter((s) => s.score > 0);
  ranked.sort((a, b) => b.score - a.score || a.index - b.index);

  const region = regionNote(index, analysed);
  if (region?.covered) ranked = regionFirst(index, stats, ranked, analysed);

  const best = ranked[0];
  const answered =
    best !== undefined && prepared.inCorpusShare >= SEARCH_PARAMS.minInCorpus && best.coverage >= SEARCH_PARAMS.minCoverage;
  const results = answered ? ranked.slice(0, k).map((s) => toHit(index, stats, s)) : [];
  const words = prepared.topic.map((t) => t.term);
  return { query, answered, results, ...(region ? { region } : {}), words };
}

async function candidateSet(index: LoadedIndex, stats: CorpusStats, q: AnalysedQuery, p: PreparedQuery): Promise<Set<number>> {
  const out = new Set<number>();
  if (SEARCH_PARAMS.candidateMode === "postings") {
    const preScores = new Map<number, number>();
    for (const t of p.terms) {
      for (const field of SEARCH_PARAMS.oramaFields) {
        const weight = t.weight * t.idf * (field === "headingWords" ? 1.5 : 1);
        for (const i of exactPostings(index.db, field, t.term)) preScores.set(i, (preScores.get(i) ?? 0) + weight);
      }
    }
    [...preScores.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, SEARCH_PARAMS.oramaCandidates)
      .forEach(([i]) => out.add(i));
  } else if (q.terms.length > 0) {
    const result = await oramaSearch(index.db, {
      term: q.terms.map((t) => t.term).join(" "),
      properties: SEARCH_PARAMS.oramaFields,
      boost: { headingWords: 1.5 },
      threshold: 1,
      limit: SEARCH_PARAMS.oramaCandidates,
    });
    for (const hit of result.hits) {
      const i = stats.position(hit.id);
      if (i !== undefined) out.add(i);
    }
  }
  // Bigram net: clauses sharing the most (idf-weighted) bigrams with the question.
  const gramScores = new Map<number, number>();
  for (const g of p.grams) {
    for (const i of stats.gramPostings(g.gram)) gramScores.set(i, (gramScores.get(i) ?? 0) + g.idf);
  }
  [...gramScores.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, SEARCH_PARAMS.gramCandidates)
    .forEach(([i]) => out.add(i));
  return out;
}

function regionNote(index: LoadedIndex, q: AnalysedQuery): RegionNote | undefined {
  const asked = [...new Set(q.places.map((p) => regionName(p.place)))];
  if (asked.length === 0) return undefined;
  const covered = index.documents.some((d) => inRegion(d, q));
  return { asked: [...new Set(q.places.map((p) => p.place.name))], covered };
}

function inRegion(doc: DocumentMeta | undefined, q: AnalysedQuery): boolean {
  if (!doc?.region) return false;
  return q.places.some((p) => doc.region!.includes(p.place.city ?? p.place.province) || doc.region === regionName(p.place));
}

/** Clauses of the documents from the region asked about go first when they answer the question. */
function regionFirst(index: LoadedIndex, stats: CorpusStats, ranked: Scored[], q: AnalysedQuery): Scored[] {
  const local = (s: Scored) =>
    s.coverage >= SEARCH_PARAMS.regionCoverage && inRegion(index.documentsById.get(stats.at(s.index).clause.docId), q);
  return [...ranked.filter(local), ...ranked.filter((s) => !local(s))];
}

function toHit(index: LoadedIndex, stats: CorpusStats, s: Scored): SearchHit {
  const c = stats.at(s.index).clause;
  return {
    id: c.id,
    docId: c.docId,
    title: index.documentsById.get(c.docId)?.title ?? c.docId,
    label: c.label,
    path: c.path,
    text: c.text,
    context: c.context,
    score: Math.round(s.score * 1000) / 1000,
  };
}
