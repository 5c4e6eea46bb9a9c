// The search tier as a search source (src/search/source.ts): today's ranking over an index that
// lives in SQL (./schema.ts), one database or several shards. Per version, once per isolate: the
// counts and field averages of the WHOLE corpus, the lexicon (segmenter), synonyms, learned
// questions' sizes, and each document's first clause and shard — a few bytes per document, the
// rest stays in the database. Per question, two round trips to every shard, in parallel: the
// postings of the words and bigrams it may use (merged across shards, so df and idf are the
// corpus's), and the candidates' clauses. Edge-safe.
import type { Db } from "../db/db.js";
import { decodeColumns, decodeVarints } from "../search/postings.js";
import { createSegmenter } from "../search/segment/jieba.js";
import { inRegion } from "../search/engine.js";
import type { ClauseData, GlobalStats, LibrarySummary, SearchSource, TermData, TermRequest } from "../search/source.js";
import { toGramPostings, toWordPostings, type GramPostings } from "../search/stats.js";
import { charBigrams } from "../search/normalise.js";
import { tierCandidates, type CandidateLists, type WordLists } from "./candidates.js";
import { documentStatus } from "../shared/document-status.js";
import type { Mention } from "../shared/regions.js";
import type { DocumentMeta, WithdrawnDocument } from "../shared/schema.js";
import type { StoredClause } from "../search/db.js";
import type { Lexicon } from "../search/segment/lexicon.js";
import type { TierMetaValues } from "./rows.js";
import { DEADLINES_WHERE, FLAG, KIND, STRIDE, tablesOf, type TierTables } from "./schema.js";
import { readTierLive } from "./publish.js";

