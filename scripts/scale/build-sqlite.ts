// Today's index as SQLite tables (src/scale/format.ts), built streaming so 1M clauses fit:
// the same ingestion (ingestDocument), tokens (clauseTokens with nodejieba cutForSearch),
// clause order (file-name order, as readCorpus), lengths, averages, lexicon and title words
// as `npm run index`, so a search over these tables can be compared with the in-memory one.
// Postings are encoded per batch of clauses and appended per term; runs longer than
// CHUNK_CHARS are cut into rows. Optionally also an FTS5 database of the clauses' words.
//
//   node --max-old-space-size=16000 --import tsx scripts/scale/build-sqlite.ts --input DIR --out DIR [--fts] [--now 2026-11-29]
//
// Writes DIR/tier.sqlite (+ DIR/fts.sqlite), DIR/lexicon.json, DIR/synonyms.json, and prints
// JSON: counts, seconds, peak RSS, file sizes. better-sqlite3 is loaded from /tmp/scale-deps
// (installed there, outside the repo: `cd /tmp/scale-deps && npm install better-sqlite3`).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { readCatalogue, readSourceFile } from "../../src/ingest/build/corpus.js";
import { clauseTokens } from "../../src/ingest/build/records.js";
import { readSynonyms } from "../../src/ingest/build/synonyms.js";
import { ingestDocument } from "../../src/ingest/document.js";
import { exportLexicon } from "../../src/ingest/segment/lexicon-export.js";
import { cutForSearch } from "../../src/ingest/segment/nodejieba.js";
import { decodeVarints, encodeVarint } from "../../src/search/postings.js";
import { createSegmenter } from "../../src/search/segment/jieba.js";
import { toSimplified } from "../../src/search/t2s.js";
import { wordTokens } from "../../src/search/tokens.js";
import { documentStatus } from "../../src/shared/document-status.js";
import type { DocumentMeta } from "../../src/shared/schema.js";
import { Database } from "./sqlite.js";
import { CHUNK_CHARS, encodeInts, KIND, SCHEMA, STRIDE } from "../../src/scale/format.js";

const { values } = parseArgs({
  options: {
    input: { type: "string" },
    out: { type: "string" },
    fts: { type: "boolean", default: false },
    now: { type: "string", default: "2026-11-29" },
    batch: { type: "string", default: "50000" },
  },
});
if (!values.input || !values.out) throw new Error("usage: build-sqlite.ts --input DIR --out DIR [--fts]");
const input = resolve(values.input);
const out = resolve(values.out);
const NOW = new Date(`${values.now}T12:00:00Z`);
const BATCH = Number(values.batch);
mkdirSync(out, { recursive: true });
for (const f of ["tier.sqlite", "fts.sqlite"]) rmSync(join(out, f), { force: true });

const t0 = performance.now();
const db = new Database(join(out, "tier.sqlite"));
db.pragma("journal_mode = OFF");
db.pragma("synchronous = OFF");
db.exec(SCHEMA);
const fts = values.fts ? new Database(join(out, "fts.sqlite")) : undefined;
if (fts) {
  fts.pragma("journal_mode = OFF");
  fts.pragma("synchronous = OFF");
  // the clause's index words (own text, heading path + label), space-joined: FTS5's unicode61 keeps a run of Han characters as one token
  fts.exec("CREATE VIRTUAL TABLE fts USING fts5(text, heading, tokenize = 'unicode61')");
}
const insertClause = db.prepare("INSERT INTO clauses (n, doc, lengths, flags, record) VALUES (?, ?, ?, ?, ?)");
const insertFts = fts?.prepare("INSERT INTO fts (rowid, text, heading) VALUES (?, ?, ?)");

// per term: the run so far (today's encoding, deltas across the whole list), the last clause, the df
interface Run {
  parts: string[];
  last: number;
  df: number;
  n: number;
}
const words = new Map<string, Run>();
const grams = new Map<string, Run>();
const add = (map: Map<string, Run>, term: string, clause: number, counts: number[], holds: boolean) => {
  let r = map.get(term);
  if (!r) map.set(term, (r = { parts: [], last: -1, df: 0, n: 0 }));
  r.parts.push(encodeVarint(clause - r.last) + counts.map(encodeVarint).join(""));
  r.last = clause;
  r.n++;
  if (holds) r.df++;
};
/** Every BATCH clauses the small pieces of each run are joined (a few long strings instead of millions of short ones). */
const compact = (map: Map<string, Run>) => {
  for (const r of map.values()) if (r.parts.length > 1) r.parts = [r.parts.join("")];
};

