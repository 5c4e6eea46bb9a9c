// Option "postings in SQLite", from Node (better-sqlite3, a native SQLite on a local file):
// today's search over the tables of build-sqlite.ts, per heading question: rows and chars of
// postings fetched, fetch / decode / candidates / rank times, end to end; ranking parity with
// the in-memory engine (search() over `npm run index`'s files) when --index is given; and the
// FTS5 candidate variant (--fts 100,500): parity of its top 5 with the full candidate set, and
// the FTS5 query time.
//
//   node --max-old-space-size=8000 --import tsx scripts/scale/node-sqlite.ts --dir /tmp/scale/sql100k [--index /tmp/scale/idx100k] [--questions 200] [--rounds 3] [--fts 100,500]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { search } from "../../src/search/engine.js";
import { loadIndexText } from "../../src/search/load-index.js";
import { createSegmenter } from "../../src/search/segment/jieba.js";
import type { Lexicon } from "../../src/search/segment/lexicon.js";
import { parseMeta } from "../../src/scale/format.js";
import { headingQuestionsOf } from "../../src/scale/questions.js";
import { tierSearch, type ClauseRow, type PostingRow, type TierEnv, type TierSource } from "../../src/scale/tier.js";
import { Database, type SqliteDb } from "./sqlite.js";

const { values } = parseArgs({
  options: {
    dir: { type: "string" },
    index: { type: "string" },
    questions: { type: "string", default: "200" },
    rounds: { type: "string", default: "3" },
    fts: { type: "string", default: "" },
    shards: { type: "string", default: "" },
    save: { type: "string", default: "" },
  },
});
const dir = values.dir!;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const r2 = (x: number) => Math.round(x * 100) / 100;
const summary = (xs: number[]) => ({ median: r2(pct(xs, 50)), p99: r2(pct(xs, 99)), max: r2(Math.max(...xs)) });

function sqliteSource(dbs: SqliteDb[]): TierSource {
  const post = dbs.map((db) => db.prepare("SELECT kind, term, seq, data FROM postings WHERE kind = ? AND term IN (SELECT value FROM json_each(?))"));
  const clause = dbs.map((db) =>
    db.prepare("SELECT c.n, c.lengths, c.flags, c.record, d.title FROM clauses c JOIN documents d ON d.n = c.doc WHERE c.n IN (SELECT value FROM json_each(?))"),
  );
  return {
    async postings({ words, grams, titles }) {
      const rows: PostingRow[] = [];
      for (const p of post) {
        rows.push(...(p.all(0, JSON.stringify(words)) as PostingRow[]), ...(p.all(1, JSON.stringify(grams)) as PostingRow[]), ...(p.all(2, JSON.stringify(titles)) as PostingRow[]));
      }
      return rows;
    },
    async clauses(ids) {
      return clause.flatMap((c) => c.all(JSON.stringify(ids)) as ClauseRow[]);
    },
  };
}

const shardDirs = values.shards ? values.shards.split(",") : [dir];
const dbs = shardDirs.map((d) => new Database(join(d, "tier.sqlite"), { readonly: true }));
const meta = parseMeta(dbs[0].prepare("SELECT key, value FROM meta").all() as { key: string; value: string }[]);
const env: TierEnv = {
  meta,
  segmenter: createSegmenter(JSON.parse(readFileSync(join(dir, "lexicon.json"), "utf8")) as Lexicon),
  synonyms: JSON.parse(readFileSync(join(dir, "synonyms.json"), "utf8")),
};
const source = sqliteSource(dbs);
const NOW = new Date(dbs[0].prepare("SELECT value FROM meta WHERE key = 'now'").pluck().get() as string);

// questions: from the clause records, in clause order
function* records() {
  for (const db of dbs.slice(0, 1)) {
    // shards hold a subset each: questions always come from the whole library (shard dirs are given with --dir = the unsharded one)
    for (const r of db.prepare("SELECT record FROM clauses ORDER BY n").iterate() as Iterable<{ record: string }>) yield JSON.parse(r.record);
  }
}
const qdb = new Database(join(dir, "tier.sqlite"), { readonly: true });
const questions = headingQuestionsOf(
  (function* () {
    for (const r of qdb.prepare("SELECT record FROM clauses ORDER BY n").iterate() as Iterable<{ record: string }>) yield JSON.parse(r.record);
  })(),
  Number(values.questions),
  "scale",
);
void records;