export interface TierVersion extends SearchSource {
  version: string;
  manifest: unknown;
  documents: number;
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
  /** The clauses that state deadlines, in library order, and their documents by id with those that repeal them (/deadlines). */
  deadlineClauses(): Promise<{ clauses: StoredClause[]; documents: Map<string, TierDocument> }>;
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

const loaded = new WeakMap<Db, Map<string, Promise<TierVersion>>>();

/** How often a reader looks at the pointer again (as the live index checks live.json). */
export const TIER_CHECK_MS = 10_000;

/**
 * The live version for a server: the pointer read at most every `checkEveryMs`, each version
 * loaded once. A switch is seen within that time; a question never waits for a pointer read
 * when the last one is fresh.
 */
export function tierReader(shards: Db[], { checkEveryMs = TIER_CHECK_MS, clock = () => Date.now(), ...options }: { checkEveryMs?: number; clock?: () => number } & TierOptions = {}): { source(): Promise<TierVersion> } {
  let version: Promise<string> | undefined;
  let readAt = -Infinity;
  return {
    source: async () => {
      if (!version || clock() - readAt >= checkEveryMs) {
        readAt = clock();
        const read = readTierLive(shards[0]).then((live) => {
          if (!live) throw new Error("tier: nothing published yet");
          return live.version;
        });
        read.catch(() => (version = undefined));
        version = read;
      }
      return tierSource(shards, await version, options);
    },
  };
}

export interface TierOptions {
  /** Lists of at most this many postings come with the first round (default SHORT_LIST; tests lower it to exercise ./candidates.ts). */
  shortList?: number;
}

/** The live version (the pointer in shard 0), or the one named. Loaded once per isolate and version. */
export async function tierSource(shards: Db[], version?: string, options: TierOptions = {}): Promise<TierVersion> {
  if (shards.length === 0) throw new Error("tier: no database");
  const name = version ?? (await readTierLive(shards[0]))?.version;
  if (!name) throw new Error("tier: nothing published yet");
  let byVersion = loaded.get(shards[0]);
  if (!byVersion) loaded.set(shards[0], (byVersion = new Map()));
  const key = `${name} ${options.shortList ?? SHORT_LIST}`;
  let source = byVersion.get(key);
  if (!source) {
    source = loadVersion(shards, name, options);
    byVersion.set(key, source);
    source.catch(() => byVersion!.delete(key));
    // the live version and the one before it stay loaded (a question in flight may still use it); older ones go
    while (byVersion.size > 2) byVersion.delete(byVersion.keys().next().value!);
  }
  return source;
}

async function loadVersion(shards: Db[], version: string, options: TierOptions): Promise<TierVersion> {
  const t = tablesOf(version);
  const rows = await shards[0].prepare(`SELECT key, value FROM ${t.meta} ORDER BY key, seq`).all<{ key: string; value: string }>();
  const text = new Map<string, string>();
  for (const r of rows) text.set(r.key, (text.get(r.key) ?? "") + r.value);
  const get = <K extends keyof TierMetaValues>(key: K): TierMetaValues[K] => {
    const v = text.get(key);
    if (v === undefined) throw new Error(`tier ${version}: meta ${key} missing`);
    return (key === "docStarts" || key === "docShard" ? v : JSON.parse(v)) as TierMetaValues[K];
  };
  if (get("shards") !== shards.length) throw new Error(`tier ${version}: written for ${get("shards")} shards, ${shards.length} bound`);
  const docStarts = Int32Array.from(decodeVarints(get("docStarts"), 0, get("docStarts").length));
  for (let n = 1; n < docStarts.length; n++) docStarts[n] += docStarts[n - 1];
  const docShard = Uint8Array.from(get("docShard"), (c) => parseInt(c, 36));
  const learnedLengths = get("learnedLengths");
  const learnedAnswers = get("learnedAnswers");
  const stats: GlobalStats = {
    size: get("size"),
    avg: get("avg"),
    learnedCount: learnedLengths.length,
    learnedLength: (q) => learnedLengths[q],
    learnedAnswers: (q) => learnedAnswers[q],
  };
  // clause → document: the document of every 64th clause, then a step or two forward (a few
  // bytes per 64 clauses; a binary search per clause was most of a question's time at 1M)
  const BLOCK = 64;
  const blockDoc = new Int32Array(Math.ceil(get("size") / BLOCK) + 1);
  for (let b = 0, d = 0; b < blockDoc.length; b++) {
    while (d + 1 < docStarts.length && docStarts[d + 1] <= b * BLOCK) d++;
    blockDoc[b] = d;
  }
  const documentOf = (i: number) => {
    let d = blockDoc[Math.floor(i / BLOCK)];
    while (d + 1 < docStarts.length && docStarts[d + 1] <= i) d++;
    return d;
  };
  let summary: Promise<LibrarySummary> | undefined;
  const newest = new Map<number, Promise<DocumentMeta[]>>();
  return {
    version,
    manifest: get("manifest"),
    documents: docStarts.length,
    segmenter: createSegmenter(get("lexicon") as Lexicon),
    synonyms: get("synonyms"),
    stats,
    terms: (request) => fetchTerms(shards, t, request, documentOf, docStarts, docShard, get("size"), options.shortList ?? SHORT_LIST),
    clauses: (terms, list, now) => fetchClauses(shards, t, terms, list, now, documentOf, docShard),
    clausesAt: async (ns) => {
      const valid = [...new Set(ns.filter((n) => Number.isSafeInteger(n) && n >= 0 && n < stats.size))].sort((a, b) => a - b);
      const byShard = shards.map(() => [] as number[]);
      for (const n of valid) byShard[docShard[documentOf(n)]].push(n);
      const [rows, documents] = await Promise.all([
        Promise.all(shards.map((db, s) => (byShard[s].length ? db.prepare(`SELECT n, record FROM ${t.clauses} WHERE n IN (SELECT value FROM json_each(?))`).bind(JSON.stringify(byShard[s])).all<{ n: number; record: string }>() : []))),
        documentRows(shards[0], t, [...new Set(valid.map(documentOf))]),
      ]);
      const records = new Map(rows.flat().map((r) => [Number(r.n), JSON.parse(r.record) as StoredClause]));
      return { clauses: ns.map((n) => records.get(n)), documents };
    },
    documentAt: async (n) => (Number.isSafeInteger(n) && n >= 0 && n < docStarts.length ? (await documentRows(shards[0], t, [n])).get(n) : undefined),
    summary: () =>
      (summary ??= (async () => {
        const dated = `NULLIF(json_extract(meta, '$.date'), '')`;
        const [figures, places, kinds] = await Promise.all([
          shards[0].prepare(`SELECT COUNT(*) AS total, MAX(${dated}) AS newest, MIN(${dated}) AS oldest FROM ${t.docs}`).first<{ total: number; newest: string | null; oldest: string | null }>(),
          shards[0].prepare(`SELECT region FROM ${t.docs} WHERE region IS NOT NULL AND region <> '' GROUP BY region ORDER BY MIN(n)`).all<{ region: string }>(),
          shards[0].prepare(`SELECT json_extract(meta, '$.kind') AS kind, COUNT(*) AS count FROM ${t.docs} GROUP BY 1 ORDER BY MIN(n)`).all<{ kind: string; count: number }>(),
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
      const r = await shards[0].prepare(`SELECT n, meta, repealers FROM ${t.docs} WHERE id = ?`).bind(id).first<{ n: number; meta: string; repealers: string }>();
      return r ? { n: Number(r.n), meta: JSON.parse(r.meta) as DocumentMeta, repealers: JSON.parse(r.repealers) as DocumentMeta[] } : undefined;
    },
    clausesOf: async (n) => {
      if (!(Number.isSafeInteger(n) && n >= 0 && n < docStarts.length)) return [];
      const end = n + 1 < docStarts.length ? docStarts[n + 1] : stats.size;
      const rows = await shards[docShard[n]].prepare(`SELECT record FROM ${t.clauses} WHERE n >= ? AND n < ? ORDER BY n`).bind(docStarts[n], end).all<{ record: string }>();
      return rows.map((r) => JSON.parse(r.record) as StoredClause);
    },
    live: async (ids) => {
      if (ids.length === 0) return new Set();
      const rows = await shards[0].prepare(`SELECT id FROM ${t.docs} WHERE id IN (SELECT value FROM json_each(?))`).bind(JSON.stringify(ids)).all<{ id: string }>();
      return new Set(rows.map((r) => r.id));
    },
    withdrawn: get("withdrawn") as WithdrawnDocument[],
    // a scan of the documents' rows (the home page asks on every visit): once per version and size
    newest: (max) => {
      let found = newest.get(max);
      if (!found) {
        const limit = Math.max(0, Math.min(max, docStarts.length));
        found = shards[0]
          .prepare(`SELECT meta FROM ${t.docs} ORDER BY COALESCE(json_extract(meta, '$.date'), '') DESC, n LIMIT ?`)
          .bind(limit)
          .all<{ meta: string }>()
          .then((rows) => rows.map((r) => JSON.parse(r.meta) as DocumentMeta));
        newest.set(max, found);
        found.catch(() => newest.delete(max));
      }
      return found;
    },
    deadlineClauses: async () => {
      const rows = (await Promise.all(shards.map((db) => db.prepare(`SELECT n, record FROM ${t.clauses} WHERE ${DEADLINES_WHERE}`).all<{ n: number; record: string }>()))).flat();
      rows.sort((a, b) => Number(a.n) - Number(b.n));
      const found = await documentRows(shards[0], t, [...new Set(rows.map((r) => documentOf(Number(r.n))))]);
      return { clauses: rows.map((r) => JSON.parse(r.record) as StoredClause), documents: new Map([...found.values()].map((d) => [d.meta.id, d])) };
    },
    head: async (limit) => {
      const rows = await shards[0].prepare(`SELECT meta FROM ${t.docs} ORDER BY n LIMIT ?`).bind(Math.max(0, Math.min(limit, docStarts.length))).all<{ meta: string }>();
      return { documents: rows.map((r) => JSON.parse(r.meta) as DocumentMeta), total: docStarts.length };
    },
  };
}

/** Lists of at most this many postings come with the first round; longer ones only when the candidates need them (./candidates.ts). */
export const SHORT_LIST = 2_000;

interface FetchedClause {
  record: StoredClause;
  lengths: number[];
  flags: number;
  /** The row's words as stored (rows.ts clauseWords: JSON {"word": [t, h, c]}), read a word at a time (`countsOf`). */
  words: string;
  grams?: Map<string, number>;
}

/**
 * A word's counts in a clause (text, heading path, lead-in), read from the row's JSON without
 * parsing the whole of it: a question asks for a few of the clause's dozens of words.
 */
function countsOf(row: FetchedClause, word: string): [number, number, number] | undefined {
  const key = `${JSON.stringify(word)}:[`;
  let at = row.words.indexOf(key);
  // a key only after "{" or ","; a match inside another key's string cannot be followed by :[
  while (at > 0 && row.words[at - 1] !== "{" && row.words[at - 1] !== ",") at = row.words.indexOf(key, at + 1);
  if (at < 0) return undefined;
  const from = at + key.length;
  const counts = row.words.slice(from, row.words.indexOf("]", from)).split(",").map(Number);
  if (counts.length !== 3 || counts.some((n) => !Number.isInteger(n))) throw new Error(`tier: a clause row's words are not well formed near ${JSON.stringify(word)}`);
  return counts as [number, number, number];
}

/** What a question's words fetch: their figures, title and learned-question postings, and where they are in text and headings. */
const WORD_KINDS = [KIND.word, KIND.title, KIND.learned, KIND.text, KIND.heading];

/** Per question: the clause rows fetched so far (the candidates' look-ups, then the rest). */
const fetchedRows = new WeakMap<TermData, Map<number, FetchedClause>>();

async function fetchTerms(shards: Db[], t: TierTables, request: TermRequest, documentOf: (i: number) => number, docStarts: Int32Array, docShard: Uint8Array, size: number, asked: number): Promise<TermData> {
  // a number SQL binds as it is (Infinity is not one): the same bound in SQL and here
  const shortList = Math.min(asked, 2 ** 31 - 1);
  const wordSet = new Set(request.words);
  const gramSet = new Set(request.grams);
  const words = JSON.stringify([...wordSet]);
  const grams = JSON.stringify([...gramSet]);
  // every term's figures, and the rows of short lists (titles and learned questions always)
  const sql = `SELECT t.kind, t.term, t.count, t.df, p.seq, p.data FROM ${t.terms} t LEFT JOIN ${t.postings} p ON p.kind = t.kind AND p.term = t.term AND (t.kind IN (${KIND.title}, ${KIND.learned}) OR t.count <= ?3) WHERE (t.kind IN (${WORD_KINDS.join(", ")}) AND t.term IN (SELECT value FROM json_each(?1))) OR (t.kind = ${KIND.gram} AND t.term IN (SELECT value FROM json_each(?2)))`;
  const local = request.places.length > 0 ? localDocuments(shards[0], t, request.places) : undefined;
  const perShard = await Promise.all(shards.map((db) => db.prepare(sql).bind(words, grams, shortList).all<{ kind: number; term: string; count: number; df: number; seq: number | null; data: string | null }>()));
  const figures = new Map<string, { count: number; df: number }>();
  for (const rows of perShard) for (const r of rows) figures.set(`${r.kind} ${r.term}`, { count: Number(r.count), df: Number(r.df) });
  // each list read: its columns (clauses, counts…), decoded straight from the rows of every shard
  const runs = new Map<string, Int32Array[]>();
  const take = (rows: { kind: number; term: string; seq: number | null; data: string | null }[][]) => {
    const perKey = new Map<string, string[][]>();
    rows.forEach((shardRows, s) => {
      for (const r of [...shardRows].filter((x) => x.data !== null).sort((a, b) => Number(a.seq) - Number(b.seq))) {
        const key = `${r.kind} ${r.term}`;
        let list = perKey.get(key);
        if (!list) perKey.set(key, (list = rows.map(() => [])));
        list[s].push(r.data!);
      }
    });
    for (const [key, shardRows] of perKey) {
      const kind = Number(key.slice(0, key.indexOf(" ")));
      runs.set(key, decodeColumns(shardRows, STRIDE[kind], figures.get(key)?.count ?? 0));
    }
  };
  take(perShard);
  const isRead = (kind: number, term: string) => runs.has(`${kind} ${term}`) || !figures.has(`${kind} ${term}`) || (kind !== KIND.title && kind !== KIND.learned && figures.get(`${kind} ${term}`)!.count <= shortList);
  const wordRead = (w: string) => isRead(KIND.text, w) && isRead(KIND.heading, w);
  const requested = (kind: number, term: string) => {
    if (!(kind === KIND.gram ? gramSet : wordSet).has(term)) throw new Error(`tier: "${term}" (kind ${kind}) was not fetched for this question`);
  };
  const list = <T>(kind: number, term: string, make: (columns: Int32Array[]) => T): T => {
    requested(kind, term);
    if (!isRead(kind, term)) throw new Error(`tier: the list of "${term}" (kind ${kind}) was not read`);
    return make(runs.get(`${kind} ${term}`) ?? Array.from({ length: STRIDE[kind] }, () => new Int32Array(0)));
  };
  const cache = new Map<string, unknown>();
  const memo = <T>(key: string, f: () => T): T => {
    if (!cache.has(key)) cache.set(key, f());
    return cache.get(key) as T;
  };
  const word = (w: string) => memo(`w${w}`, (): WordLists => ({ text: list(KIND.text, w, ([c]) => c), heading: list(KIND.heading, w, ([c]) => c) }));
  const gram = (g: string) => memo(`g${g}`, () => list(KIND.gram, g, ([clauses]) => clauses));
  const rows = new Map<number, FetchedClause>();
  const localDocs = local ? await local : undefined;
  const data: TermData = {
    wordDf: (w) => (requested(KIND.word, w), figures.get(`${KIND.word} ${w}`)?.df ?? 0),
    gramDf: (g) => (requested(KIND.gram, g), figures.get(`${KIND.gram} ${g}`)?.count ?? 0),
    learned: (w) => memo(`l${w}`, () => list(KIND.learned, w, ([clauses, counts]): GramPostings => ({ clauses, counts }))),
    titleDocs: (w) => memo(`t${w}`, () => list(KIND.title, w, ([docs]) => docs)),
    documentOf,
    ...(localDocs ? { local: (n: number) => localDocs.has(n) } : {}),
    anyLocal: (localDocs?.size ?? 0) > 0,
    candidates: (q) => {
      const lists: CandidateLists = {
        size,
        documentStarts: docStarts,
        ...(localDocs ? { localDocuments: [...localDocs].sort((a, b) => a - b) } : {}),
        words: q.prepared.terms.map((x) => (wordRead(x.term) ? word(x.term) : undefined)),
        grams: q.prepared.grams.map((x) => (isRead(KIND.gram, x.gram) ? gram(x.gram) : undefined)),
        count: (kind, j) => {
          const count = (k: number, term: string) => figures.get(`${k} ${term}`)?.count ?? 0;
          return kind === "words" ? count(KIND.text, q.prepared.terms[j].term) + count(KIND.heading, q.prepared.terms[j].term) : count(KIND.gram, q.prepared.grams[j].gram);
        },
        read: async (wordIndexes, gramIndexes) => {
          const ws = [...new Set(wordIndexes.map((j) => q.prepared.terms[j].term))].filter((w) => !wordRead(w));
          const gs = [...new Set(gramIndexes.map((j) => q.prepared.grams[j].gram))].filter((g) => !isRead(KIND.gram, g));
          if (ws.length + gs.length === 0) return;
          const longSql = `SELECT kind, term, seq, data FROM ${t.postings} WHERE (kind IN (${KIND.text}, ${KIND.heading}) AND term IN (SELECT value FROM json_each(?1))) OR (kind = ${KIND.gram} AND term IN (SELECT value FROM json_each(?2)))`;
          take(await Promise.all(shards.map((db) => db.prepare(longSql).bind(JSON.stringify(ws), JSON.stringify(gs)).all<{ kind: number; term: string; seq: number; data: string }>())));
          for (const [kind, terms] of [[KIND.text, ws], [KIND.heading, ws], [KIND.gram, gs]] as const) for (const x of terms) if (!runs.has(`${kind} ${x}`)) runs.set(`${kind} ${x}`, [new Int32Array(0)]);
          lists.words = q.prepared.terms.map((x) => (wordRead(x.term) ? word(x.term) : undefined));
          lists.grams = q.prepared.grams.map((x) => (isRead(KIND.gram, x.gram) ? gram(x.gram) : undefined));
        },
        lookUp: async (clauses) => {
          await fetchClauseRows(shards, t, clauses, rows, documentOf, docShard);
          return (i) => {
            const row = rows.get(i)!;
            return {
              words: (j) => {
                const c = countsOf(row, q.prepared.terms[j].term);
                return c ? (c[0] > 0 ? 1 : 0) | (c[1] > 0 ? 2 : 0) : 0;
              },
              grams: (j) => gramsOf(row).has(q.prepared.grams[j].gram),
            };
          };
        },
      };
      return tierCandidates(q, lists);
    },
  };
  fetchedRows.set(data, rows);
  return data;
}

/** A clause's bigrams with their counts, as the index counts them (clauseTokens: path, label and text). */
function gramsOf(row: FetchedClause): Map<string, number> {
  if (!row.grams) {
    row.grams = new Map();
    const c = row.record;
    for (const g of charBigrams([...c.path, c.label, c.text].join(" "))) row.grams.set(g, (row.grams.get(g) ?? 0) + 1);
  }
  return row.grams;
}

/** The clause rows not fetched yet, from their shards, into `rows`. */
async function fetchClauseRows(shards: Db[], t: TierTables, list: number[], rows: Map<number, FetchedClause>, documentOf: (i: number) => number, docShard: Uint8Array): Promise<void> {
  const byShard: number[][] = shards.map(() => []);
  for (const i of new Set(list)) if (!rows.has(i)) byShard[docShard[documentOf(i)]].push(i);
  const fetched = await Promise.all(
    shards.map((db, s) =>
      byShard[s].length
        ? db
            .prepare(`SELECT n, lengths, flags, words, record FROM ${t.clauses} WHERE n IN (SELECT value FROM json_each(?))`)
            .bind(JSON.stringify(byShard[s]))
            .all<{ n: number; lengths: string; flags: number; words: string; record: string }>()
        : Promise.resolve([]),
    ),
  );
  for (const shardRows of fetched)
    for (const r of shardRows)
      rows.set(Number(r.n), { record: JSON.parse(r.record) as StoredClause, lengths: decodeVarints(r.lengths, 0, r.lengths.length), flags: Number(r.flags), words: r.words });
}

/** The documents from the places (engine.ts inRegion, in SQL: the region names the place's city or province, or is the place). */
async function localDocuments(shard0: Db, t: TierTables, places: Mention[]): Promise<Set<number>> {
  const needles = [...new Set(places.map((p) => p.place.city ?? p.place.province))];
  const rows = await shard0
    .prepare(`SELECT n, region FROM ${t.docs} WHERE region IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(?) WHERE instr(region, value) > 0)`)
    .bind(JSON.stringify(needles))
    .all<{ n: number; region: string }>();
  const found = new Set<number>();
  // inRegion reads the region alone
  for (const r of rows) if (inRegion({ region: r.region } as DocumentMeta, places)) found.add(Number(r.n));
  // a region equal to the place's full name holds its city or province too, so the rows above include it
  return found;
}

async function fetchClauses(shards: Db[], t: TierTables, terms: TermData, list: number[], now: Date, documentOf: (i: number) => number, docShard: Uint8Array): Promise<ClauseData> {
  const rows = fetchedRows.get(terms);
  if (!rows) throw new Error("tier: the terms are not this source's");
  const wanted = [...new Set(list)].sort((a, b) => a - b);
  const docs = [...new Set(wanted.map(documentOf))];
  const [found] = await Promise.all([documentRows(shards[0], t, docs), fetchClauseRows(shards, t, wanted, rows, documentOf, docShard)]);
  const documents = new Map([...found].map(([n, d]) => [n, { ...d, current: documentStatus(d.meta, now, statusLibrary(d)).current }]));
  const clause = (i: number) => {
    const c = rows.get(i);
    if (!c) throw new Error(`tier: clause ${i} was not fetched for this question`);
    return c;
  };
  const document = (n: number) => {
    const d = documents.get(n);
    if (!d) throw new Error(`tier: document ${n} was not fetched for this question`);
    return d;
  };
  // the query's postings over the clauses fetched (what scoring reads), from each clause's own words and bigrams
  const here = wanted.map(clause);
  return {
    clause: (i) => clause(i).record,
    lengths: (i) => {
      const l = clause(i).lengths;
      return { words: l[0], heading: l[1], context: l[2], grams: l[3] };
    },
    introductory: (i) => (clause(i).flags & FLAG.introductory) !== 0,
    document: (n) => document(n).meta,
    current: (n) => document(n).current,
    documents: (ns) => withRepealers(ns.map(document)),
    word: (w) => {
      const values: number[] = [];
      here.forEach((c, k) => {
        const counts = countsOf(c, w);
        if (counts) values.push(wanted[k], ...counts);
      });
      return { ...toWordPostings(values), df: terms.wordDf(w) };
    },
    gram: (g) => {
      const values: number[] = [];
      here.forEach((c, k) => {
        const n = gramsOf(c).get(g);
        if (n) values.push(wanted[k], n);
      });
      return toGramPostings(values);
    },
  };
}

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
async function documentRows(db: Db, t: TierTables, ns: number[]): Promise<Map<number, TierDocument>> {
  if (ns.length === 0) return new Map();
  const rows = await db.prepare(`SELECT n, meta, repealers FROM ${t.docs} WHERE n IN (SELECT value FROM json_each(?))`).bind(JSON.stringify(ns)).all<{ n: number; meta: string; repealers: string }>();
  return new Map(rows.map((r) => [Number(r.n), { meta: JSON.parse(r.meta) as DocumentMeta, repealers: JSON.parse(r.repealers) as DocumentMeta[] }]));
}
