// Option "today's index in one isolate", from Node: index bytes and gzip bytes per file, then
// src/bench/node-probe.ts (a fresh `node --expose-gc` child: read, JSON.parse, loadIndex, corpus
// stats, JS heap after GC at each step, peak RSS, query times) over the heading questions of the
// same library's SQLite tables (so every option is asked the same questions).
//
//   node --import tsx scripts/scale/inmemory.ts --index /tmp/scale/idx100k --sql /tmp/scale/sql100k [--questions 200] [--rounds 3]
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { runChild } from "../../src/bench/child.js";
import type { LoadResult } from "../../src/bench/node-probe.js";
import { headingQuestionsOf } from "../../src/scale/questions.js";
import { Database } from "./sqlite.js";

const { values } = parseArgs({ options: { index: { type: "string" }, sql: { type: "string" }, questions: { type: "string", default: "200" }, rounds: { type: "string", default: "3" } } });
const indexDir = values.index!;
const files = ["manifest.json", "documents.json", "clauses.json", "lexicon.json", "synonyms.json", "postings.json"];
const bytes: Record<string, { bytes: number; gzip: number }> = {};
for (const f of files) bytes[f] = { bytes: statSync(join(indexDir, f)).size, gzip: gzipSync(readFileSync(join(indexDir, f)), { level: 6 }).length };
const qdb = new Database(join(values.sql!, "tier.sqlite"), { readonly: true });
const queries = headingQuestionsOf(
  (function* () {
    for (const r of qdb.prepare("SELECT record FROM clauses ORDER BY n").iterate() as Iterable<{ record: string }>) yield JSON.parse(r.record);
  })(),
  Number(values.questions),
  "scale",
);
qdb.close();
const { result, wallMs } = await runChild<LoadResult>("node-probe.ts", { mode: "load", indexDir, queries, rounds: Number(values.rounds) }, ["--expose-gc", "--max-old-space-size=20000"]);
const all = result.perQuery.flat().sort((a, b) => a - b);
const p = (q: number) => Math.round(all[Math.min(all.length - 1, Math.ceil(q * all.length) - 1)] * 100) / 100;
const total = Object.values(bytes).reduce((s, b) => ({ bytes: s.bytes + b.bytes, gzip: s.gzip + b.gzip }), { bytes: 0, gzip: 0 });
console.log(
  JSON.stringify(
    {
      indexDir,
      questions: queries.length,
      bytes,
      total,
      readMs: Math.round(result.readMs),
      parseMs: Object.fromEntries(Object.entries(result.parseMs).map(([k, v]) => [k, Math.round(v)])),
      loadIndexMs: Math.round(result.loadIndexMs),
      corpusStatsMs: Math.round(result.corpusStatsMs),
      firstQueryMs: Math.round(result.firstQueryMs),
      heapMb: Object.fromEntries(Object.entries(result.heap).map(([k, v]) => [k, Math.round(v)])),
      peakRssMb: Math.round(result.peakRssMb),
      queryMs: { median: p(0.5), p99: p(0.99), max: p(1) },
      childWallMs: Math.round(wallMs),
    },
    null,
    1,
  ),
);
