// An index in memory → the tier's rows, shard by shard (./schema.ts). Edge-safe; used by the
// publish (./publish.ts) on Node or in a worker.
import { allClauses, type StoredClause } from "../search/db.js";
import type { LoadedIndex } from "../search/load-index.js";
import { decodeVarints, eachPostingRun, encodeVarint, type PostingList } from "../search/postings.js";
import { introductoryClauses } from "../search/rank.js";
import { corpusStats } from "../search/stats.js";
import type { DocumentMeta } from "../shared/schema.js";
import { newestOf, summaryOf, type LibrarySummary } from "../search/source.js";
import { CHUNK_CHARS, FLAG, KIND, shardOf, STRIDE } from "./schema.js";

export interface PostingRow {
  kind: number;
  term: string;
  seq: number;
  data: string;
}
export interface TermRow {
  kind: number;
  term: string;
  count: number;
  df: number;
}
export interface ClauseRow {
  n: number;
  doc: number;
  lengths: string;
  flags: number;
  /** The clause's index words: JSON {"word": [in text, in heading path, in lead-in]}. */
  words: string;
  record: string;
}
export interface DocRow {
  n: number;
  id: string;
  region: string | null;
  meta: string;
  repealers: string;
}
export interface MetaRow {
  key: string;
  seq: number;
  value: string;
}

export interface ShardRows {
  postings: PostingRow[];
  /** The whole corpus's figures, the same in every shard. */
  terms: TermRow[];
  clauses: ClauseRow[];
  /** Shard 0 only. */
  docs: DocRow[];
  meta: MetaRow[];
}

/** The newest documents a version's meta keeps: as many as a page lists (the home page's 20, an answer that found nothing's 10). */
export const NEWEST_KEPT = 20;

/** What meta holds, by key (JSON values unless said). */
export interface TierMetaValues {
  manifest: unknown;
  size: number;
  avg: { words: number; heading: number; context: number; grams: number; learned: number };
  /** The documents' first clause numbers, ascending: varint deltas. */
  docStarts: string;
  /** Per document its shard, a digit each (0–9, or letters past 9). */
  docShard: string;
  shards: number;
  lexicon: unknown;
  synonyms: string[][];
  learnedLengths: number[];
  learnedAnswers: number[][];
  withdrawn: unknown;
  /** Per field, the sum of the clauses' lengths (`avg` × `size`, exactly): what a delta version's averages are worked out from. */
  totals?: { words: number; heading: number; context: number; grams: number };
  /** What the bot's welcome and the home page say of the library (summaryOf), and its NEWEST_KEPT newest documents: read with the meta, not scanned on a version's first visit. */
  summary?: LibrarySummary;
  newest?: DocumentMeta[];
  /** A delta version (./delta.ts): the full version it lies over. */
  base?: string;
  /** A delta version: clause numbers are below this (its documents gone keep theirs); a full version's span is `size`. */
  span?: number;
  /** A delta version: the numbers of the documents gone since its base, ascending. */
  gone?: number[];
}

