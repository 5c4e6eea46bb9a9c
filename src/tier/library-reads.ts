// What the bot, the web pages and the reminders read of a tier version besides the search
// (./source.ts): clauses and documents by number or id, a document's clauses, the library's
// summary, newest documents, the clauses that state deadlines, and the documents that repeal
// others, merged so that a document's status is the one the whole library gives it. Edge-safe.
import type { Db } from "../db/db.js";
import type { StoredClause } from "../search/db.js";
import type { LibraryHead, LibrarySummary } from "../search/source.js";
import type { Deadline, DocumentMeta, WithdrawnDocument } from "../shared/schema.js";
import { clausesFrom, DEADLINES_WHERE, docsFrom, type VersionTables } from "./schema.js";
import type { Gone } from "./source.js";
import { clauseDocId } from "../shared/clause-id.js";
import { documentClauses } from "./rows.js";

export interface TierLibraryReads {
  /** The clauses numbered so (undefined where there is none), and their documents (by number) with those that repeal them. */
  clausesAt(ns: number[]): Promise<{ clauses: (StoredClause | undefined)[]; documents: Map<number, TierDocument> }>;
  /** Document n with those that repeal it, or undefined when there is none. */
  documentAt(n: number): Promise<TierDocument | undefined>;
  /** How many documents, their places, dates and kinds (read once per version: a scan of the documents' rows). */
  summary(): Promise<LibrarySummary>;
  /** The live document with this id, its number, and those that repeal it. */
  documentById(id: string): Promise<(TierDocument & { n: number }) | undefined>;
  /** Document n's clauses in document order. */
  clausesOf(n: number): Promise<StoredClause[]>;
  /** Which of these ids are live documents. */
  live(ids: string[]): Promise<Set<string>>;
  /** The documents withdrawn or replaced (the index's withdrawn.json). */
  withdrawn: WithdrawnDocument[];
  /** The newest documents by date (those without one last; ties in library order), at most `max`. */
  newest(max: number): Promise<DocumentMeta[]>;
  /** The clauses that state deadlines, in library order: their numbers, ids and deadlines only (/deadlines picks which to show, then reads those). */
  deadlineDates(): Promise<{ n: number; id: string; deadlines: Deadline[] }[]>;
  /** The first `limit` documents and the count. */
  head(limit: number): Promise<LibraryHead>;
  /**
   * The live documents an upload may duplicate (manage/upload.ts duplicatesOf decides): its id,
   * or a title or 文号 holding the longest run of Chinese characters of its own.
   */
  duplicateCandidates(doc: Pick<DocumentMeta, "id" | "title" | "docNumber">): Promise<DocumentMeta[]>;
  /** Live clauses by id ("docId:path"), with their numbers and their documents' titles: what learned questions and /stats name. */
  clausesById(ids: string[]): Promise<Map<string, { n: number; clause: StoredClause; title: string }>>;
}

/** What a loaded version knows that these reads need. */
export interface VersionLayout {
  shards: Db[];
  v: VersionTables;
  /** Clause numbers are below this (a delta's gone documents' clauses still have theirs). */
  span: number;
  /** Each document's first clause. */
  docStarts: Int32Array;
  /** Each document's shard. */
  docShard: Uint8Array;
  documentOf: (clause: number) => number;
  /** A delta version's documents gone. */
  gone: Gone;
  withdrawn: WithdrawnDocument[];
  /** The summary and newest documents the version's meta keeps (rows.ts), when it does: no scan of the documents then. */
  kept?: { summary: LibrarySummary; newest: DocumentMeta[] };
}

