// What the bot's answers and buttons read: the index in this isolate, or the search tier
// (src/tier/) when one is configured, behind one interface, so that an answer, 查看原文, 更多结果,
// 来源文件 and inline mode look the same whichever holds the library. Buttons refer to clauses and
// documents by their number in the library (./callback-data.ts), which both number alike.
import type { DocumentMeta } from "../shared/schema.js";
import { memorySource, search, searchSource, type SearchHit, type SearchResponse } from "../search/engine.js";
import type { LoadedIndex } from "../search/load-index.js";
import { summaryOf, type LibraryHead, type LibrarySummary } from "../search/source.js";
import type { StoredClause } from "../search/db.js";
import type { TierVersion } from "../tier/source.js";
import { statusLibrary, withRepealers } from "../tier/library-reads.js";
import { fnv1a } from "../tier/schema.js";
import { indexVersion } from "./callback-data.js";
import { deadlineEntries, libraryDeadlines, pickDeadlines, type DeadlineList } from "../answer/telegram-deadlines.js";
import { hitAt } from "./positions.js";

export interface BotLibrary {
  /** What buttons carry, to recognise a press after the library changed (hex). */
  version: string;
  search(question: string, options: { k: number; now: Date }): Promise<SearchResponse>;
  /** The first documents and the count: what an answer that found nothing, and /docs, list. */
  head(limit: number): Promise<LibraryHead>;
  /** How many documents, their places, the newest date: the welcome. */
  summary(): Promise<LibrarySummary>;
  /** The deadlines /deadlines shows (the soonest upcoming, the newest past) and how many are upcoming. */
  deadlines(now: Date): Promise<DeadlineList>;
  /** A question's words as the search cuts them (for the sentences an answer shows). */
  words(question: string): string[];
  /** The clauses at these numbers that exist, in that order, as a page of an answer already ranked (更多结果, 查看原文). */
  page(question: string, clauses: number[]): Promise<SearchResponse>;
  /** Document n and the documents its status is judged among, or undefined. */
  document(n: number): Promise<{ meta: DocumentMeta; library: ReadonlyMap<string, DocumentMeta> } | undefined>;
}

const memoryLibraries = new WeakMap<LoadedIndex, BotLibrary>();

/** The index in this isolate. */
export function memoryLibrary(index: LoadedIndex): BotLibrary {
  let library = memoryLibraries.get(index);
  if (!library) {
    const numbers = new Map(index.documents.map((d, n) => [d.id, n]));
    const words = (question: string) => index.segmenter.cutForSearch(question, true);
    library = {
      version: indexVersion(index.manifest.contentHash),
      search: (question, options) => search(index, question, options),
      head: (limit) => memorySource(index).head(limit),
      summary: async () => summaryOf(index.documents),
      deadlines: async (now) => libraryDeadlines(index, now),
      words,
      page: async (question, clauses) => {
        const found = clauses.flatMap((clause) => {
          const hit = hitAt(index, clause);
          return hit ? [{ hit, clause, document: numbers.get(hit.docId) ?? -1 }] : [];
        });
        return laterPage(question, found, index.documentsById, words);
      },
      document: async (n) => (index.documents[n] ? { meta: index.documents[n], library: index.documentsById } : undefined),
    };
    memoryLibraries.set(index, library);
  }
  return library;
}

/** The search tier's live version. */
export function tierLibrary(tier: TierVersion): BotLibrary {
  const contentHash = (tier.manifest as { contentHash?: unknown } | undefined)?.contentHash;
  const words = (question: string) => tier.segmenter.cutForSearch(question, true);
  return {
    version: indexVersion(typeof contentHash === "string" && /^[0-9a-f]{8}/.test(contentHash) ? contentHash : fnv1a(tier.version).toString(16).padStart(8, "0")),
    search: (question, options) => searchSource(tier, question, options),
    words,
    head: (limit) => tier.head(limit),
    summary: () => tier.summary(),
    deadlines: async (now) => {
      const dated = await tier.deadlineDates();
      const { picked, upcoming } = pickDeadlines(dated, now);
      // only the shown deadlines' clauses and documents are read
      const numbers = new Map(dated.map((d) => [d.id, d.n]));
      const wanted = [...new Set(picked.map((p) => numbers.get(p.clauseId)!))];
      const { clauses, documents } = await tier.clausesAt(wanted);
      const byId = new Map(clauses.flatMap((c) => (c ? [[c.id, c] as const] : [])));
      const docs = new Map([...documents.values()].map((d) => [d.meta.id, d]));
      return {
        entries: deadlineEntries(picked, (id) => byId.get(id), (docId) => {
          const d = docs.get(docId);
          return d && { meta: d.meta, library: statusLibrary(d) };
        }, now),
        upcoming,
      };
    },
    page: async (question, clauses) => {
      const { clauses: records, documents } = await tier.clausesAt(clauses);
      const byId = new Map([...documents].map(([n, d]) => [d.meta.id, { n, meta: d.meta }]));
      const found = clauses.flatMap((clause, k) => {
        const record = records[k];
        const doc = record && byId.get(record.docId);
        return record && doc ? [{ hit: hitOf(record, doc.meta), clause, document: doc.n }] : [];
      });
      return laterPage(question, found, withRepealers([...documents.values()]), words);
    },
    document: async (n) => {
      const d = await tier.documentAt(n);
      return d ? { meta: d.meta, library: statusLibrary(d) } : undefined;
    },
  };
}

/** A page of clauses ranked earlier: the question's words (for the sentences shown), no new search. */
function laterPage(question: string, found: { hit: SearchHit; clause: number; document: number }[], documents: ReadonlyMap<string, DocumentMeta>, cut: (q: string) => string[]): SearchResponse {
  const words = cut(question).filter((w) => w.trim() !== "");
  return { query: question, answered: true, results: found.map((f) => f.hit), words, documents, positions: found.map(({ clause, document }) => ({ clause, document })) };
}

/** A stored clause as a hit of a later page (score 0: it was not ranked now), as ./positions.ts hitAt makes one. */
function hitOf(c: StoredClause, doc: DocumentMeta): SearchHit {
  return { id: c.id, docId: c.docId, title: doc.title, label: c.label, path: c.path, text: c.text, context: c.context, score: 0 };
}

