// The web pages' figures at seed scale: page weight (HTML + the stylesheet and script it links,
// uncompressed) and server time per page, median of several runs.
//   npx tsx scripts/web-figures.ts [--runs N] [--reps N] [--index DIR] [--skip-workerd]
// Server time is taken two ways:
//   - Node, in-process: app.request(path) → body, timed around the call (routing, the search
//     for /q, rendering, headers); `runs` timed calls per page after 3 warm-up calls.
//   - workerd (Miniflare, the bench's bundle of src/worker.ts + src/bench/worker-entry.ts):
//     the page served `reps` times inside the isolate in one dispatch (/__bench/repeat), the
//     dispatch of an empty repeat subtracted, divided by reps; `runs` rounds; with the Cache API
//     off (every request renders) and on (a repeated page comes from the page cache).
import { join, resolve } from "node:path";
import { displayWidth } from "../src/answer/wrap.js";
import { EXAMPLE_QUESTIONS } from "../src/bot/texts.js";
import { parseArgs } from "../src/cli/args.js";
import { REPO_ROOT } from "../src/cli/paths.js";
import { createApp } from "../src/http/app.js";
import { readIndexDir } from "../src/node/index-dir.js";
import { allClauses } from "../src/search/db.js";
import { bundleWorker } from "../src/bench/bundle.js";
import { median } from "../src/bench/stats.js";
import { start, timed } from "../src/bench/workerd.js";
import { answerPath, clausePath, documentPath } from "../src/web/links.js";
import seedQuestions from "../test/fixtures/seed-questions.public.json" with { type: "json" };

const args = parseArgs(process.argv.slice(2), { values: ["runs", "reps", "index"], flags: ["skip-workerd"] });
const runs = Number(args.values.runs?.[0] ?? 30);
const reps = Number(args.values.reps?.[0] ?? 10);
const indexDir = resolve(args.values.index?.[0] ?? join(REPO_ROOT, "index"));
const index = readIndexDir(indexDir);
const app = createApp({ index: () => index, env: () => ({}) });
const bytes = (s: string) => Buffer.byteLength(s);

const clauses = allClauses(index.db);
const longest = clauses.reduce((a, b) => (b.text.length > a.text.length ? b : a));
const perDoc = index.documents.map((d) => ({ doc: d, n: clauses.filter((c) => c.docId === d.id).length }));
const biggestDoc = perDoc.reduce((a, b) => (b.n > a.n ? b : a)).doc;

const pages: { name: string; path: string }[] = [
  { name: "/ (search page)", path: "/" },
  ...EXAMPLE_QUESTIONS.map((q) => ({ name: `/q ${q}`, path: answerPath(q) })),
  { name: "/q 股票明天会涨吗 (abstains)", path: answerPath("股票明天会涨吗") },
  { name: "/c the first clause of the first example's answer", path: /href="(\/c\/[^"]+)"/.exec(await (await app.request(answerPath(EXAMPLE_QUESTIONS[0]))).text())![1] },
  { name: `/c longest clause (${longest.text.length} chars)`, path: clausePath(longest.id) },
  { name: `/d largest document (${perDoc.find((p) => p.doc === biggestDoc)!.n} clauses)`, path: documentPath(biggestDoc.id) },
  { name: "/d/… unknown (404)", path: documentPath("no-such-document") },
];

const text = async (path: string) => (await app.request(path)).text();
const home = await text("/");
const css = await text(/href="(\/static\/[^"]+\.css)"/.exec(home)![1]);
const js = await text(/src="(\/static\/[^"]+\.js)"/.exec(await text(answerPath(EXAMPLE_QUESTIONS[0])))![1]);

async function nodeMs(path: string): Promise<number> {
  for (let i = 0; i < 3; i++) await text(path);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await text(path);
    times.push(performance.now() - t);
  }
  return median(times);
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number | undefined) => (n === undefined ? "–" : `${n.toFixed(2)} ms`);

const rows: { name: string; html: number; total: number; node: number; workerd?: number; cached?: number }[] = [];
for (const p of pages) {
  const html = await text(p.path);
  const links = (html.includes(".css") ? bytes(css) : 0) + (html.includes("/static/site-") && html.includes(".js\"") ? bytes(js) : 0);
  rows.push({ name: p.name, html: bytes(html), total: bytes(html) + links, node: await nodeMs(p.path) });
}

// every seed question's answer page
const seedWeights = await Promise.all((seedQuestions as { q: string }[]).map(async (s) => bytes(await text(answerPath(s.q))) + bytes(css) + bytes(js)));

if (!args.flags.has("skip-workerd")) {
  process.stderr.write("· bundling the bench worker and starting workerd…\n");
  const bundle = await bundleWorker(indexDir, join("src", "bench", "worker-entry.ts"));
  for (const cache of [false, true]) {
    const inst = await start(bundle, { cache });
    try {
      const repeat = (path: string, n: number) => `/__bench/repeat?n=${n}&path=${encodeURIComponent(path)}`;
      for (const p of pages) await timed(inst.mf, repeat(p.path, 1), [200, 500]);
      const perPage: number[][] = pages.map(() => []);
      for (let round = 0; round < runs; round++) {
        const empty: number[] = [];
        for (let i = 0; i < 5; i++) empty.push((await timed(inst.mf, repeat("/", 0))).ms);
        const base = median(empty);
        for (let i = 0; i < pages.length; i++) perPage[i].push(Math.max(0, (await timed(inst.mf, repeat(pages[i].path, reps), [200, 500])).ms - base) / reps);
      }
      perPage.forEach((times, i) => (cache ? (rows[i].cached = median(times)) : (rows[i].workerd = median(times))));
    } finally {
      await inst.mf.dispose();
    }
  }
}

const table = [
  ["page", "HTML", "HTML+CSS+JS", "Node", "workerd", "workerd, page cache on"],
  ...rows.map((r) => [r.name, kb(r.html), kb(r.total), ms(r.node), ms(r.workerd), ms(r.cached)]),
];
const widths = table[0].map((_, c) => Math.max(...table.map((row) => displayWidth(row[c]))));
const pad = (s: string, w: number) => s + " ".repeat(Math.max(0, w - displayWidth(s)));
console.log(`web pages over ${indexDir}: ${index.manifest.documents} documents, ${index.manifest.clauses} clauses; stylesheet ${kb(bytes(css))}, script ${kb(bytes(js))}; server time = median of ${runs} runs${args.flags.has("skip-workerd") ? "" : ` (workerd: ${reps} requests per run inside the isolate)`}`);
for (const row of table) console.log(row.map((cell, c) => pad(cell, widths[c])).join("   "));
console.log(`answer pages of the ${seedWeights.length} seed questions, HTML+CSS+JS: median ${kb(median(seedWeights))}, heaviest ${kb(Math.max(...seedWeights))}`);