export function libraryReads({ shards, v, span, docStarts, docShard, documentOf, gone, withdrawn, kept }: VersionLayout): TierLibraryReads {
  const docs = docsFrom(v);
  const clauses = clausesFrom(v);
  const total = docStarts.length - gone.documents.length;
  const isLive = (n: number) => Number.isSafeInteger(n) && n >= 0 && n < docStarts.length && !gone.documentMask?.[n];
  const clauseRange = (n: number) => documentClauses(docStarts, span, n);
  let summary: Promise<LibrarySummary> | undefined;
  const newest = new Map<number, Promise<DocumentMeta[]>>();
  return {
    clausesAt: async (ns) => {
      const valid = [...new Set(ns.filter((n) => Number.isSafeInteger(n) && n >= 0 && n < span && !gone.clauseMask?.[n]))].sort((a, b) => a - b);
      const byShard = shards.map(() => [] as number[]);
      for (const n of valid) byShard[docShard[documentOf(n)]].push(n);
      const [rows, documents] = await Promise.all([
        Promise.all(shards.map((db, s) => (byShard[s].length ? db.prepare(`SELECT n, record FROM ${clauses} WHERE n IN (SELECT value FROM json_each(?))`).bind(JSON.stringify(byShard[s])).all<{ n: number; record: string }>() : []))),
        documentRows(shards[0], v, [...new Set(valid.map(documentOf))]),
      ]);
      const records = new Map(rows.flat().map((r) => [Number(r.n), JSON.parse(r.record) as StoredClause]));
      return { clauses: ns.map((n) => records.get(n)), documents };
    },
    documentAt: async (n) => (isLive(n) ? (await documentRows(shards[0], v, [n])).get(n) : undefined),
    summary: () =>
      (summary ??= kept ? Promise.resolve(kept.summary) : (async () => {
        const dated = `NULLIF(json_extract(meta, '$.date'), '')`;
        const [figures, places, kinds] = await Promise.all([
          shards[0].prepare(`SELECT COUNT(*) AS total, MAX(${dated}) AS newest, MIN(${dated}) AS oldest FROM ${docs}`).first<{ total: number; newest: string | null; oldest: string | null }>(),
          shards[0].prepare(`SELECT region FROM ${docs} WHERE region IS NOT NULL AND region <> '' GROUP BY region ORDER BY MIN(n)`).all<{ region: string }>(),
          shards[0].prepare(`SELECT json_extract(meta, '$.kind') AS kind, COUNT(*) AS count FROM ${docs} GROUP BY 1 ORDER BY MIN(n)`).all<{ kind: string; count: number }>(),
        ]);
        return {
          total: Number(figures?.total ?? 0),
          regions: places.map((r) => r.region),
          ...(figures?.newest ? { newest: figures.newest } : {}),
          ...(figures?.oldest ? { oldest: figures.oldest } : {}),
          kinds: kinds.map((k) => ({ kind: k.kind, count: Number(k.count) })),
        };
      })().catch((e) => {
        summary = undefined;
        throw e;
      })),
    documentById: async (id) => {
      const r = await shards[0].prepare(`SELECT n, meta, repealers FROM ${docs} WHERE id = ?`).bind(id).first<DocumentRow>();
      return r ? { n: Number(r.n), ...documentOfRow(r) } : undefined;
    },
    clausesOf: async (n) => {
      if (!isLive(n)) return [];
      const rows = await shards[docShard[n]].prepare(`SELECT record FROM ${clauses} WHERE n >= ? AND n < ? ORDER BY n`).bind(...clauseRange(n)).all<{ record: string }>();
      return rows.map((r) => JSON.parse(r.record) as StoredClause);
    },
    live: async (ids) => {
      if (ids.length === 0) return new Set();
      const rows = await shards[0].prepare(`SELECT id FROM ${docs} WHERE id IN (SELECT value FROM json_each(?))`).bind(JSON.stringify(ids)).all<{ id: string }>();
      return new Set(rows.map((r) => r.id));
    },
    withdrawn,
    // a scan of the documents' rows (the home page asks on every visit): once per version and size
    newest: (max) => {
      // the meta keeps the newest documents: enough for every page, or all of them
      if (kept && (max <= kept.newest.length || kept.newest.length >= total)) return Promise.resolve(kept.newest.slice(0, Math.max(0, max)));
      let found = newest.get(max);
      if (!found) {
        const limit = Math.max(0, Math.min(max, total));
        found = shards[0]
          .prepare(`SELECT meta FROM ${docs} ORDER BY COALESCE(json_extract(meta, '$.date'), '') DESC, n LIMIT ?`)
          .bind(limit)
          .all<{ meta: string }>()
          .then((rows) => rows.map((r) => JSON.parse(r.meta) as DocumentMeta));
        newest.set(max, found);
        found.catch(() => newest.delete(max));
      }
      return found;
    },
    deadlineDates: async () => {
      const sql = `SELECT n, json_extract(record, '$.id') AS id, json_extract(record, '$.deadlines') AS deadlines FROM ${clauses} WHERE ${DEADLINES_WHERE}`;
      const rows = (await Promise.all(shards.map((db) => db.prepare(sql).all<{ n: number; id: string; deadlines: string }>()))).flat().filter((r) => !gone.clauseMask?.[Number(r.n)]);
      rows.sort((a, b) => Number(a.n) - Number(b.n));
      return rows.map((r) => ({ n: Number(r.n), id: r.id, deadlines: JSON.parse(r.deadlines) as Deadline[] }));
    },
    duplicateCandidates: async (doc) => {
      const rows = await shards[0]
        .prepare(`SELECT n FROM ${docs} WHERE id = ?1 OR (?2 <> '' AND instr(json_extract(meta, '$.title'), ?2) > 0) OR (?3 <> '' AND instr(COALESCE(json_extract(meta, '$.docNumber'), ''), ?3) > 0)`)
        .bind(doc.id, longestHanRun(doc.title), longestHanRun(doc.docNumber ?? ""))
        .all<{ n: number }>();
      const found = await documentRows(shards[0], v, rows.map((r) => Number(r.n)));
      return [...found].sort(([a], [b]) => a - b).map(([, d]) => d.meta);
    },
    clausesById: async (ids) => {
      const wanted = new Set(ids);
      const docIds = [...new Set(ids.flatMap((id) => clauseDocId(id) ?? []))];
      const found = new Map<string, { n: number; clause: StoredClause; title: string }>();
      if (docIds.length === 0) return found;
      const owners = await shards[0].prepare(`SELECT n, json_extract(meta, '$.title') AS title FROM ${docs} WHERE id IN (SELECT value FROM json_each(?))`).bind(JSON.stringify(docIds)).all<{ n: number; title: string }>();
      const perDocument = await Promise.all(
        owners.map((d) => shards[docShard[Number(d.n)]].prepare(`SELECT n, record FROM ${clauses} WHERE n >= ? AND n < ?`).bind(...clauseRange(Number(d.n))).all<{ n: number; record: string }>()),
      );
      perDocument.forEach((rows, k) => {
        for (const r of rows) {
          const clause = JSON.parse(r.record) as StoredClause;
          if (wanted.has(clause.id)) found.set(clause.id, { n: Number(r.n), clause, title: owners[k].title });
        }
      });
      return found;
    },
    head: async (limit) => {
      const rows = await shards[0].prepare(`SELECT meta FROM ${docs} ORDER BY n LIMIT ?`).bind(Math.max(0, Math.min(limit, total))).all<{ meta: string }>();
      return { documents: rows.map((r) => JSON.parse(r.meta) as DocumentMeta), total };
    },
  };
}

