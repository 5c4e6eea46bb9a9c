// What ingestion makes of the 1,781 real documents of ../shared/bench/realdocs: how many end up
// as a single clause, how many clauses are long, the longest.
//   npx tsx scripts/realdocs-clauses.ts [DIR]
import { readdirSync, readFileSync } from "node:fs";
import { ingestDocument, documentId } from "../src/ingest/document.js";
const dir = process.argv[2] ?? new URL("../../shared/bench/realdocs/docs", import.meta.url).pathname;
const files = readdirSync(dir).sort();
let oneLine = 0, docs = 0, clauses = 0, long500 = 0, long1000 = 0, maxLen = 0, singleClauseDocs = 0, attach = 0;
const lens: number[] = [];
for (const f of files) {
  const text = readFileSync(`${dir}/${f}`, "utf8");
  const lines = text.split("\n").filter((l) => l.trim()).length;
  if (lines <= 2) oneLine++;
  const r = ingestDocument({ id: documentId(f), source: f, text });
  docs++; clauses += r.clauses.length;
  if (r.clauses.length <= 1) singleClauseDocs++;
  for (const c of r.clauses) { const L = c.text.length; lens.push(L); if (L > 500) long500++; if (L > 1000) long1000++; if (L > maxLen) maxLen = L; if (c.label === "附件") attach++; }
}
lens.sort((a, b) => a - b);
console.log(`${docs} documents (${oneLine} of one or two lines), ${clauses} clauses; ${singleClauseDocs} documents as a single clause; clauses over 500 characters: ${long500} (over 1,000: ${long1000}); longest ${maxLen}; median ${lens[lens.length >> 1]}, 90th percentile ${lens[Math.floor(lens.length * 0.9)]}; ${attach} attachment clauses`);
