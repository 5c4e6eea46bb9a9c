// The search tier as a search source (src/search/source.ts): today's ranking over an index that
// lives in SQL (./schema.ts), one database or several shards. Per version, once per isolate: the
// counts and field averages of the WHOLE corpus, the lexicon (segmenter), synonyms, learned
// questions' sizes, and each document's first clause and shard — a few bytes per document, the
// rest stays in the database. Per question, two round trips to every shard, in parallel: the
// postings of the words and bigrams it may use (merged across shards, so df and idf are the
// corpus's), and the candidates' clauses. Edge-safe.
import type { Db } from "../db/db.js";
import { decodeRun, decodeVarints } from "../search/postings.js";
import { createSegmenter } from "../search/segment/jieba.js";
import { inRegion } from "../search/engine.js";
import type { ClauseData, GlobalStats, SearchSource, TermData, TermRequest } from "../search/source.js";
import { toGramPostings, toWordPostings } from "../search/stats.js";
import { documentStatus } from "../shared/document-status.js";
import type { Mention } from "../shared/regions.js";
import type { DocumentMeta } from "../shared/schema.js";
import type { StoredClause } from "../search/db.js";
import type { Lexicon } from "../search/segment/lexicon.js";
import type { TierMetaValues } from "./rows.js";
import { KIND, STRIDE, tablesOf, type TierTables } from "./schema.js";
import { readTierLive } from "./publish.js";

export interface TierVersion extends SearchSource {
  version: string;
  manifest: unknown;
  documents: number;
}

const loaded = new WeakMap<Db, Map<string, Promise<TierVersion>>>();

/** How often a reader looks at the pointer again (as the live index checks live.json). */
export const TIER_CHECK_MS = 10_000;

/**
 * The live version for a server: the pointer read at most every `checkEveryMs`, each version
 * loaded once. A switch is seen within that time; a question never waits for a pointer read
 * when the last one is fresh.
 */
export function tierReader(shards: Db[], { checkEveryMs = TIER_CHECK_MS, clock = () => Date.now() } = {}): { source(): Promise<TierVersion> } {
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
      return tierSource(shards, await version);
    },
  };
}

/** The live version (the pointer in shard 0), or the one named. Loaded once per isolate and version. */
export async function tierSource(shards: Db[], version?: string): Promise<TierVersion> {
  if (shards.length === 0) throw new Error("tier: no database");
  const name = version ?? (await readTierLive(shards[0]))?.version;
  if (!name) throw new Error("tier: nothing published yet");
  let byVersion = loaded.get(shards[0]);
  if (!byVersion) loaded.set(shards[0], (byVersion = new Map()));
  let source = byVersion.get(name);
  if (!source) {
    source = loadVersion(shards, name);
    byVersion.set(name, source);
    source.catch(() => byVersion!.delete(name));
    // the live version and the one before it stay loaded (a question in flight may still use it); older ones go
    while (byVersion.size > 2) byVersion.delete(byVersion.keys().next().value!);
  }
  return source;
}