const documents: DocumentMeta[] = [];
const docStarts: number[] = [];
const lexTexts: string[] = [];
const sum = { words: 0, heading: 0, context: 0, grams: 0 };
let n = 0;
const files = readdirSync(input).filter((f) => /\.(txt|md)$/i.test(f)).sort();
const catalogue = readCatalogue(input);
let sinceCompact = 0;
const writeDocs = db.transaction((batch: (() => void)[]) => batch.forEach((f) => f()));
let pending: (() => void)[] = [];
for (const file of files) {
  const source = readSourceFile(join(input, file), catalogue);
  const { document, clauses } = ingestDocument(source);
  const docNo = documents.length;
  documents.push(document);
  docStarts.push(n);
  // introductory flags (rank.ts introductoryClauses, per document)
  let topKind: string | undefined;
  let withArticles = false;
  const intro = clauses.map((c, k) => {
    if (c.path.length === 0 || k === 0) topKind = c.kind;
    if (topKind === "preamble") return 1;
    if (topKind !== "attachment") withArticles = true;
    return 0;
  });
  clauses.forEach((c, k) => {
    const i = n++;
    const t = clauseTokens(c, cutForSearch);
    const counts = new Map<string, number[]>();
    const put = (tokens: string[], field: 1 | 2 | 3) => {
      for (const w of tokens) {
        let e = counts.get(w);
        if (!e) counts.set(w, (e = [0, 0, 0, 0]));
        e[field]++;
      }
    };
    put(t.words, 1);
    put(t.heading, 2);
    put(t.context, 3);
    for (const [w, e] of counts) add(words, w, i, [e[1], e[2], e[3]], e[1] > 0 || e[2] > 0);
    const gc = new Map<string, number>();
    for (const g of t.grams) gc.set(g, (gc.get(g) ?? 0) + 1);
    for (const [g, c2] of gc) add(grams, g, i, [c2], true);
    sum.words += t.words.length;
    sum.heading += t.heading.length;
    sum.context += t.context.length;
    sum.grams += t.grams.length;
    const lengths = [t.words.length, t.heading.length, t.context.length, t.grams.length].map(encodeVarint).join("");
    const flags = intro[k] && withArticles ? 1 : 0;
    const record = JSON.stringify(c);
    pending.push(() => {
      insertClause.run(i, docNo, lengths, flags, record);
      insertFts?.run(i, t.words.join(" "), t.heading.join(" "));
    });
    lexTexts.push(c.label, ...c.path, c.text, c.context);
  });
  if (pending.length >= 5000) {
    writeDocs(pending);
    pending = [];
  }
  sinceCompact += clauses.length;
  if (sinceCompact >= BATCH) {
    compact(words);
    compact(grams);
    sinceCompact = 0;
    console.error(`${n} clauses, ${documents.length} documents, ${((performance.now() - t0) / 1000).toFixed(0)} s, rss ${(process.memoryUsage().rss / 2 ** 30).toFixed(1)} GB`);
  }
}
writeDocs(pending);
const ingestSeconds = (performance.now() - t0) / 1000;

// lexicon and title words, as buildIndex and documentTitles make them
const lexicon = exportLexicon(lexTexts.concat(documents.map((d) => d.title)));
lexTexts.length = 0;
const segmenter = createSegmenter(lexicon);
const cut = (text: string, hmm: boolean) => segmenter.cutForSearch(text, hmm);
const titles = new Map<string, Run>();
documents.forEach((d, k) => {
  for (const w of new Set(wordTokens(cut, toSimplified([d.title, d.issuer ?? ""].join(" "))))) add(titles, w, k, [], true);
});

