// Questions that name a document's subject, over the 1,781 real documents of
// ../shared/bench/realdocs (which come with no questions): for a fixed fifth of the documents
// whose region is known, a question is made the way a user names a policy — the place, about two
// thirds of the title's subject words (the title without its issuer, 关于/印发 and 通知/意见/措施),
// and one of four ways of asking. A question is answered at rank r when the r-th clause comes
// from that document. Made from titles, the set favours title evidence by construction: it
// measures whether a named document is reached at all among hundreds on the same subjects
// (公积金, 购房补贴, 房地产市场), not how well clauses answer.
//   npm run index -- --input ../shared/bench/realdocs/docs --out /tmp/real-index
//   npx tsx scripts/realdocs-naming.ts [--index /tmp/real-index] [--half a|b] [--show N] [--without-documents]
// --without-documents: titles are not evidence and the place named brings no candidates of its own (as before issue 11).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import MiniSearch from "minisearch";
import { halfOf } from "../src/eval/halves.js";
import { cutForSearch, cut } from "../src/ingest/segment/nodejieba.js";
import { readIndexDir } from "../src/node/index-dir.js";
import { DOCUMENT_PARAMS } from "../src/search/documents.js";
import { search, SEARCH_PARAMS } from "../src/search/engine.js";
import { QUESTION_WORDS } from "../src/search/question-words.js";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const dir = option("--index") ?? "/tmp/real-index";
const half = option("--half");
const show = Number(option("--show") ?? 0);
if (half && half !== "a" && half !== "b") throw new Error("--half must be a or b");
const index = readIndexDir(dir);
if (args.includes("--without-documents")) {
  DOCUMENT_PARAMS.weight = 0;
  SEARCH_PARAMS.regionCandidates = 0;
}

const ASKS = ["有什么支持政策", "有哪些规定", "具体怎么规定的", "政策内容是什么"];

interface NamingQuestion {
  id: string;
  q: string;
  doc: string;
}

/** The questions, deterministic: a linear congruential sequence picks the documents, the words kept and the way of asking. */
function namingQuestions(): NamingQuestion[] {
  const out: NamingQuestion[] = [];
  let h = 7;
  for (const d of index.documents) {
    if (!d.region || !d.title || /^POL_/.test(d.title)) continue;
    h = (Math.imul(h, 1103515245) + 12345) >>> 0;
    if (h % 5 !== 0) continue;
    const subject = d.title
      .replace(/【[^】]*】/g, "")
      .replace(/[(（][^)）]*[)）]/g, "")
      .replace(/[<>《》]/g, "")
      .replace(/^.*?关于/, "")
      .replace(/^(印发|转发)/, "")
      .replace(/(的)?(通知|意见|公告|通告|决定|办法|细则|方案|措施|举措|若干.*)$/, "");
    const place = d.region.replace(/^(.*?省|.*?自治区)/, "").replace(/[市县区]$/, "") || d.region.replace(/[省市]$/, "");
    const words = cut(subject).filter((w) => w.length >= 2 && !QUESTION_WORDS.has(w) && !d.region!.includes(w.replace(/[市县区省]$/, "")));
    const kept = words.filter((_, i) => ((h >>> (i % 16)) & 3) !== 0).slice(0, 4);
    if (kept.length < 2) continue;
    out.push({ id: d.id, q: `${place}${kept.join("")}${ASKS[h % ASKS.length]}`, doc: d.id });
  }
  return out;
}

/** Baseline: MiniSearch + jieba over whole documents (title and text), as the issue's peer. */
function corpusDir(): string {
  return new URL("../../shared/bench/realdocs/docs", import.meta.url).pathname;
}

const questions = namingQuestions().filter((q) => !half || halfOf(q.id) === half);
const rows: Record<string, { at1: number; at5: number }> = { 政策通: { at1: 0, at5: 0 } };
let baseline: ((q: string, k: number) => string[]) | undefined;
// the baseline reads the documents themselves
try {
  const docs = corpusDir();
  const tokenize = (text: string) => cutForSearch(text);
  const ms = new MiniSearch<{ id: string; text: string }>({ fields: ["text"], tokenize, searchOptions: { tokenize } });
  ms.addAll(index.documents.map((d) => ({ id: d.id, text: `${d.title}\n${readFileSync(join(docs, d.source ?? `${d.id}.txt`), "utf8")}` })));
  baseline = (q, k) => ms.search(q).slice(0, k).map((r) => String(r.id));
  rows["MiniSearch + jieba, whole documents"] = { at1: 0, at5: 0 };
} catch {
  console.log("(no ../shared/bench/realdocs/docs beside the repository: the baseline is left out)");
}
let shown = 0;
for (const q of questions) {
  const found = (await search(index, q.q, { k: 5 })).results.map((r) => r.docId);
  const at = found.indexOf(q.doc);
  if (at === 0) rows.政策通.at1++;
  if (at >= 0) rows.政策通.at5++;
  if (at !== 0 && shown++ < show) console.log(`${q.q} | ${index.documentsById.get(q.doc)?.title} | first: ${found[0] ? index.documentsById.get(found[0])?.title : "(abstained)"}`);
  if (baseline) {
    const b = baseline(q.q, 5).indexOf(q.doc);
    const row = rows["MiniSearch + jieba, whole documents"];
    if (b === 0) row.at1++;
    if (b >= 0) row.at5++;
  }
}
console.log(`document-naming questions over realdocs, half ${half ?? "a+b"}: ${questions.length} (index ${dir})`);
for (const [name, r] of Object.entries(rows)) {
  console.log(`  ${name.padEnd(36)} doc@1 ${(r.at1 / questions.length).toFixed(3)}  doc@5 ${(r.at5 / questions.length).toFixed(3)}`);
}
