// Option "Durable Objects holding shards of today's in-memory index", in Miniflare: the worker
// and DO class of src/scale/do-worker.ts, S DOs each loading one shard's index (built by
// scripts/scale/do-shard-corpus.sh) from an outbound service served here. Figures: a worker's
// own round trip (/echo) against a fan-out to S DOs that do nothing (/fanecho); a DO's cold
// load of its shard; the isolate's live heap before and after loading 1 and S shards (DOs of
// one class run in the worker's isolate in workerd); per-shard search time; fan-out end to end;
// parity of the merged top 5 (each shard ranking with its own statistics) with the in-memory
// engine over the whole library (--compare, node-sqlite.ts --save).
//
//   node --import tsx scripts/scale/miniflare-do.ts --dir /tmp/scale/sql100k --shard-indexes /tmp/scale/do100k --shards 4 --compare /tmp/scale/ref100k.json
import { build } from "esbuild";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { headingQuestionsOf } from "../../src/scale/questions.js";
import { Database } from "./sqlite.js";

const { values } = parseArgs({
  options: {
    dir: { type: "string" },
    shards: { type: "string", default: "4" },
    "shard-indexes": { type: "string" },
    questions: { type: "string", default: "200" },
    rounds: { type: "string", default: "3" },
    persist: { type: "string", default: "" },
    compare: { type: "string", default: "" },
  },
});
const dir = values.dir!;
const S = Number(values.shards);
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
  entryPoints: [join(REPO, "src/scale/do-worker.ts")],
  bundle: true,
  write: false,
  format: "esm",
  target: "es2024",
  platform: "browser",
  conditions: ["workerd", "worker", "browser"],
  minify: true,
  logLevel: "silent",
});
const shardIndexes = values["shard-indexes"]!;
const port = await freePort();
const mf = new Miniflare({
  workers: [
    {
      name: "tier",
      modules: [{ type: "ESModule", path: "worker.js", contents: bundle.outputFiles[0].text }],
      compatibilityDate: "2025-09-01",
      durableObjects: { SHARD: "Shard" },
      bindings: { SHARDS: String(S) },
      serviceBindings: {
        FILES: async (request: Request) => {
          const [, s, f] = new URL(request.url).pathname.split("/");
          return new Response(readFileSync(join(shardIndexes, `idx-${s}`, f), "utf8"));
        },
      },
    },
  ],
  inspectorPort: port,
});
await mf.ready;
const get = async (path: string) => {
  const t = performance.now();
  const res = await mf.dispatchFetch(`http://localhost${path}`);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 500)}`);
  return { ms: performance.now() - t, text };
};
const times = async (path: string, n: number) => {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push((await get(path)).ms);
  return xs;
};
await get("/echo");
const heap0 = await heapMb(port);
const echo = summary(await times("/echo", 50));
await get("/fanecho"); // creates the DOs
const fanEcho = summary(await times("/fanecho", 50));
const load1 = (await get("/one?s=0&q=" + encodeURIComponent("住房公积金贷款"))).ms;
const heap1 = await heapMb(port);
const loadRest: number[] = [];
for (let s = 1; s < S; s++) loadRest.push((await get(`/one?s=${s}&q=` + encodeURIComponent("住房公积金贷款"))).ms);
const heapS = await heapMb(port);

const qdb = new Database(join(dir, "tier.sqlite"), { readonly: true });
const questions = headingQuestionsOf(
  (function* () {
    for (const r of qdb.prepare("SELECT record FROM clauses ORDER BY n").iterate() as Iterable<{ record: string }>) yield JSON.parse(r.record);
  })(),
  Number(values.questions),
  "scale",
);
qdb.close();
const one: number[] = [];
for (const q of questions) one.push((await get(`/one?s=0&q=${encodeURIComponent(q)}`)).ms);
const fan: number[] = [];
const results: { answered: boolean; ids: string[] }[] = [];
for (let round = 0; round < Number(values.rounds); round++) {
  for (const q of questions) {
    const r = await get(`/fan?q=${encodeURIComponent(q)}`);
    fan.push(r.ms);
    if (round === 0) results.push(JSON.parse(r.text));
  }
}
const heapAfter = await heapMb(port);
const rss = workerdRssMb();
await mf.dispose();
let parity: string | undefined;
if (values.compare) {
  const saved = JSON.parse(readFileSync(values.compare, "utf8")) as { questions: string[]; results: { answered: boolean; ids: string[] }[] };
  let same = 0;
  let answeredSame = 0;
  questions.forEach((q, i) => {
    const j = saved.questions.indexOf(q);
    if (j < 0) return;
    if (saved.results[j].answered === results[i].answered) answeredSame++;
    if (saved.results[j].answered === results[i].answered && saved.results[j].ids.join() === results[i].ids.join()) same++;
  });
  parity = `${same}/${questions.length} (answered-or-not equal ${answeredSame}/${questions.length})`;
}
console.log(
  JSON.stringify(
    {
      shardIndexes,
      shards: S,
      questions: questions.length,
      workerEchoMs: echo,
      fanOutEchoMs: fanEcho,
      firstShardColdLoadMs: r2(load1),
      otherShardsColdLoadMs: loadRest.map(r2),
      isolateHeapMb: { before: heap0, oneShard: heap1, allShards: heapS, afterQuestions: heapAfter, perShard: r2((heapS - heap0) / S) },
      oneShardSearchMs: summary(one),
      fanOutMs: summary(fan),
      workerdRssMb: rss,
      parityNaiveMerge: parity,
    },
    null,
    1,
  ),
);
