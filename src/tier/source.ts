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
import type { ClauseData, GlobalStats, SearchSource, TermData, TermRequest } from "../search/source.js";
import { toGramPostings, toWordPostings, type GramPostings } from "../search/stats.js";
import { clauseBigrams } from "../search/normalise.js";
import { tierCandidates, type CandidateLists, type WordLists } from "./candidates.js";
import { documentStatus } from "../shared/document-status.js";
import type { Mention } from "../shared/regions.js";
import type { DocumentMeta, WithdrawnDocument } from "../shared/schema.js";
import type { StoredClause } from "../search/db.js";
import type { Lexicon } from "../search/segment/lexicon.js";
import { documentClauses, documentShards, documentStarts, type TierMetaValues } from "./rows.js";
import { docsFrom, FLAG, KIND, postingsFrom, STRIDE, tablesOf, type VersionTables } from "./schema.js";
import { documentRows, libraryReads, statusLibrary, withRepealers, type TierLibraryReads } from "./library-reads.js";
import { pointerChanges, readTierLive } from "./publish.js";

export interface TierVersion extends SearchSource, TierLibraryReads {
  version: string;
  manifest: unknown;
  /** Documents in the library (those gone from a delta version not counted). */
  documents: number;
  /** The databases it is read from (shard 0 first): where an admin's change is written (./delta.ts). */
  shards: Db[];
}

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
  let seen = 0;
  return {
    source: async () => {
      // a switch made in this isolate (an admin's change) is followed at once
      const changes = pointerChanges.get(shards[0]) ?? 0;
      if (!version || clock() - readAt >= checkEveryMs || changes !== seen) {
        readAt = clock();
        seen = changes;
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
  const { get, has } = await readTierMeta(shards[0], version);
  if (get("shards") !== shards.length) throw new Error(`tier ${version}: written for ${get("shards")} shards, ${shards.length} bound`);
  // a delta version (./delta.ts) reads its base's tables under its own
  const v: VersionTables = { own: t, ...(has("base") ? { base: tablesOf(get("base")) } : {}) };
  const docStarts = documentStarts(get("docStarts"));
  const docShard = documentShards(get("docShard"));
  // clauses are numbered up to `span`; those of the documents gone (a delta's) are skipped as lists are read
  const span = has("span") ? get("span") : get("size");
  const gone = layoutGone(has("gone") ? get("gone") : [], docStarts, span);
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
  const blockDoc = new Int32Array(Math.ceil(span / BLOCK) + 1);
  for (let b = 0, d = 0; b < blockDoc.length; b++) {
    while (d + 1 < docStarts.length && docStarts[d + 1] <= b * BLOCK) d++;
    blockDoc[b] = d;
  }
  const documentOf = (i: number) => {
    let d = blockDoc[Math.floor(i / BLOCK)];
    while (d + 1 < docStarts.length && docStarts[d + 1] <= i) d++;
    return d;
  };
  return {
    version,
    manifest: get("manifest"),
    documents: docStarts.length - gone.documents.length,
    shards,
    segmenter: createSegmenter(get("lexicon") as Lexicon),
    synonyms: get("synonyms"),
    stats,
    terms: (request) => fetchTerms(shards, v, request, documentOf, docStarts, docShard, span, gone, options.shortList ?? SHORT_LIST),
    clauses: (terms, list, now) => fetchClauses(shards, v, terms, list, now, documentOf, docShard),
    ...libraryReads({ shards, v, span, docStarts, docShard, documentOf, gone, withdrawn: get("withdrawn") as WithdrawnDocument[], ...(has("summary") && has("newest") ? { kept: { summary: get("summary"), newest: get("newest") } } : {}) }),
  };
}

/** A version's meta values (shard 0), by key. */
export async function readTierMeta(shard0: Db, version: string): Promise<{ get<K extends keyof TierMetaValues>(key: K): NonNullable<TierMetaValues[K]>; has(key: keyof TierMetaValues): boolean }> {
  const rows = await shard0.prepare(`SELECT key, value FROM ${tablesOf(version).meta} ORDER BY key, seq`).all<{ key: string; value: string }>();
  const text = new Map<string, string>();
  for (const r of rows) text.set(r.key, (text.get(r.key) ?? "") + r.value);
  return {
    get: (key) => {
      const v = text.get(key);
      if (v === undefined) throw new Error(`tier ${version}: meta ${key} missing`);
      // a string value is stored as it is (rows.ts metaRows)
      return (key === "docStarts" || key === "docShard" || key === "base" ? v : JSON.parse(v)) as never;
    },
    has: (key) => text.has(key),
  };
}

/** The documents gone from a delta version, and their clauses as a bitmap over the numbers. */
export interface Gone {
  documents: number[];
  /** 1 at a gone document's number; undefined when none is. */
  documentMask?: Uint8Array;
  /** 1 at a gone document's clauses' numbers; undefined when none is. */
  clauseMask?: Uint8Array;
  /** The same as ascending [from, to) ranges (adjacent ones merged): what a list drops. */
  clauseRanges: [number, number][];
  documentRanges: [number, number][];
}

export function layoutGone(documents: number[], docStarts: Int32Array, span: number): Gone {
  if (documents.length === 0) return { documents, clauseRanges: [], documentRanges: [] };
  const documentMask = new Uint8Array(docStarts.length);
  const clauseMask = new Uint8Array(span);
  for (const d of documents) {
    documentMask[d] = 1;
    clauseMask.fill(1, ...documentClauses(docStarts, span, d));
  }
  const ranges = (marks: Uint8Array) => {
    const out: [number, number][] = [];
    for (let i = 0; i < marks.length; i++) {
      if (!marks[i]) continue;
      const from = i;
      while (i < marks.length && marks[i]) i++;
      out.push([from, i]);
    }
    return out;
  };
  return { documents, documentMask, clauseMask, clauseRanges: ranges(clauseMask), documentRanges: ranges(documentMask) };
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

async function fetchTerms(shards: Db[], v: VersionTables, request: TermRequest, documentOf: (i: number) => number, docStarts: Int32Array, docShard: Uint8Array, size: number, gone: Gone, asked: number): Promise<TermData> {
  // a number SQL binds as it is (Infinity is not one): the same bound in SQL and here
  const shortList = Math.min(asked, 2 ** 31 - 1);
  const wordSet = new Set(request.words);
  const gramSet = new Set(request.grams);
  const words = JSON.stringify([...wordSet]);
  const grams = JSON.stringify([...gramSet]);
  // every term's figures, and the rows of short lists (titles and learned questions always)
  const sql = termsSql(v);
  const local = request.places.length > 0 ? localDocuments(shards[0], v, request.places) : undefined;
  type Row = { kind: number; term: string; count: number; df: number; layer: number; seq: number | null; data: string | null };
  const perShard = await Promise.all(shards.map((db) => db.prepare(sql).bind(words, grams, shortList).all<Row>()));
  const figures = new Map<string, { count: number; df: number }>();
  for (const rows of perShard) for (const r of rows) figures.set(`${r.kind} ${r.term}`, { count: Number(r.count), df: Number(r.df) });
  // each list read: its columns (clauses, counts…), decoded straight from the rows of every shard
  // (the base's rows, then a delta's), less the postings of documents gone
  const runs = new Map<string, Int32Array[]>();
  const take = (rows: { kind: number; term: string; layer: number; seq: number | null; data: string | null }[][]) => {
    const perKey = new Map<string, string[][]>();
    rows.forEach((shardRows, s) => {
      for (const r of [...shardRows].filter((x) => x.data !== null).sort((a, b) => Number(a.layer) - Number(b.layer) || Number(a.seq) - Number(b.seq))) {
        const key = `${r.kind} ${r.term}`;
        let list = perKey.get(key);
        if (!list) perKey.set(key, (list = rows.map(() => [])));
        list[s].push(r.data!);
      }
    });
    for (const [key, shardRows] of perKey) {
      const kind = Number(key.slice(0, key.indexOf(" ")));
      const columns = decodeColumns(shardRows, STRIDE[kind], figures.get(key)?.count ?? 0);
      const ranges = kind === KIND.title ? gone.documentRanges : kind === KIND.learned ? [] : gone.clauseRanges;
      runs.set(key, ranges.length ? withoutGone(columns, ranges) : columns);
    }
  };
  take(perShard);
  // a list is read when its rows came, when it has none (no figures, or a count of 0: a delta's learned word no question has now), or when it is short
  const isRead = (kind: number, term: string) => runs.has(`${kind} ${term}`) || !figures.has(`${kind} ${term}`) || figures.get(`${kind} ${term}`)!.count === 0 || (kind !== KIND.title && kind !== KIND.learned && figures.get(`${kind} ${term}`)!.count <= shortList);
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
    gramDf: (g) => (requested(KIND.gram, g), figures.get(`${KIND.gram} ${g}`)?.df ?? 0),
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
          const longSql = `SELECT layer, kind, term, seq, data FROM ${postingsFrom(v)} WHERE (kind IN (${KIND.text}, ${KIND.heading}) AND term IN (SELECT value FROM json_each(?1))) OR (kind = ${KIND.gram} AND term IN (SELECT value FROM json_each(?2)))`;
          take(await Promise.all(shards.map((db) => db.prepare(longSql).bind(JSON.stringify(ws), JSON.stringify(gs)).all<{ kind: number; term: string; layer: number; seq: number; data: string }>())));
          for (const [kind, terms] of [[KIND.text, ws], [KIND.heading, ws], [KIND.gram, gs]] as const) for (const x of terms) if (!runs.has(`${kind} ${x}`)) runs.set(`${kind} ${x}`, [new Int32Array(0)]);
          lists.words = q.prepared.terms.map((x) => (wordRead(x.term) ? word(x.term) : undefined));
          lists.grams = q.prepared.grams.map((x) => (isRead(KIND.gram, x.gram) ? gram(x.gram) : undefined));
        },
        lookUp: async (clauses) => {
          await fetchClauseRows(shards, v, clauses, rows, documentOf, docShard);
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
    for (const g of clauseBigrams(c)) row.grams.set(g, (row.grams.get(g) ?? 0) + 1);
  }
  return row.grams;
}

/** The clause rows not fetched yet, from their shards, into `rows`. */
async function fetchClauseRows(shards: Db[], v: VersionTables, list: number[], rows: Map<number, FetchedClause>, documentOf: (i: number) => number, docShard: Uint8Array): Promise<void> {
  // a delta's clauses are in its own table, the others in the base's: both looked up by number
  const from = v.base ? [v.base.clauses, v.own.clauses] : [v.own.clauses];
  const byShard: number[][] = shards.map(() => []);
  for (const i of new Set(list)) if (!rows.has(i)) byShard[docShard[documentOf(i)]].push(i);
  const fetched = await Promise.all(
    shards.map((db, s) =>
      byShard[s].length
        ? db
            .prepare(from.map((table) => `SELECT n, lengths, flags, words, record FROM ${table} WHERE n IN (SELECT value FROM json_each(?1))`).join(" UNION ALL "))
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
async function localDocuments(shard0: Db, v: VersionTables, places: Mention[]): Promise<Set<number>> {
  const needles = [...new Set(places.map((p) => p.place.city ?? p.place.province))];
  const rows = await shard0
    .prepare(`SELECT n, region FROM ${docsFrom(v)} WHERE region IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(?) WHERE instr(region, value) > 0)`)
    .bind(JSON.stringify(needles))
    .all<{ n: number; region: string }>();
  const found = new Set<number>();
  // inRegion reads the region alone
  for (const r of rows) if (inRegion({ region: r.region } as DocumentMeta, places)) found.add(Number(r.n));
  // a region equal to the place's full name holds its city or province too, so the rows above include it
  return found;
}

async function fetchClauses(shards: Db[], v: VersionTables, terms: TermData, list: number[], now: Date, documentOf: (i: number) => number, docShard: Uint8Array): Promise<ClauseData> {
  const rows = fetchedRows.get(terms);
  if (!rows) throw new Error("tier: the terms are not this source's");
  const wanted = [...new Set(list)].sort((a, b) => a - b);
  const docs = [...new Set(wanted.map(documentOf))];
  const [found] = await Promise.all([documentRows(shards[0], v, docs), fetchClauseRows(shards, v, wanted, rows, documentOf, docShard)]);
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

/** What the first round reads: every term's figures, and the rows of short lists (titles and learned questions always). Binds ?1 words, ?2 bigrams, ?3 the short-list bound. */
function termsSql(v: VersionTables): string {
  const match = (t: string) => `((${t}.kind IN (${WORD_KINDS.join(", ")}) AND ${t}.term IN (SELECT value FROM json_each(?1))) OR (${t}.kind = ${KIND.gram} AND ${t}.term IN (SELECT value FROM json_each(?2))))`;
  const short = (t: string) => `(${t}.kind IN (${KIND.title}, ${KIND.learned}) OR ${t}.count <= ?3)`;
  const { own, base } = v;
  if (!base) return `SELECT t.kind, t.term, t.count, t.df, 0 AS layer, p.seq, p.data FROM ${own.terms} t LEFT JOIN ${own.postings} p ON p.kind = t.kind AND p.term = t.term AND ${short("t")} WHERE ${match("t")}`;
  // a delta: the base's terms it did not change; those it did, with the base's rows (not its
  // learned questions, which the delta holds whole); and the delta's own rows
  return [
    `SELECT t.kind, t.term, t.count, t.df, 0 AS layer, p.seq, p.data FROM ${base.terms} t LEFT JOIN ${base.postings} p ON p.kind = t.kind AND p.term = t.term AND t.kind <> ${KIND.learned} AND ${short("t")} WHERE ${match("t")} AND NOT EXISTS (SELECT 1 FROM ${own.terms} o WHERE o.kind = t.kind AND o.term = t.term)`,
    `SELECT t.kind, t.term, t.count, t.df, 0 AS layer, p.seq, p.data FROM ${own.terms} t LEFT JOIN ${base.postings} p ON p.kind = t.kind AND p.term = t.term AND t.kind <> ${KIND.learned} AND ${short("t")} WHERE ${match("t")}`,
    `SELECT t.kind, t.term, t.count, t.df, 1 AS layer, p.seq, p.data FROM ${own.terms} t JOIN ${own.postings} p ON p.kind = t.kind AND p.term = t.term AND ${short("t")} WHERE ${match("t")}`,
  ].join(" UNION ALL ");
}

/**
 * A list's columns without the postings whose first number (a clause, or a document) falls in
 * one of the ranges: found by binary search in the ascending first column, so a list that holds
 * none is returned as it is, uncopied, whatever its length.
 */
function withoutGone(columns: Int32Array[], ranges: [number, number][]): Int32Array[] {
  const first = columns[0];
  const lowerBound = (x: number, from: number) => {
    let lo = from;
    let hi = first.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (first[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const cuts: [number, number][] = [];
  let at = 0;
  for (const [from, to] of ranges) {
    const a = lowerBound(from, at);
    if (a === first.length) break;
    const b = lowerBound(to, a);
    if (b > a) cuts.push([a, b]);
    at = b;
  }
  if (cuts.length === 0) return columns;
  const kept = first.length - cuts.reduce((n, [a, b]) => n + b - a, 0);
  return columns.map((column) => {
    const out = new Int32Array(kept);
    let m = 0;
    let k = 0;
    for (const [a, b] of cuts) {
      out.set(column.subarray(k, a), m);
      m += a - k;
      k = b;
    }
    out.set(column.subarray(k), m);
    return out;
  });
}
