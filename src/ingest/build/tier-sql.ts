// Node: a library straight into the search tier's rows (src/tier/schema.ts), document by
// document, as SQL text, one file per shard: `npm run index -- --input DIR --tier-sql OUT`.
// `npm run index` holds the whole library in memory (a million clauses would take ~38 GB); this
// holds one batch of postings, each term's figures, the documents' metadata and the texts the
// lexicon is cut from. The rows are those `tierRows` makes from the index `npm run index` builds
// of the same folder (same ingestion, tokens, clause order, lengths, averages, lexicon, title
// words, synonyms; no learned questions), so searching them gives the same answers; only the
// posting runs are cut into rows per batch.
//
// Each file is plain SQL that `wrangler d1 execute DB --file shard-0.sql` loads (every statement
// under D1's 100 KB, but for a clause of over ~30,000 characters, whose row is one statement), or `sqlite3 FILE < shard-0.sql` for a local SQLite file (wrap it in
// BEGIN/COMMIT there: much faster). With `switchAt`, shard 0's last statement switches the
// pointer to the version (src/tier/publish.ts switchTier in SQL).
import { createHash } from "node:crypto";
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { titleWords } from "../../search/documents.js";
import type { DocumentMeta } from "../../shared/schema.js";
import { INDEX_FORMAT_VERSION } from "../../shared/schema.js";
import { chunkRun, clauseFlags, clauseLengths, clauseWordCounts, clauseWord, clauseWords, deltas, metaRows, NEWEST_KEPT, repealersIndex, type TierMetaValues } from "../../tier/rows.js";
import { newestOf, summaryOf } from "../../search/source.js";
import { createStatements, dropStatements, KIND, POINTER_SQL, POINTER_TABLE, shardOf, tablesOf } from "../../tier/schema.js";
import { introductoryFlags } from "../../search/rank.js";
import { ingestDocument } from "../document.js";
import { exportLexicon } from "../segment/lexicon-export.js";
import { cutForSearch } from "../segment/nodejieba.js";
import { corpusFiles, readSourceFile } from "./corpus.js";
import { SEGMENTER } from "./index.js";
import { clauseTokens } from "./records.js";

export interface TierSqlOptions {
  /** Folders or .txt/.md files (with their folders' catalogue.json), read in document-id order as `npm run index` reads them. */
  inputs: string[];
  out: string;
  shards: number;
  version: string;
  synonyms: string[][];
  /** Switch the pointer to the version at the end of shard 0's file. */
  switchAt?: Date;
  /** Clauses per batch of postings (memory against rows). */
  batch?: number;
  log?: (message: string) => void;
}

export interface TierSqlResult {
  documents: number;
  clauses: number;
  files: string[];
  bytes: number[];
  seconds: number;
}

/** Bytes of VALUES per INSERT: under D1's 100 KB statement. */
const STATEMENT_BYTES = 90_000;
/** Characters of a meta value per row (3 bytes each when Chinese). */
const META_CHARS = 20_000;