export function tierRows(index: LoadedIndex, shards: number): ShardRows[] {
  if (!Number.isInteger(shards) || shards < 1 || shards > 36) throw new Error("tier: 1 to 36 shards");
  const out: ShardRows[] = Array.from({ length: shards }, () => ({ postings: [], terms: [], clauses: [], docs: [], meta: [] }));
  const stats = corpusStats(index);
  const clauses = allClauses(index.db);
  const docNumber = new Map(index.documents.map((d, n) => [d.id, n]));
  const docShard = index.documents.map((d) => shardOf(d.id, shards));
  const clauseDoc = clauses.map((c) => docNumber.get(c.docId) ?? -1);
  if (clauseDoc.some((d) => d < 0)) throw new Error("tier: a clause's document is not in the index");
  if (clauseDoc.some((d, i) => i > 0 && d < clauseDoc[i - 1])) throw new Error("tier: the clauses are not in the documents' order");
  const clauseShard = (i: number) => docShard[clauseDoc[i]];

  // postings: each run split by shard (clauses, or documents for titles), learned questions in shard 0
  const lists: [number, PostingList | undefined, (x: number) => number][] = [
    [KIND.word, index.postings.words, clauseShard],
    [KIND.gram, index.postings.grams, clauseShard],
    [KIND.title, index.postings.titles, (d) => docShard[d]],
    [KIND.learned, index.postings.learned?.list, () => 0],
  ];
  // each clause's own words with their counts (the clause store's `words`)
  const own: string[][] = clauses.map(() => []);
  const terms: TermRow[] = [];
  for (const [kind, list, shardFor] of lists) {
    if (!list) continue;
    // the index's stride; the tier keeps counts only for learned questions (a word's and a
    // bigram's come from each clause's own row)
    const stride = kind === KIND.word ? 4 : kind === KIND.gram ? 2 : STRIDE[kind];
    eachPostingRun(list, stride, (term, numbers) => {
      const parts = new Map<number, number[][][]>();
      const put = (into: number, at: number, posting: number[]) => {
        let byShard = parts.get(into);
        if (!byShard) parts.set(into, (byShard = Array.from({ length: shards }, () => [])));
        byShard[shardFor(at)].push(posting);
      };
      let df = 0;
      for (let k = 0, at = -1; k < numbers.length; k += stride) {
        at += numbers[k];
        if (kind === KIND.word) {
          own[at].push(clauseWord(term, numbers[k + 1], numbers[k + 2], numbers[k + 3]));
          if (numbers[k + 1] > 0) put(KIND.text, at, [at]);
          if (numbers[k + 2] > 0) put(KIND.heading, at, [at]);
          if (numbers[k + 1] > 0 || numbers[k + 2] > 0) df++;
        } else {
          put(kind, at, kind === KIND.gram ? [at] : [at, ...numbers.slice(k + 1, k + stride)]);
          df++;
        }
      }
      terms.push({ kind, term, count: numbers.length / stride, df });
      for (const [into, byShard] of parts) {
        if (into !== kind) terms.push({ kind: into, term, count: byShard.reduce((n, p) => n + p.length, 0), df: byShard.reduce((n, p) => n + p.length, 0) });
        byShard.forEach((postings, s) => {
          if (postings.length) for (const row of chunkRun(into, term, postings)) out[s].postings.push(row);
        });
      }
    });
  }

  const lengths = (i: number) => {
    const l = stats.lengths(i);
    return clauseLengths(l.words, l.heading, l.context, l.grams);
  };
  const introductory = introductoryClauses(stats);
  const totals = { words: 0, heading: 0, context: 0, grams: 0 };
  clauses.forEach((c, i) => {
    const l = stats.lengths(i);
    totals.words += l.words;
    totals.heading += l.heading;
    totals.context += l.context;
    totals.grams += l.grams;
    out[clauseShard(i)].clauses.push({ n: i, doc: clauseDoc[i], lengths: lengths(i), flags: clauseFlags(introductory[i], c), words: clauseWords(own[i]), record: JSON.stringify(c) });
  });

  for (const shard of out) shard.terms = terms;

  const repealers = repealersIndex(index.documents);
  index.documents.forEach((d, n) => {
    out[0].docs.push({ n, id: d.id, region: d.region ?? null, meta: JSON.stringify(d), repealers: JSON.stringify(repealers(d)) });
  });

  // a document's first clause (one without clauses starts where the next one does, so it owns none)
  const starts: number[] = new Array(index.documents.length);
  clauseDoc.forEach((d, i) => {
    if (i === 0 || d !== clauseDoc[i - 1]) starts[d] = i;
  });
  for (let n = index.documents.length - 1; n >= 0; n--) starts[n] ??= n + 1 < starts.length ? starts[n + 1] : stats.size;
  const values: TierMetaValues = {
    manifest: index.manifest,
    size: stats.size,
    avg: stats.avg,
    docStarts: deltas(starts),
    docShard: docShard.map((s) => s.toString(36)).join(""),
    shards,
    lexicon: index.lexicon,
    synonyms: index.synonyms,
    learnedLengths: Array.from({ length: stats.learnedCount }, (_, q) => stats.learnedLength(q)),
    learnedAnswers: Array.from({ length: stats.learnedCount }, (_, q) => stats.learnedAnswers(q)),
    withdrawn: index.withdrawn,
    totals,
    summary: summaryOf(index.documents),
    newest: newestOf(index.documents, NEWEST_KEPT),
  };
  out[0].meta = metaRows(values, CHUNK_CHARS);
  return out;
}

/** A run as rows of at most CHUNK_CHARS, cut at posting boundaries; each row's first delta counts from -1. */
/** One entry of a clause row's `words` (./schema.ts): the word and its counts in text, heading path and lead-in. */
export function clauseWord(word: string, text: number, heading: number, leadIn: number): string {
  return `${JSON.stringify(word)}:[${text},${heading},${leadIn}]`;
}

