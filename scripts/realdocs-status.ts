// Document status and deadlines over the 1,781 real documents of ../shared/bench/realdocs: each
// document ingested as an upload would be (no catalogue), its status on a given day, and the
// deadlines its clauses state (how many had their year from the document or the sentence).
//   npx tsx scripts/realdocs-status.ts [--dir ../shared/bench/realdocs/docs] [--on 2026-11-29]
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ingestDocument } from "../src/ingest/document.js";
import { documentStatus } from "../src/shared/document-status.js";
import type { DocumentMeta } from "../src/shared/schema.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const dir = resolve(arg("dir") ?? join(import.meta.dirname, "../../shared/bench/realdocs/docs"));
const on = new Date(`${arg("on") ?? new Date().toISOString().slice(0, 10)}T12:00:00Z`);

const files = readdirSync(dir).filter((f) => f.endsWith(".txt")).sort();
const library = new Map<string, DocumentMeta>();
let deadlines = 0;
let yearFromDocument = 0;
let withDeadlines = 0;
for (const f of files) {
  const ingested = ingestDocument({ id: f, source: f, text: readFileSync(join(dir, f), "utf8") });
  library.set(f, ingested.document);
  const found = ingested.clauses.flatMap((c) => c.deadlines ?? []);
  deadlines += found.length;
  yearFromDocument += found.filter((d) => "yearFrom" in d && d.yearFrom === "document").length;
  if (found.length) withDeadlines++;
}
const badges = new Map<string, number>();
for (const d of library.values()) {
  const badge = documentStatus(d, on, library).badge;
  const key = badge.startsWith("被《") ? "被…替代" : badge;
  badges.set(key, (badges.get(key) ?? 0) + 1);
}
console.log(`${files.length} documents in ${dir}, status on ${on.toISOString().slice(0, 10)}:`);
for (const [badge, n] of [...badges].sort((a, b) => b[1] - a[1])) console.log(`  ${badge}: ${n}`);
console.log(`deadlines: ${deadlines} in ${withDeadlines} documents (${yearFromDocument} with the year taken from the document's date)`);