const out: Record<string, unknown> = { dir, shards: dbs.length, clauses: meta.n, documents: meta.docStarts.length, questions: questions.length };

// parity with the in-memory engine
let reference: { answered: boolean; ids: string[] }[] | undefined;
if (values.index) {
  const files: Record<string, string> = {};
  for (const f of ["manifest.json", "documents.json", "clauses.json", "lexicon.json", "synonyms.json", "postings.json"]) files[f] = readFileSync(join(values.index, f), "utf8");
  const index = loadIndexText(files);
  reference = [];
  const times: number[] = [];
  for (const q of questions) {
    const t = performance.now();
    const r = await search(index, q, { now: NOW });
    times.push(performance.now() - t);
    reference.push({ answered: r.answered, ids: r.results.map((h) => h.id) });
  }
  out.inMemoryMs = summary(times);
}

// the transient memory of a question: JS heap + array buffers right after its postings are
// decoded, over the same after a full GC before it (node --expose-gc)
const gc = (globalThis as { gc?: () => void }).gc;
if (gc) {
  const used = () => {
    const m = process.memoryUsage();
    return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
  };
  const peaks: number[] = [];
  for (const q of questions) {
    gc();
    const base = used();
    let at = base;
    await tierSearch(env, source, q, { debug: (what) => (what === "decoded" ? (at = used()) : undefined) });
    peaks.push(at - base);
  }
  gc();
  out.transientMbAfterDecode = summary(peaks);
  out.heapAfterQuestionsMb = r2(used());
}

const rounds = Number(values.rounds);
const tier: { answered: boolean; ids: string[] }[] = [];
const e2e: number[] = [];
const parts: Record<string, number[]> = {};
for (let round = 0; round < rounds; round++) {
  for (const [qi, q] of questions.entries()) {
    const t = performance.now();
    const r = await tierSearch(env, source, q, {});
    const ms = performance.now() - t;
    if (round === 0) tier.push({ answered: r.answered, ids: r.ids });
    if (round === 0 && qi === 0) continue; // cold
    e2e.push(ms);
    for (const [k, v] of Object.entries(r.timings)) (parts[k] ??= []).push(v);
  }
}
out.endToEndMs = summary(e2e);
out.parts = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, summary(v)]));
const same = (a: { answered: boolean; ids: string[] }, b: { answered: boolean; ids: string[] }) => a.answered === b.answered && a.ids.join() === b.ids.join();
if (reference && process.env.SCALE_DEBUG)
  questions.forEach((q, i) => {
    if (!same(tier[i], reference![i])) console.error(JSON.stringify({ q, ref: reference![i], tier: tier[i] }));
  });
if (reference) out.parityWithInMemory = `${tier.filter((t, i) => same(t, reference![i])).length}/${questions.length}`;
out.answered = tier.filter((t) => t.answered).length;
// the in-memory engine's answers when --index was given, else this run's
if (values.save) writeFileSync(values.save, JSON.stringify({ questions, source: reference ? "in-memory" : "tier", results: reference ?? tier }));

if (values.fts) {
  const fts = new Database(join(dir, "fts.sqlite"), { readonly: true });
  const match = fts.prepare("SELECT rowid AS n FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 1.0, 1.5) LIMIT ?");
  const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;
  for (const k of values.fts.split(",").map(Number)) {
    const ftsMs: number[] = [];
    const results: { answered: boolean; ids: string[] }[] = [];
    for (const q of questions) {
      const r = await tierSearch(env, source, q, {
        candidates: async (p) => {
          const terms = [...new Set(p.terms.map((t) => t.term))];
          if (terms.length === 0) return [];
          const t = performance.now();
          const rows = match.all(terms.map(quote).join(" OR "), k) as { n: number }[];
          ftsMs.push(performance.now() - t);
          return rows.map((r) => r.n);
        },
      });
      results.push({ answered: r.answered, ids: r.ids });
    }
    const vsTier = results.filter((r, i) => same(r, tier[i])).length;
    const vsRef = reference ? results.filter((r, i) => same(r, reference![i])).length : undefined;
    out[`fts${k}`] = { ftsQueryMs: summary(ftsMs), parityWithFullCandidates: `${vsTier}/${questions.length}`, ...(vsRef !== undefined ? { parityWithInMemory: `${vsRef}/${questions.length}` } : {}) };
  }
}
console.log(JSON.stringify(out, null, 1));