// postings rows
const insertPosting = db.prepare("INSERT INTO postings (kind, term, seq, df, n, data) VALUES (?, ?, ?, ?, ?, ?)");
let rows = 0;
let chunked = 0;
let maxChunk = 0;
const writeList = (kind: number, map: Map<string, Run>) => {
  const stride = STRIDE[kind];
  const terms = [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const tx = db.transaction((batch: string[]) => {
    for (const term of batch) {
      const r = map.get(term)!;
      const run = r.parts.join("");
      if (run.length <= CHUNK_CHARS) {
        insertPosting.run(kind, term, 0, r.df, r.n, run);
        rows++;
        maxChunk = Math.max(maxChunk, run.length);
      } else {
        // cut at posting boundaries, each row's first delta from -1
        chunked++;
        const v = decodeVarints(run, 0, run.length);
        let seq = 0;
        let clause = -1;
        let parts: string[] = [];
        let len = 0;
        let df = 0;
        let count = 0;
        let previous = -1;
        const flush = () => {
          const data = parts.join("");
          insertPosting.run(kind, term, seq++, df, count, data);
          rows++;
          maxChunk = Math.max(maxChunk, data.length);
          parts = [];
          len = 0;
          df = 0;
          count = 0;
          previous = -1;
        };
        for (let k = 0; k < v.length; k += stride) {
          clause += v[k];
          const piece = encodeVarint(clause - previous) + v.slice(k + 1, k + stride).map(encodeVarint).join("");
          if (len + piece.length > CHUNK_CHARS) flush();
          const p2 = previous === -1 ? encodeVarint(clause + 1) + v.slice(k + 1, k + stride).map(encodeVarint).join("") : piece;
          parts.push(p2);
          len += p2.length;
          previous = clause;
          count++;
          if (kind !== KIND.word || v[k + 1] > 0 || v[k + 2] > 0) df++;
        }
        if (count > 0) flush();
      }
      map.delete(term);
    }
  });
  for (let k = 0; k < terms.length; k += 20000) tx(terms.slice(k, k + 20000));
};
writeList(KIND.word, words);
writeList(KIND.gram, grams);
writeList(KIND.title, titles);

// documents and meta
const byId = new Map(documents.map((d) => [d.id, d]));
const regions = [...new Set(documents.map((d) => d.region ?? ""))].sort();
const regionNo = new Map(regions.map((r, k) => [r, k]));
const insertDoc = db.prepare("INSERT INTO documents (n, id, start, title, meta) VALUES (?, ?, ?, ?, ?)");
db.transaction(() => documents.forEach((d, k) => insertDoc.run(k, d.id, docStarts[k], d.title, JSON.stringify(d))))();
const nn = Math.max(1, n);
const meta: Record<string, string> = {
  n: String(n),
  avg: JSON.stringify({ words: sum.words / nn || 1, heading: sum.heading / nn || 1, context: sum.context / nn || 1, grams: sum.grams / nn || 1 }),
  docStarts: encodeInts(docStarts, true),
  docCurrent: documents.map((d) => (documentStatus(d, NOW, byId).current ? "1" : "0")).join(""),
  docRegion: encodeInts(documents.map((d) => regionNo.get(d.region ?? "")!)),
  regions: JSON.stringify(regions),
  shards: "1",
  now: NOW.toISOString(),
};
const insertMeta = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
db.transaction(() => Object.entries(meta).forEach(([k, v]) => insertMeta.run(k, v)))();
db.close();
fts?.exec("INSERT INTO fts(fts) VALUES ('optimize')");
fts?.close();
writeFileSync(join(out, "lexicon.json"), JSON.stringify(lexicon));
const synonymsFile = join(import.meta.dirname, "../../seeds/synonyms.tsv");
writeFileSync(join(out, "synonyms.json"), JSON.stringify(readSynonyms(synonymsFile)));

const peakRss = Number(readFileSync("/proc/self/status", "utf8").match(/VmHWM:\s+(\d+)/)?.[1] ?? NaN) / 1024;
const size = (f: string) => (existsSync(join(out, f)) ? statSync(join(out, f)).size : 0);
console.log(
  JSON.stringify({
    out,
    documents: documents.length,
    clauses: n,
    postingRows: rows,
    chunkedTerms: chunked,
    maxRowChars: maxChunk,
    ingestSeconds: +ingestSeconds.toFixed(1),
    seconds: +((performance.now() - t0) / 1000).toFixed(1),
    peakRssMb: Math.round(peakRss),
    tierBytes: size("tier.sqlite"),
    ftsBytes: size("fts.sqlite"),
    lexiconBytes: size("lexicon.json"),
  }),
);
