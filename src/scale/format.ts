// Issue 15 measurements (scripts/scale/): the SQLite / D1 layout of today's index, shared by the
// Node builder and the worker that queries it. Edge-safe (no Node built-ins).
//
//   postings(kind, term, seq, df, n, data)  kind 0 = word (stride 4: clause delta, counts in
//       text / heading / lead-in), 1 = bigram (stride 2: clause delta, count), 2 = title word
//       (stride 1: document delta). data = the run in today's base-32 varint text
//       (src/search/postings.ts), cut at posting boundaries into rows of at most CHUNK_CHARS;
//       every row decodes on its own (its first delta counts from -1). df = the row's postings
//       whose text or heading holds the word (words), its postings (bigrams, titles).
//   clauses(n, doc, lengths, flags, record)  lengths = 4 varints (words, heading, lead-in,
//       bigrams); flags bit 0 = introductory (rank.ts introductoryClauses); record = the clause
//       as the store holds it (JSON).
//   documents(n, id, start, title, meta)  meta = DocumentMeta JSON.
//   meta(key, value)  n, avg, docStarts (varint deltas), docCurrent ("0"/"1" per document on
//       a fixed day), docRegion (varints into regions), regions (JSON), shards, docShard.
import { decodeVarints, encodeVarint } from "../search/postings.js";

export const CHUNK_CHARS = 1_000_000;
export const KIND = { word: 0, gram: 1, title: 2 } as const;
export const STRIDE = [4, 2, 1] as const;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS postings (kind INTEGER NOT NULL, term TEXT NOT NULL, seq INTEGER NOT NULL, df INTEGER NOT NULL, n INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (kind, term, seq));
CREATE TABLE IF NOT EXISTS clauses (n INTEGER PRIMARY KEY, doc INTEGER NOT NULL, lengths TEXT NOT NULL, flags INTEGER NOT NULL, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (n INTEGER PRIMARY KEY, id TEXT NOT NULL, start INTEGER NOT NULL, title TEXT NOT NULL, meta TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

export interface TierMeta {
  n: number;
  avg: { words: number; heading: number; context: number; grams: number };
  docStarts: Int32Array;
  docCurrent: Uint8Array;
  docRegion: Int32Array;
  regions: string[];
  shards: number;
  docShard: Uint8Array;
}

export function encodeInts(values: ArrayLike<number>, delta = false): string {
  let out = "";
  let previous = 0;
  const parts: string[] = [];
  for (let i = 0; i < values.length; i++) {
    parts.push(encodeVarint(delta ? values[i] - previous : values[i]));
    previous = values[i];
    if (parts.length >= 4096) {
      out += parts.join("");
      parts.length = 0;
    }
  }
  return out + parts.join("");
}

export function decodeInts(s: string, delta = false): Int32Array {
  const values = decodeVarints(s, 0, s.length);
  const out = new Int32Array(values.length);
  let acc = 0;
  for (let i = 0; i < values.length; i++) out[i] = delta ? (acc += values[i]) : values[i];
  return out;
}

export function parseMeta(rows: { key: string; value: string }[]): TierMeta {
  const m = new Map(rows.map((r) => [r.key, r.value]));
  const get = (k: string) => {
    const v = m.get(k);
    if (v === undefined) throw new Error(`meta: ${k} missing`);
    return v;
  };
  const current = get("docCurrent");
  const shardText = m.get("docShard") ?? "";
  return {
    n: Number(get("n")),
    avg: JSON.parse(get("avg")),
    docStarts: decodeInts(get("docStarts"), true),
    docCurrent: Uint8Array.from(current, (c) => (c === "1" ? 1 : 0)),
    docRegion: decodeInts(get("docRegion")),
    regions: JSON.parse(get("regions")),
    shards: Number(m.get("shards") ?? "1"),
    docShard: Uint8Array.from(shardText, (c) => c.charCodeAt(0) - 48),
  };
}

/** The document of clause i: the last document starting at or before it. */
export function documentOf(meta: TierMeta, i: number): number {
  const s = meta.docStarts;
  let lo = 0;
  let hi = s.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (s[mid] <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