/** A clause row's `words` from its entries (clauseWord); source.ts countsOf reads them. */
export function clauseWords(entries: string[]): string {
  return `{${entries.join(",")}}`;
}

/** A clause row's `lengths`: its token counts in words, heading, lead-in and bigrams, as varints. */
export function clauseLengths(words: number, heading: number, leadIn: number, grams: number): string {
  return [words, heading, leadIn, grams].map(encodeVarint).join("");
}

/** The meta values as rows: JSON (a string as it is), cut into `chunk` characters a row. */
export function metaRows(values: TierMetaValues, chunk: number): MetaRow[] {
  const rows: MetaRow[] = [];
  for (const [key, value] of Object.entries(values)) {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    for (let seq = 0, at = 0; at < text.length || seq === 0; seq++, at += chunk) rows.push({ key, seq, value: text.slice(at, at + chunk) });
  }
  return rows;
}

export function chunkRun(kind: number, term: string, postings: number[][]): PostingRow[] {
  const rows: PostingRow[] = [];
  let data = "";
  let previous = -1;
  for (const [at, ...counts] of postings) {
    const one = encodeVarint(at - previous) + counts.map(encodeVarint).join("");
    if (data.length + one.length > CHUNK_CHARS && data !== "") {
      rows.push({ kind, term, seq: rows.length, data });
      data = encodeVarint(at + 1) + counts.map(encodeVarint).join("");
    } else data += one;
    previous = at;
  }
  rows.push({ kind, term, seq: rows.length, data });
  return rows;
}

/** The documents' first clauses from meta's `docStarts` (deltas' inverse). */
export function documentStarts(text: string): Int32Array {
  const starts = Int32Array.from(decodeVarints(text, 0, text.length));
  for (let n = 1; n < starts.length; n++) starts[n] += starts[n - 1];
  return starts;
}

/** Document d's clause numbers, [first, end): up to the next document's first, the last one's up to `span`. */
export function documentClauses(starts: ArrayLike<number>, span: number, d: number): [number, number] {
  return [starts[d], d + 1 < starts.length ? starts[d + 1] : span];
}

/** Each document's shard from meta's `docShard` (a base-36 digit each). */
export const documentShards = (text: string): Uint8Array => Uint8Array.from(text, (c) => parseInt(c, 36));

export function deltas(values: number[]): string {
  let previous = 0;
  return values
    .map((v) => {
      const d = encodeVarint(v - previous);
      previous = v;
      return d;
    })
    .join("");
}

/**
 * Per document, the library's documents that name it as repealed (by 文号 or title), in library
 * order, itself included when it does: what documentStatus needs of the library to give it the
 * same status from these alone as from the whole library. The repeals are indexed once, so a
 * library of 100,000 documents takes no time.
 */
export function repealersIndex(library: DocumentMeta[]): (d: DocumentMeta) => DocumentMeta[] {
  const byNumber = new Map<string, number[]>();
  const byTitle = new Map<string, number[]>();
  const put = (map: Map<string, number[]>, key: string, n: number) => {
    const list = map.get(key) ?? [];
    if (list.at(-1) !== n) list.push(n);
    map.set(key, list);
  };
  library.forEach((by, n) => {
    for (const r of by.status?.repeals ?? []) {
      if (r.docNumber) put(byNumber, r.docNumber, n);
      put(byTitle, r.title, n);
    }
  });
  return (d) => {
    const found = new Set([...(d.docNumber ? (byNumber.get(d.docNumber) ?? []) : []), ...(byTitle.get(d.title) ?? [])]);
    return [...found].sort((a, b) => a - b).map((n) => library[n]);
  };
}

/** A clause's index words with their counts in text, heading path and lead-in (what its row's `words` holds), from its tokens. */
export function clauseWordCounts(tokens: { words: string[]; heading: string[]; context: string[] }): Map<string, [number, number, number]> {
  const counts = new Map<string, [number, number, number]>();
  const put = (list: string[], field: 0 | 1 | 2) => {
    for (const w of list) {
      let e = counts.get(w);
      if (!e) counts.set(w, (e = [0, 0, 0]));
      e[field]++;
    }
  };
  put(tokens.words, 0);
  put(tokens.heading, 1);
  put(tokens.context, 2);
  return counts;
}

/** A clause row's flags (schema.ts FLAG), the same from both builders. */
export function clauseFlags(introductory: number, clause: Pick<StoredClause, "deadlines">): number {
  return (introductory ? FLAG.introductory : 0) | (clause.deadlines?.length ? FLAG.deadlines : 0);
}
