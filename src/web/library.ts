// What the pages look up in the library: a document and its clauses in order, what happened to a
// document that left (withdrawn.json), what the library holds, and the answer to a question. The
// library is the index in the isolate (looked up in maps built once per loaded index: a WeakMap, so
// a new version gets its own), or the search tier (src/tier/) when one is configured.
import { allClauses, type StoredClause } from "../search/db.js";
import { search, searchSource, type SearchResponse } from "../search/engine.js";
import type { LoadedIndex } from "../search/load-index.js";
import type { DocumentMeta, WithdrawnDocument } from "../shared/schema.js";
import type { TierVersion } from "../tier/source.js";
import { newestOf } from "../search/source.js";
import { statusLibrary } from "../tier/library-reads.js";

export interface PageLibrary {
  /** What the page cache's keys and the ETags hold: a new version never serves an old page. */
  contentHash: string;
  search(question: string, options: { k: number; now: Date }): Promise<SearchResponse>;
  /** A live document and the documents its status is judged among; undefined when it is not live. */
  document(id: string): Promise<{ meta: DocumentMeta; library: ReadonlyMap<string, DocumentMeta> } | undefined>;
  /** A live document's clauses in document order. */
  clausesOf(docId: string): Promise<StoredClause[]>;
  /** What became of a document that is not live: undefined when the library never recorded it. */
  departure(docId: string): Promise<Departure | undefined>;
  holdings(): Promise<Holdings>;
  /** Documents newest first (by their date; those without one last), at most `max`. */
  newest(max: number): Promise<DocumentMeta[]>;
}

/** The index in the isolate. */
export function memoryPages(index: LoadedIndex): PageLibrary {
  return {
    contentHash: index.manifest.contentHash,
    search: (question, options) => search(index, question, options),
    document: async (id) => {
      const meta = index.documentsById.get(id);
      return meta ? { meta, library: index.documentsById } : undefined;
    },
    clausesOf: async (docId) => libraryOf(index).clausesOf(docId),
    departure: async (docId) => departure(index, docId),
    holdings: async () => holdings(index),
    newest: async (max) => newestDocuments(index, max),
  };
}

/** The search tier's live version. */
export function tierPages(tier: TierVersion): PageLibrary {
  const contentHash = (tier.manifest as { contentHash?: unknown } | undefined)?.contentHash;
  const gone = new Map(tier.withdrawn.map((w) => [w.id, w]));
  return {
    contentHash: typeof contentHash === "string" ? contentHash : `tier-${tier.version}`,
    search: (question, options) => searchSource(tier, question, options),
    document: async (id) => {
      const d = await tier.documentById(id);
      return d ? { meta: d.meta, library: statusLibrary(d) } : undefined;
    },
    clausesOf: async (docId) => {
      const d = await tier.documentById(docId);
      return d ? tier.clausesOf(d.n) : [];
    },
    departure: async (docId) => {
      const record = gone.get(docId);
      if (!record) return undefined;
      let next = record.replacedBy;
      for (let hops = 0; next !== undefined && hops < 50; hops++) {
        const live = await tier.documentById(next);
        if (live) return { record, replacement: live.meta };
        next = gone.get(next)?.replacedBy;
      }
      return { record };
    },
    holdings: async () => {
      const [summary, live] = await Promise.all([tier.summary(), tier.live([...gone.keys()])]);
      const year = (date: string | undefined) => (date ? Number(date.slice(0, 4)) : NaN);
      const years: [number, number] | undefined = Number.isFinite(year(summary.oldest)) && Number.isFinite(year(summary.newest)) ? [year(summary.oldest), year(summary.newest)] : undefined;
      return { documents: summary.total, regions: summary.regions, years, kinds: summary.kinds, withdrawn: [...gone.keys()].filter((id) => !live.has(id)).length };
    },
    newest: (max) => tier.newest(max),
  };
}

export interface Library {
  clause(id: string): StoredClause | undefined;
  /** A document's clauses in document order. */
  clausesOf(docId: string): StoredClause[];
  withdrawn(docId: string): WithdrawnDocument | undefined;
}

const built = new WeakMap<LoadedIndex, Library>();

export function libraryOf(index: LoadedIndex): Library {
  let library = built.get(index);
  if (!library) {
    const byId = new Map<string, StoredClause>();
    const byDoc = new Map<string, StoredClause[]>();
    for (const clause of allClauses(index.db)) {
      byId.set(clause.id, clause);
      const list = byDoc.get(clause.docId);
      if (list) list.push(clause);
      else byDoc.set(clause.docId, [clause]);
    }
    for (const list of byDoc.values()) list.sort((a, b) => a.order - b.order);
    const gone = new Map(index.withdrawn.map((w) => [w.id, w]));
    library = { clause: (id) => byId.get(id), clausesOf: (docId) => byDoc.get(docId) ?? [], withdrawn: (docId) => gone.get(docId) };
    built.set(index, library);
  }
  return library;
}

/** The position part of a clause id: "3.2.1". */
export const clauseNumbers = (clauseId: string) => clauseId.slice(clauseId.lastIndexOf(":") + 1);

export interface Departure {
  record: WithdrawnDocument;
  /** The live document that took its place, following replacements made since (A → B → C). */
  replacement?: DocumentMeta;
}

/** What became of a document that is not live: undefined when the index never recorded it. */
export function departure(index: LoadedIndex, docId: string): Departure | undefined {
  const library = libraryOf(index);
  const record = library.withdrawn(docId);
  if (!record) return undefined;
  let next = record.replacedBy;
  for (let hops = 0; next !== undefined && hops < 50; hops++) {
    const live = index.documentsById.get(next);
    if (live) return { record, replacement: live };
    next = library.withdrawn(next)?.replacedBy;
  }
  return { record };
}

/** Documents newest first (by their date; those without one last), at most `max`. */
export function newestDocuments(index: LoadedIndex, max: number): DocumentMeta[] {
  return newestOf(index.documents, max);
}

export interface Holdings {
  documents: number;
  regions: string[];
  /** The first and last year of the documents' dates. */
  years?: [number, number];
  kinds: { kind: string; count: number }[];
  withdrawn: number;
}

export function holdings(index: LoadedIndex): Holdings {
  const regions = [...new Set(index.documents.map((d) => d.region).filter((r): r is string => !!r))];
  const years = index.documents.map((d) => (d.date ? Number(d.date.slice(0, 4)) : NaN)).filter((y) => Number.isFinite(y));
  const kinds = new Map<string, number>();
  for (const d of index.documents) kinds.set(d.kind, (kinds.get(d.kind) ?? 0) + 1);
  return {
    documents: index.documents.length,
    regions,
    years: years.length ? [Math.min(...years), Math.max(...years)] : undefined,
    kinds: [...kinds].map(([kind, count]) => ({ kind, count })),
    withdrawn: index.withdrawn.filter((w) => !index.documentsById.has(w.id)).length,
  };
}
