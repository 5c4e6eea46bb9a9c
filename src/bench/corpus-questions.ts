// Questions for a corpus that comes without any (`npm run bench -- --corpus DIR`): the corpus's
// own clause headings, the way a user names a measure ("支持工业企业实施技术改造", "人才购房补贴"),
// numbering stripped, a reproducible sample spread over the documents. A folder with its own
// questions (questions.json or queries.json: [{ id?, q }]) is asked those instead.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { allClauses } from "../search/db.js";
import type { LoadedIndex } from "../search/load-index.js";
import { hashSeed, mulberry32 } from "./prng.js";
import type { BenchQuery } from "./queries.js";

/** 第三条, 一、, （二）, (3), 4., 4、, ①: a heading's numbering. */
const NUMBERING = /^(?:第[一二三四五六七八九十百零〇\d]+[编章节条款]|[一二三四五六七八九十百]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+(?:\.\d+)*[、.．]?|[①-⑳])\s*/u;
const HAN = /\p{Script=Han}/gu;

/** A heading as a question: the label without its numbering or end punctuation, 4–24 characters, mostly Chinese; undefined otherwise. */
export function headingQuestion(label: string): string | undefined {
  const q = label.replace(NUMBERING, "").replace(/[。：:；;，,、]+$/u, "").trim();
  const chars = [...q];
  if (chars.length < 4 || chars.length > 24) return undefined;
  if ((q.match(HAN)?.length ?? 0) < chars.length * 0.8) return undefined;
  return q;
}

/** `n` heading questions, at most one per document, chosen with a PRNG seeded by `seedKey`. */
export function headingQuestions(index: LoadedIndex, n: number, seedKey: string): BenchQuery[] {
  const byDoc = new Map<string, string[]>();
  for (const c of allClauses(index.db)) {
    if (c.label === c.text) continue; // a passage with no heading of its own
    const q = headingQuestion(c.label);
    if (q) byDoc.set(c.docId, [...(byDoc.get(c.docId) ?? []), q]);
  }
  const rng = mulberry32(hashSeed(seedKey));
  const docs = [...byDoc.keys()].sort();
  // a Fisher–Yates shuffle of the documents, then one heading of each
  for (let i = docs.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [docs[i], docs[j]] = [docs[j], docs[i]];
  }
  const seen = new Set<string>();
  const out: BenchQuery[] = [];
  for (const d of docs) {
    if (out.length >= n) break;
    const headings = byDoc.get(d)!;
    const q = headings[Math.floor(rng() * headings.length)];
    if (seen.has(q)) continue;
    seen.add(q);
    out.push({ id: `heading-${out.length + 1}`, q });
  }
  return out;
}

/** The folder's own questions when it has a file of them, else `n` of its headings; with where they came from. */
export function corpusQuestions(dir: string, index: LoadedIndex, n = 60): { queries: BenchQuery[]; source: string } {
  for (const name of ["questions.json", "queries.json"]) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    const list = JSON.parse(readFileSync(file, "utf8")) as { id?: string; q: string }[];
    const queries = list.filter((x) => typeof x.q === "string" && x.q.trim()).map((x, i) => ({ id: x.id ?? `q${i + 1}`, q: x.q }));
    if (queries.length > 0) return { queries, source: `${queries.length} questions from ${file}` };
  }
  const queries = headingQuestions(index, n, dir);
  return { queries, source: `${queries.length} questions made from the corpus's own clause headings (one per document, seeded by the folder name)` };
}
