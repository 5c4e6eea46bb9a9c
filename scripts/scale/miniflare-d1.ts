// Option "postings in D1", measured in Miniflare (wrangler 4's own copy; D1 there is workerd's
// SQLite behind a Durable Object, as `wrangler dev` runs it): the worker of src/scale/d1-worker.ts
// with S D1 databases. The databases are the SQLite files of build-sqlite.ts / shard-sqlite.ts,
// put in place of Miniflare's persisted D1 files (one start creates and marks them, the files
// are then replaced, a second start serves them). Figures: per question, wall clock around
// dispatchFetch (Node), the worker's own I/O times, rows read as D1 reports them, chars fetched;
// the isolate's live heap (inspector: a heap snapshot collects, then Runtime.getHeapUsage)
// after the first question and after every round; workerd's RSS.
//
//   node --import tsx scripts/scale/miniflare-d1.ts --dir /tmp/scale/sql100k [--shards DIR,DIR,…] [--questions 200] [--rounds 3]
import { build } from "esbuild";
import { copyFileSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { headingQuestionsOf } from "../../src/scale/questions.js";
import { Database } from "./sqlite.js";

const { values } = parseArgs({
  options: {
    dir: { type: "string" },
    shards: { type: "string", default: "" },
    questions: { type: "string", default: "200" },
    rounds: { type: "string", default: "3" },
    persist: { type: "string", default: "" },
    compare: { type: "string", default: "" },
    fts: { type: "string", default: "" },
  },
});
const dir = values.dir!;
const shardDirs = values.shards ? values.shards.split(",") : [dir];
const S = shardDirs.length;
const persist = values.persist || `/tmp/scale/mf-persist-${S}`;
const REPO = join(import.meta.dirname, "../..");

const req = createRequire(join(REPO, "node_modules", "wrangler", "package.json"));
const { Miniflare } = req("miniflare") as { Miniflare: new (o: object) => Mf };
const WebSocket = createRequire(req.resolve("miniflare"))("ws") as new (url: string) => Ws;
interface Mf {
  ready: Promise<URL>;
  dispatchFetch(url: string): Promise<{ status: number; text(): Promise<string>; json(): Promise<unknown> }>;
  dispose(): Promise<void>;
}
interface Ws {
  once(e: string, f: (x?: unknown) => void): void;
  on(e: string, f: (m: unknown) => void): void;
  send(s: string): void;
  close(): void;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const r2 = (x: number) => Math.round(x * 100) / 100;
const summary = (xs: number[]) => ({ median: r2(pct(xs, 50)), p99: r2(pct(xs, 99)), max: r2(Math.max(...xs)) });

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

async function heapMb(port: number): Promise<number> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { id: string; webSocketDebuggerUrl: string }[];
  const user = targets.find((t) => t.id.includes("tier"))!;
  const ws = new WebSocket(user.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  const waiting = new Map<number, (r: unknown) => void>();
  ws.on("message", (m) => {
    const reply = JSON.parse(String(m)) as { id?: number; result?: unknown };
    if (reply.id !== undefined) waiting.get(reply.id)?.(reply.result);
  });
  let id = 0;
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      waiting.set(++id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  await call("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  const usage = (await call("Runtime.getHeapUsage")) as { usedSize: number };
  ws.close();
  return r2(usage.usedSize / 2 ** 20);
}

function workerdRssMb(): number {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (!/^Name:\s+workerd/m.test(status)) continue;
      if (!readFileSync(`/proc/${pid}/stat`, "utf8").includes(` ${process.pid} `)) continue; // our child only
      total += Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
    } catch {
      /* gone */
    }
  }
  return r2(total);
}

const bundle = await build({
  entryPoints: [join(REPO, "src/scale/d1-worker.ts")],
  bundle: true,
  write: false,
  format: "esm",
  target: "es2024",
  platform: "browser",
  conditions: ["workerd", "worker", "browser"],
  external: ["./lexicon.txt", "./synonyms.txt"],
  minify: !process.env.SCALE_NO_MINIFY,
  logLevel: "silent",
});
const code = bundle.outputFiles[0].text;
const modules = [
  { type: "ESModule", path: "worker.js", contents: code },
  { type: "Text", path: "lexicon.txt", contents: readFileSync(join(dir, "lexicon.json"), "utf8") },
  { type: "Text", path: "synonyms.txt", contents: readFileSync(join(dir, "synonyms.json"), "utf8") },
];
const d1Databases: Record<string, string> = Object.fromEntries(shardDirs.map((_, s) => [`DB${s}`, `scale-db-${s}`]));
// --fts 100,500: also dir/fts.sqlite as D1 database FTS (marked as number S)
if (values.fts) d1Databases.FTS = "scale-fts";
const options = (inspectorPort: number) => ({
  workers: [{ name: "tier", modules, compatibilityDate: "2025-09-01", d1Databases, bindings: { SHARDS: String(S) } }],
  d1Persist: persist,
  inspectorPort,
});

// 1. create and mark the databases, 2. replace their files with ours
rmSync(persist, { recursive: true, force: true });
{
  const mf = new Miniflare({
    ...options(await freePort()),
    workers: [
      {
        name: "tier",
        modules: [
          {
            type: "ESModule",
            path: "worker.js",
            contents: `export default { async fetch(r, env) { const dbs = [...Array(${S}).keys()].map((s) => env["DB" + s]); if (env.FTS) dbs.push(env.FTS); for (let s = 0; s < dbs.length; s++) await dbs[s].prepare("CREATE TABLE IF NOT EXISTS mark (s INTEGER)").run(), await dbs[s].prepare("INSERT INTO mark VALUES (" + s + ")").run(); return new Response("ok"); } };`,
          },
        ],
        compatibilityDate: "2025-09-01",
        d1Databases,
      },
    ],
  });
  await mf.ready;
  await (await mf.dispatchFetch("http://localhost/")).text();
  await mf.dispose();
}
const d1Dir = join(persist, "miniflare-D1DatabaseObject");
const t0 = performance.now();
for (const f of readdirSync(d1Dir).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite")) {
  const file = join(d1Dir, f);
  const db = new Database(file, { readonly: true });
  const s = (db.prepare("SELECT s FROM mark").get() as { s: number }).s;
  db.close();
  for (const ext of ["-wal", "-shm"]) rmSync(file + ext, { force: true });
  copyFileSync(s === S ? join(dir, "fts.sqlite") : join(shardDirs[s], "tier.sqlite"), file);
}
const copySeconds = (performance.now() - t0) / 1000;

// 3. questions (from the whole library, as node-sqlite.ts makes them)
const qdb = new Database(join(dir, "tier.sqlite"), { readonly: true });
const questions = headingQuestionsOf(
  (function* () {
    for (const r of qdb.prepare("SELECT record FROM clauses ORDER BY n").iterate() as Iterable<{ record: string }>) yield JSON.parse(r.record);
  })(),
  Number(values.questions),
  "scale",
);
qdb.close();

const port = await freePort();
const started = performance.now();
const mf = new Miniflare(options(port));
await mf.ready;
const readyMs = performance.now() - started;
let t = performance.now();
const init = (await (await mf.dispatchFetch("http://localhost/init")).json()) as { initMs: number };
const initWallMs = performance.now() - t;
const echo: number[] = [];
for (let i = 0; i < 30; i++) {
  t = performance.now();
  await (await mf.dispatchFetch("http://localhost/echo")).text();
  echo.push(performance.now() - t);
}
const heap = { afterInit: await heapMb(port), afterRound: [] as number[] };
const e2e: number[] = [];
const worker: Record<string, number[]> = {};
const rows: number[] = [];
const results: { answered: boolean; ids: string[] }[] = [];
const rounds = Number(values.rounds);
for (let round = 0; round < rounds; round++) {
  for (const [qi, q] of questions.entries()) {
    t = performance.now();
    const res = await mf.dispatchFetch(`http://localhost/q?q=${encodeURIComponent(q)}`);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${q}: ${res.status} ${text.slice(0, 2000)}`);
    const body = JSON.parse(text) as { answered: boolean; ids: string[]; timings: Record<string, number>; rowsRead: number };
    const ms = performance.now() - t;
    if (res.status !== 200) throw new Error(JSON.stringify(body));
    if (round === 0) results.push({ answered: body.answered, ids: body.ids });
    if (round === 0 && qi === 0) continue;
    e2e.push(ms);
    rows.push(body.rowsRead);
    for (const k of ["fetchPostingsMs", "fetchClausesMs", "postingRows", "postingChars", "clauseRows", "clauseChars"]) (worker[k] ??= []).push(body.timings[k]);
  }
  heap.afterRound.push(await heapMb(port));
}
const fts: Record<string, unknown> = {};
for (const k of values.fts ? values.fts.split(",") : []) {
  const inside: number[] = [];
  const wall: number[] = [];
  for (const q of questions) {
    t = performance.now();
    const body = (await (await mf.dispatchFetch(`http://localhost/fts?k=${k}&q=${encodeURIComponent(q)}`)).json()) as { ms: number };
    wall.push(performance.now() - t);
    inside.push(body.ms);
  }
  fts[`k${k}`] = { d1QueryMs: summary(inside), endToEndMs: summary(wall) };
}
const rss = workerdRssMb();
/** Share of questions whose answer and top 5 equal a saved run's (node-sqlite.ts --save: the in-memory engine's when it had --index). */
function parity(saved: { questions: string[]; results: { answered: boolean; ids: string[] }[] }): string {
  let same = 0;
  questions.forEach((q, i) => {
    const j = saved.questions.indexOf(q);
    if (j >= 0 && saved.results[j].answered === results[i].answered && saved.results[j].ids.join() === results[i].ids.join()) same++;
  });
  return `${same}/${questions.length}`;
}
await mf.dispose();
console.log(
  JSON.stringify(
    {
      dir,
      shards: S,
      questions: questions.length,
      rounds,
      copySeconds: r2(copySeconds),
      readyMs: r2(readyMs),
      firstRequestMs: r2(initWallMs),
      metaLoadMs: init.initMs,
      echoMs: summary(echo),
      endToEndMs: summary(e2e),
      d1RowsRead: summary(rows),
      worker: Object.fromEntries(Object.entries(worker).map(([k, v]) => [k, summary(v)])),
      isolateHeapMb: heap,
      workerdRssMb: rss,
      answered: results.filter((r) => r.answered).length,
      ...(values.fts ? { fts } : {}),
      ...(values.compare ? { parity: parity(JSON.parse(readFileSync(values.compare, "utf8")) as { questions: string[]; results: { answered: boolean; ids: string[] }[] }) } : {}),
    },
    null,
    1,
  ),
);