/** A document's metadata and the library's documents that name it as repealed (in library order): what its status reads. */
export interface TierDocument {
  meta: DocumentMeta;
  repealers: DocumentMeta[];
}

/**
 * Documents and those that repeal them, by id. Each one's repealers come in library order; the
 * merge keeps every such order, so that documentStatus over the map finds for each document the
 * repealer it finds over the whole library.
 */
export const withRepealers = (docs: TierDocument[]): Map<string, DocumentMeta> => new Map(inOrder([...docs.map((d) => [d.meta]), ...docs.map((d) => d.repealers)]).map((d) => [d.id, d]));

/** A document and those that repeal it, by id: the library its status is judged in (documentStatus gives the whole library's answer). */
export const statusLibrary = (d: TierDocument): ReadonlyMap<string, DocumentMeta> => new Map([d.meta, ...d.repealers].map((m) => [m.id, m]));

/**
 * Documents from lists that are each in library order, in one order that keeps every list's
 * (Kahn's topological sort of the lists' successions; ties in the order first met).
 */
export function inOrder(lists: DocumentMeta[][]): DocumentMeta[] {
  const byId = new Map<string, DocumentMeta>();
  const next = new Map<string, Set<string>>();
  const waiting = new Map<string, number>();
  for (const list of lists)
    list.forEach((d, k) => {
      byId.set(d.id, d);
      if (!waiting.has(d.id)) waiting.set(d.id, 0);
      if (k === 0 || list[k - 1].id === d.id) return;
      const after = next.get(list[k - 1].id) ?? new Set<string>();
      if (!after.has(d.id)) waiting.set(d.id, waiting.get(d.id)! + 1);
      next.set(list[k - 1].id, after.add(d.id));
    });
  const ready = [...waiting].filter(([, n]) => n === 0).map(([id]) => id);
  const out: DocumentMeta[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    out.push(byId.get(id)!);
    for (const later of next.get(id) ?? []) {
      const n = waiting.get(later)! - 1;
      waiting.set(later, n);
      if (n === 0) ready.push(later);
    }
  }
  if (out.length !== byId.size) throw new Error("tier: documents' repealers are not in one library order");
  return out;
}

/** Documents by number, with those that repeal them (shard 0's docs table). */
export async function documentRows(db: Db, v: VersionTables, ns: number[]): Promise<Map<number, TierDocument>> {
  if (ns.length === 0) return new Map();
  const rows = await db.prepare(`SELECT n, meta, repealers FROM ${docsFrom(v)} WHERE n IN (SELECT value FROM json_each(?))`).bind(JSON.stringify(ns)).all<DocumentRow>();
  return new Map(rows.map((r) => [Number(r.n), documentOfRow(r)]));
}

interface DocumentRow {
  n: number;
  meta: string;
  repealers: string;
}

const documentOfRow = (r: DocumentRow): TierDocument => ({ meta: JSON.parse(r.meta) as DocumentMeta, repealers: JSON.parse(r.repealers) as DocumentMeta[] });

/** The longest run of Chinese characters in a text ("" when none): what a title or 文号 keeps through any squashing of brackets, spaces and widths. */
function longestHanRun(text: string): string {
  return (text.match(/[\u4e00-\u9fff]+/g) ?? []).reduce((best, run) => (run.length > best.length ? run : best), "");
}