async function loadVersion(shards: Db[], version: string): Promise<TierVersion> {
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
  const documentOf = (i: number) => {
    let lo = 0;
    let hi = docStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (docStarts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return {
    version,
    manifest: get("manifest"),
    documents: docStarts.length,
    segmenter: createSegmenter(get("lexicon") as Lexicon),
    synonyms: get("synonyms"),
    stats,
    terms: (request) => fetchTerms(shards, t, request, documentOf),
    clauses: (_terms, list, now) => fetchClauses(shards, t, list, now, documentOf, docShard),
  };
}

const JSON_LIST = "(SELECT value FROM json_each(?))";

async function fetchTerms(shards: Db[], t: TierTables, request: TermRequest, documentOf: (i: number) => number): Promise<TermData> {
  const words = JSON.stringify([...new Set(request.words)]);
  const grams = JSON.stringify([...new Set(request.grams)]);
  const sql = `SELECT kind, term, seq, data FROM ${t.postings} WHERE (kind IN (${KIND.word}, ${KIND.title}, ${KIND.learned}) AND term IN ${JSON_LIST}) OR (kind = ${KIND.gram} AND term IN ${JSON_LIST})`;
  const local = request.places.length > 0 ? localDocuments(shards[0], t, request.places) : undefined;
  const perShard = await Promise.all(shards.map((db) => db.prepare(sql).bind(words, grams).all<{ kind: number; term: string; seq: number; data: string }>()));
  // each term's rows from every shard: decoded, then merged by clause (or document) number
  const runs = new Map<string, number[][]>();
  for (const rows of perShard) {
    rows.sort((a, b) => a.seq - b.seq);
    for (const r of rows) {
      const key = `${r.kind} ${r.term}`;
      const list = runs.get(key) ?? [];
      list.push(decodeRun(r.data, 0, r.data.length, STRIDE[r.kind]));
      runs.set(key, list);
    }
  }
  const merged = <T>(kind: number, term: string, make: (values: number[]) => T, requested: Set<string>): T => {
    if (!requested.has(term)) throw new Error(`tier: "${term}" (kind ${kind}) was not fetched for this question`);
    return make(mergeRuns(runs.get(`${kind} ${term}`) ?? [], STRIDE[kind]));
  };
  const wordSet = new Set(request.words);
  const gramSet = new Set(request.grams);
  const cache = new Map<string, unknown>();
  const memo = <T>(key: string, f: () => T): T => {
    if (!cache.has(key)) cache.set(key, f());
    return cache.get(key) as T;
  };
  const localDocs = local ? await local : undefined;
  return {
    word: (w) => memo(`w${w}`, () => merged(KIND.word, w, toWordPostings, wordSet)),
    gram: (g) => memo(`g${g}`, () => merged(KIND.gram, g, toGramPostings, gramSet)),
    learned: (w) => memo(`l${w}`, () => merged(KIND.learned, w, toGramPostings, wordSet)),
    titleDocs: (w) => memo(`t${w}`, () => merged(KIND.title, w, (v) => v, wordSet)),
    documentOf,
    ...(localDocs ? { local: (n: number) => localDocs.has(n) } : {}),
    anyLocal: (localDocs?.size ?? 0) > 0,
  };
}

/** The documents from the places (engine.ts inRegion, in SQL: the region names the place's city or province, or is the place). */
async function localDocuments(shard0: Db, t: TierTables, places: Mention[]): Promise<Set<number>> {
  const needles = [...new Set(places.map((p) => p.place.city ?? p.place.province))];
  const rows = await shard0
    .prepare(`SELECT n, meta FROM ${t.docs} WHERE region IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(?) WHERE instr(region, value) > 0)`)
    .bind(JSON.stringify(needles))
    .all<{ n: number; meta: string }>();
  const found = new Set<number>();
  for (const r of rows) if (inRegion(JSON.parse(r.meta) as DocumentMeta, places)) found.add(Number(r.n));
  // a region equal to the place's full name holds its city or province too, so the rows above include it
  return found;
}

async function fetchClauses(shards: Db[], t: TierTables, list: number[], now: Date, documentOf: (i: number) => number, docShard: Uint8Array): Promise<ClauseData> {
  const wanted = [...new Set(list)];
  const docs = [...new Set(wanted.map(documentOf))];
  const byShard: number[][] = shards.map(() => []);
  for (const i of wanted) byShard[docShard[documentOf(i)]].push(i);
  const [docRows, ...clauseRows] = await Promise.all([
    shards[0].prepare(`SELECT n, meta, repealers FROM ${t.docs} WHERE n IN ${JSON_LIST}`).bind(JSON.stringify(docs)).all<{ n: number; meta: string; repealers: string }>(),
    ...shards.map((db, s) =>
      byShard[s].length
        ? db.prepare(`SELECT n, lengths, flags, record FROM ${t.clauses} WHERE n IN ${JSON_LIST}`).bind(JSON.stringify(byShard[s])).all<{ n: number; lengths: string; flags: number; record: string }>()
        : Promise.resolve([]),
    ),
  ]);
  const clauses = new Map<number, { record: StoredClause; lengths: number[]; flags: number }>();
  for (const rows of clauseRows) for (const r of rows) clauses.set(Number(r.n), { record: JSON.parse(r.record) as StoredClause, lengths: decodeVarints(r.lengths, 0, r.lengths.length), flags: Number(r.flags) });
  const documents = new Map<number, { meta: DocumentMeta; current: boolean }>();
  for (const r of docRows) {
    const meta = JSON.parse(r.meta) as DocumentMeta;
    const library = new Map((JSON.parse(r.repealers) as DocumentMeta[]).map((d) => [d.id, d]));
    documents.set(Number(r.n), { meta, current: documentStatus(meta, now, library).current });
  }
  const clause = (i: number) => {
    const c = clauses.get(i);
    if (!c) throw new Error(`tier: clause ${i} was not fetched for this question`);
    return c;
  };
  const document = (n: number) => {
    const d = documents.get(n);
    if (!d) throw new Error(`tier: document ${n} was not fetched for this question`);
    return d;
  };
  return {
    clause: (i) => clause(i).record,
    lengths: (i) => {
      const l = clause(i).lengths;
      return { words: l[0], heading: l[1], context: l[2], grams: l[3] };
    },
    introductory: (i) => (clause(i).flags & 1) === 1,
    document: (n) => document(n).meta,
    current: (n) => document(n).current,
  };
}

/** Runs (each ascending by its first number) merged into one ascending run. */
function mergeRuns(runs: number[][], stride: number): number[] {
  if (runs.length === 0) return [];
  if (runs.length === 1) return runs[0];
  const out: number[] = [];
  const at = runs.map(() => 0);
  for (;;) {
    let best = -1;
    for (let r = 0; r < runs.length; r++) if (at[r] < runs[r].length && (best < 0 || runs[r][at[r]] < runs[best][at[best]])) best = r;
    if (best < 0) return out;
    for (let k = 0; k < stride; k++) out.push(runs[best][at[best] + k]);
    at[best] += stride;
  }
}