export async function writeTierSql(o: TierSqlOptions): Promise<TierSqlResult> {
  const started = performance.now();
  const log = o.log ?? (() => {});
  const t = tablesOf(o.version);
  mkdirSync(o.out, { recursive: true });
  const files = Array.from({ length: o.shards }, (_, s) => join(o.out, `shard-${s}.sql`));
  const out = files.map((f) => new SqlFile(f));
  out.forEach((f, s) => {
    for (const sql of [...dropStatements(t, s), ...createStatements(t, s)]) f.statement(sql);
  });

  const sources = corpusFiles(o.inputs);
  const documents: DocumentMeta[] = [];
  const docStarts: number[] = [];
  const docShard: number[] = [];
  const texts: string[] = [];
  const titles = new Map<string, number[]>();
  const figures = new Map<string, { count: number; df: number }>();
  const seqs = new Map<string, number>();
  const sum = { words: 0, heading: 0, context: 0, grams: 0 };
  // this batch's postings, per shard and term: [clause, ...counts] each
  let batch = new Map<string, number[][]>();
  let inBatch = 0;
  let n = 0;
  const figure = (kind: number, term: string, holds: boolean) => {
    const key = `${kind} ${term}`;
    const f = figures.get(key);
    if (f) {
      f.count++;
      if (holds) f.df++;
    } else figures.set(key, { count: 1, df: holds ? 1 : 0 });
  };
  const add = (kind: number, shard: number, term: string, posting: number[], holds: boolean) => {
    figure(kind, term, holds);
    const key = `${kind} ${term}`;
    const bkey = `${shard} ${key}`;
    const list = batch.get(bkey);
    if (list) list.push(posting);
    else batch.set(bkey, [posting]);
  };
  const flush = () => {
    for (const [bkey, postings] of batch) {
      const [shard, kind] = bkey.split(" ", 2).map(Number);
      const term = bkey.slice(bkey.indexOf(" ", bkey.indexOf(" ") + 1) + 1);
      const seqKey = `${shard} ${kind} ${term}`;
      const first = seqs.get(seqKey) ?? 0;
      const rows = chunkRun(kind, term, postings);
      rows.forEach((r, k) => out[shard].row(t.postings, ["kind", "term", "seq", "data"], [kind, term, first + k, r.data]));
      seqs.set(seqKey, first + rows.length);
    }
    batch = new Map();
    inBatch = 0;
  };

  for (const file of sources) {
    const source = readSourceFile(file.path, file.catalogue);
    const { document, clauses } = ingestDocument(source);
    const docNo = documents.length;
    const shard = shardOf(document.id, o.shards);
    documents.push(document);
    docStarts.push(n);
    docShard.push(shard);
    for (const w of new Set(titleWords(cutForSearch, document))) {
      const list = titles.get(w) ?? [];
      list.push(docNo);
      titles.set(w, list);
    }
    const flags = introductoryFlags(clauses);
    clauses.forEach((c, k) => {
      const i = n++;
      const tokens = clauseTokens(c, cutForSearch);
      const counts = clauseWordCounts(tokens);
      const own: string[] = [];
      for (const [w, e] of counts) {
        figure(KIND.word, w, e[0] > 0 || e[1] > 0);
        if (e[0] > 0) add(KIND.text, shard, w, [i], true);
        if (e[1] > 0) add(KIND.heading, shard, w, [i], true);
        own.push(clauseWord(w, e[0], e[1], e[2]));
      }
      for (const g of new Set(tokens.grams)) add(KIND.gram, shard, g, [i], true);
      sum.words += tokens.words.length;
      sum.heading += tokens.heading.length;
      sum.context += tokens.context.length;
      sum.grams += tokens.grams.length;
      const lengths = clauseLengths(tokens.words.length, tokens.heading.length, tokens.context.length, tokens.grams.length);
      out[shard].row(t.clauses, ["n", "doc", "lengths", "flags", "words", "record"], [i, docNo, lengths, clauseFlags(flags[k], c), clauseWords(own), JSON.stringify(c)]);
      texts.push(c.label, ...c.path, c.text, c.context);
      inBatch++;
    });
    if (inBatch >= (o.batch ?? 100_000)) {
      flush();
      log(`${n} clauses, ${documents.length} documents, ${((performance.now() - started) / 1000).toFixed(0)} s, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
    }
  }
  flush();

  // title words (by document), every term's figures in every shard, the documents, meta
  for (const [w, docs] of titles) {
    const byShard = new Map<number, number[][]>();
    for (const d of docs) {
      const list = byShard.get(docShard[d]) ?? [];
      list.push([d]);
      byShard.set(docShard[d], list);
    }
    for (const [s, postings] of byShard) chunkRun(KIND.title, w, postings).forEach((r) => out[s].row(t.postings, ["kind", "term", "seq", "data"], [KIND.title, w, r.seq, r.data]));
    figures.set(`${KIND.title} ${w}`, { count: docs.length, df: docs.length });
  }
  for (const [key, f] of figures) {
    const kind = Number(key.slice(0, key.indexOf(" ")));
    const term = key.slice(key.indexOf(" ") + 1);
    for (const file of out) file.row(t.terms, ["kind", "term", "count", "df"], [kind, term, f.count, f.df]);
  }
  const repealers = repealersIndex(documents);
  documents.forEach((d, k) => out[0].row(t.docs, ["n", "id", "region", "meta", "repealers"], [k, d.id, d.region ?? null, JSON.stringify(d), JSON.stringify(repealers(d))]));
  for (const d of documents) texts.push(d.title, d.issuer ?? "");
  log(`lexicon from ${texts.length} texts`);
  const lexicon = exportLexicon(texts);
  const size = Math.max(1, n);
  const hash = createHash("sha256");
  for (const f of out) hash.update(f.digest());
  const values: TierMetaValues = {
    manifest: {
      formatVersion: INDEX_FORMAT_VERSION,
      contentHash: hash.digest("hex"),
      documents: documents.length,
      clauses: n,
      lexiconWords: lexicon.entries ? lexicon.entries.split("\n").length : 0,
      segmenter: SEGMENTER,
      files: {},
    },
    size: n,
    avg: { words: sum.words / size || 1, heading: sum.heading / size || 1, context: sum.context / size || 1, grams: sum.grams / size || 1, learned: 1 },
    docStarts: deltas(docStarts),
    docShard: docShard.map((s) => s.toString(36)).join(""),
    shards: o.shards,
    lexicon,
    synonyms: o.synonyms,
    learnedLengths: [],
    learnedAnswers: [],
    withdrawn: [],
    totals: { words: sum.words, heading: sum.heading, context: sum.context, grams: sum.grams },
    summary: summaryOf(documents),
    newest: newestOf(documents, NEWEST_KEPT),
  };
  for (const r of metaRows(values, META_CHARS)) out[0].row(t.meta, ["key", "seq", "value"], [r.key, r.seq, r.value]);
  if (o.switchAt) {
    out[0].statement(POINTER_SQL);
    out[0].statement(
      `INSERT INTO ${POINTER_TABLE} (id, version, previous, switched_at) VALUES (1, ${literal(o.version)}, NULL, ${literal(o.switchAt.toISOString())}) ON CONFLICT (id) DO UPDATE SET previous = version, version = excluded.version, switched_at = excluded.switched_at`,
    );
  }
  const bytes = out.map((f) => f.close());
  return { documents: documents.length, clauses: n, files, bytes, seconds: (performance.now() - started) / 1000 };
}

/** A SQL literal: a number, NULL, or a string with its quotes doubled. */
function literal(v: string | number | null): string {
  if (v === null) return "NULL";
  if (typeof v === "number") return String(v);
  return `'${v.replace(/'/g, "''")}'`;
}

/** A SQL file written as it goes: statements, and rows gathered into multi-row INSERTs under STATEMENT_BYTES. */
class SqlFile {
  private fd: number;
  private pending: { table: string; columns: string[]; values: string[]; bytes: number } | undefined;
  private written = 0;
  private hash = createHash("sha256");
  constructor(path: string) {
    this.fd = openSync(path, "w");
  }
  private write(text: string) {
    const buffer = Buffer.from(text, "utf8");
    writeSync(this.fd, buffer);
    this.hash.update(buffer);
    this.written += buffer.length;
  }
  statement(sql: string) {
    this.end();
    this.write(`${sql};\n`);
  }
  row(table: string, columns: string[], values: (string | number | null)[]) {
    const tuple = `(${values.map(literal).join(",")})`;
    const bytes = Buffer.byteLength(tuple, "utf8");
    if (this.pending && (this.pending.table !== table || this.pending.bytes + bytes > STATEMENT_BYTES)) this.end();
    if (!this.pending) this.pending = { table, columns, values: [], bytes: 0 };
    this.pending.values.push(tuple);
    this.pending.bytes += bytes + 1;
  }
  private end() {
    if (!this.pending) return;
    const { table, columns, values } = this.pending;
    this.pending = undefined;
    this.write(`INSERT INTO ${table} (${columns.join(", ")}) VALUES ${values.join(",")};\n`);
  }
  digest(): string {
    this.end();
    return this.hash.copy().digest("hex");
  }
  close(): number {
    this.end();
    closeSync(this.fd);
    return this.written;
  }
}

