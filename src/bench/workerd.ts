// Runs a worker bundle in workerd through Miniflare (wrangler's own copy, v4, the one
// `wrangler dev` uses) and times it from Node: inside workerd the clock does not advance
// during CPU work, so every figure is wall clock around dispatchFetch, or the workerd
// process's own CPU time and peak RSS read from /proc.
import { createRequire } from "node:module";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { REPO_ROOT } from "../cli/paths.js";
import { cpuMs, findDescendants, peakRssMb } from "./proc.js";
import { median } from "./stats.js";

export const COMPATIBILITY_DATE = "2025-09-01";
const ORIGIN = "http://localhost";
export const TRIVIAL_WORKER = `export default { fetch() { return new Response("ok"); } };`;

interface MiniflareLike {
  ready: Promise<URL>;
  dispatchFetch(url: string, init?: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array }): Promise<{ status: number; text(): Promise<string> }>;
  dispose(): Promise<void>;
}

/** The worker as uploaded: its script and the Text modules it imports. */
export interface WorkerUpload {
  code: string;
  /** type: how the module is shipped (wrangler.toml's rules); Text unless said. */
  modules: { path: string; contents: string; type?: "Text" | "Data" }[];
}

/** Extra Miniflare worker options: bindings, an outbound service. */
export type WorkerExtras = Record<string, unknown>;

/** Another worker in the same workerd process (a service binding's target): Miniflare worker options. */
export type Companion = Record<string, unknown> & { name: string };

function loadMiniflare(): {
  version: string;
  create: (worker: WorkerUpload, extras: WorkerExtras | undefined, companions: Companion[], inspectorPort: number) => MiniflareLike;
  WebSocket: WebSocketClass;
} {
  let req: NodeJS.Require;
  try {
    req = createRequire(join(REPO_ROOT, "node_modules", "wrangler", "package.json"));
    req.resolve("miniflare");
  } catch {
    req = createRequire(join(REPO_ROOT, "package.json"));
  }
  const { Miniflare } = req("miniflare") as { Miniflare: new (o: object) => MiniflareLike };
  const version = (req("miniflare/package.json") as { version: string }).version;
  // the inspector's WebSocket client: miniflare's own dependency (Node 20 has no global WebSocket)
  const WebSocket = createRequire(req.resolve("miniflare"))("ws") as WebSocketClass;
  // Explicit modules: Miniflare then passes the bundle to workerd as is (with `modules: true`
  // it first parses the whole script in Node to collect imports, which would be timed too).
  const worker = (upload: WorkerUpload, extras: WorkerExtras = {}) => ({
    ...extras,
    modules: [
      { type: "ESModule", path: "worker.js", contents: upload.code },
      ...upload.modules.map((m) =>
        (m.type ?? ((upload as { data?: boolean }).data ? "Data" : "Text")) === "Data"
          ? { type: "Data", path: m.path, contents: new TextEncoder().encode(m.contents) }
          : { type: "Text", path: m.path, contents: m.contents },
      ),
    ],
    compatibilityDate: COMPATIBILITY_DATE,
  });
  // every instance gets an inspector port, for the isolate's heap (isolateHeapMb)
  const create = (upload: WorkerUpload, extras: WorkerExtras | undefined, companions: Companion[], inspectorPort: number) =>
    version.startsWith("4.") && companions.length === 0
      ? new Miniflare({ ...worker(upload, extras), inspectorPort })
      : new Miniflare({ workers: [{ name: "bench", ...worker(upload, extras) }, ...companions], inspectorPort });
  return { version, create, WebSocket };
}

type WebSocketLike = { once(e: "open" | "error", f: (x?: unknown) => void): void; on(e: "message", f: (m: unknown) => void): void; send(s: string): void; close(): void };
type WebSocketClass = new (url: string) => WebSocketLike;

/** A port nothing listens on now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The live V8 heap of the worker's isolate, MB, from workerd's inspector: a heap snapshot first
 * (HeapProfiler.takeHeapSnapshot collects the garbage; workerd does not implement
 * HeapProfiler.collectGarbage), then Runtime.getHeapUsage's usedSize. Typed arrays' backing
 * stores are outside it (backingStorageSize), as in V8's own accounting.
 */
export async function isolateHeapMb(mf: MiniflareLike): Promise<number> {
  const url = await inspectorUrl(mf);
  const ws = new miniflare!.WebSocket(url);
  try {
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const waiting = new Map<number, (result: unknown) => void>();
    ws.on("message", (m) => {
      const reply = JSON.parse(String(m)) as { id?: number; result?: unknown; error?: { message: string } };
      if (reply.id !== undefined) waiting.get(reply.id)?.(reply.error ? new Error(reply.error.message) : reply.result);
    });
    let id = 0;
    const call = (method: string, params: object = {}) =>
      new Promise<unknown>((resolve, reject) => {
        const my = ++id;
        const timer = setTimeout(() => reject(new Error(`the inspector did not answer ${method}`)), 60_000);
        waiting.set(my, (result) => {
          clearTimeout(timer);
          if (result instanceof Error) reject(result);
          else resolve(result);
        });
        ws.send(JSON.stringify({ id: my, method, params }));
      });
    await call("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
    const usage = (await call("Runtime.getHeapUsage")) as { usedSize: number };
    return usage.usedSize / 2 ** 20;
  } finally {
    ws.close();
  }
}

const inspectorPorts = new WeakMap<object, number>();

async function inspectorUrl(mf: MiniflareLike): Promise<string> {
  const p = inspectorPorts.get(mf);
  if (p === undefined) throw new Error("this instance has no inspector port");
  const targets = (await (await fetch(`http://127.0.0.1:${p}/json`)).json()) as { id: string; webSocketDebuggerUrl: string }[];
  const user = targets.find((t) => t.id.startsWith("core:user:"));
  if (!user) throw new Error(`no user worker among the inspector's targets: ${targets.map((t) => t.id).join(", ")}`);
  return user.webSocketDebuggerUrl;
}

let miniflare: ReturnType<typeof loadMiniflare> | undefined;
export const miniflareVersion = () => (miniflare ??= loadMiniflare()).version;

export interface Instance {
  mf: MiniflareLike;
  pid: number;
  readyMs: number;
  startupCpuMs: number;
}

export async function start(script: WorkerUpload, extras?: WorkerExtras, companions?: Companion[]): Promise<Instance> {
  miniflare ??= loadMiniflare();
  const before = new Set(findDescendants("workerd").map((p) => p.pid));
  const t = performance.now();
  const port = await freePort();
  const mf = miniflare.create(script, extras, companions ?? [], port);
  inspectorPorts.set(mf, port);
  await mf.ready;
  const readyMs = performance.now() - t;
  const pid = findDescendants("workerd").find((p) => !before.has(p.pid))?.pid;
  if (pid === undefined) {
    await mf.dispose();
    throw new Error("could not find the workerd process Miniflare started");
  }
  return { mf, pid, readyMs, startupCpuMs: cpuMs(pid) };
}

/** Round trip of one request, ms; throws unless the status is expected. */
export async function timed(
  mf: MiniflareLike,
  path: string,
  expect: number[] = [200],
  init?: Parameters<MiniflareLike["dispatchFetch"]>[1],
): Promise<{ ms: number; body: string }> {
  const t = performance.now();
  const res = await mf.dispatchFetch(ORIGIN + path, init);
  const body = await res.text();
  const ms = performance.now() - t;
  if (!expect.includes(res.status)) throw new Error(`${path}: HTTP ${res.status} ${body.slice(0, 300)}`);
  return { ms, body };
}

export const searchPath = (q: string) => `/api/search?q=${encodeURIComponent(q)}&k=5`;

export interface ColdRun {
  /** new Miniflare() → ready: workerd start, config, compiling and evaluating the bundle. */
  readyMs: number;
  /** CPU time of the workerd process when ready. */
  startupCpuMs: number;
  /** First dispatch ever (a 404 route: opens the connection, does not touch the index). */
  firstDispatchMs: number;
  /** First /api/search: loads the index, builds the corpus stats, answers. */
  coldSearchMs: number;
  /** Median round trip of /healthz afterwards (index loaded): the dispatch overhead. */
  overheadMs: number;
  /** coldSearchMs − overheadMs */
  coldSearchNetMs: number;
  /** workerd CPU time spent by the cold search. */
  coldSearchCpuMs: number;
  /** Peak RSS of the workerd process after the cold search. */
  peakRssMb: number;
  /** The isolate's live V8 heap after the cold search (inspector, after a heap snapshot's collection), MB. */
  isolateHeapMb: number;
  answered: boolean;
}

export async function coldRun(script: WorkerUpload, query: string, overheadSamples = 15): Promise<ColdRun> {
  const inst = await start(script);
  try {
    const first = await timed(inst.mf, "/bench-404", [404]);
    const cpu0 = cpuMs(inst.pid);
    const cold = await timed(inst.mf, searchPath(query));
    const coldSearchCpuMs = cpuMs(inst.pid) - cpu0;
    const peak = peakRssMb(inst.pid);
    const heap = await isolateHeapMb(inst.mf);
    const overhead: number[] = [];
    for (let i = 0; i < overheadSamples; i++) overhead.push((await timed(inst.mf, "/healthz")).ms);
    const overheadMs = median(overhead.slice(2));
    return {
      readyMs: inst.readyMs,
      startupCpuMs: inst.startupCpuMs,
      firstDispatchMs: first.ms,
      coldSearchMs: cold.ms,
      overheadMs,
      coldSearchNetMs: cold.ms - overheadMs,
      coldSearchCpuMs,
      peakRssMb: peak,
      isolateHeapMb: heap,
      answered: (JSON.parse(cold.body) as { answered: boolean }).answered,
    };
  } finally {
    await inst.mf.dispose();
  }
}

export interface TrivialRun {
  readyMs: number;
  startupCpuMs: number;
  peakRssMb: number;
  overheadMs: number;
}

/** A do-nothing worker: what workerd + Miniflare cost without our bundle. */
export async function trivialRun(samples = 30): Promise<TrivialRun> {
  const inst = await start({ code: TRIVIAL_WORKER, modules: [] });
  try {
    const times: number[] = [];
    for (let i = 0; i < samples; i++) times.push((await timed(inst.mf, "/")).ms);
    return { readyMs: inst.readyMs, startupCpuMs: inst.startupCpuMs, peakRssMb: peakRssMb(inst.pid), overheadMs: median(times.slice(5)) };
  } finally {
    await inst.mf.dispose();
  }
}

export interface LatencyRun {
  /** Raw round trips, per query (rounds each). */
  perQuery: number[][];
  /** /healthz round trips, sampled between every query. */
  overhead: number[];
  peakRssMb: number;
  /** The isolate's live V8 heap after every query (inspector, after a heap snapshot's collection), MB. */
  isolateHeapMb: number;
  answered: number;
}

/** Warm-up (one round), then `rounds` rounds of every query, a /healthz after each query. */
export async function latencyRun(script: WorkerUpload, queries: string[], rounds: number): Promise<LatencyRun> {
  const inst = await start(script);
  try {
    let answered = 0;
    for (const q of queries) {
      const r = await timed(inst.mf, searchPath(q));
      if ((JSON.parse(r.body) as { answered: boolean }).answered) answered++;
      await timed(inst.mf, "/healthz");
    }
    const perQuery: number[][] = queries.map(() => []);
    const overhead: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < queries.length; i++) {
        perQuery[i].push((await timed(inst.mf, searchPath(queries[i]))).ms);
        overhead.push((await timed(inst.mf, "/healthz")).ms);
      }
    }
    return { perQuery, overhead, peakRssMb: peakRssMb(inst.pid), isolateHeapMb: await isolateHeapMb(inst.mf), answered };
  } finally {
    await inst.mf.dispose();
  }
}

export interface IsolateLatencyRun {
  /** Per query, per round: ms of one request inside the isolate (mean of `reps`). */
  perQuery: number[][];
  reps: number;
}

/**
 * Query latency inside the isolate: each /api/search request is served `reps` times in one
 * dispatch through /__bench/repeat (src/bench/worker-entry.ts); the dispatch of an empty
 * repeat is subtracted and the rest divided by reps. Needs the bench entry's bundle.
 */
export async function isolateLatencyRun(script: WorkerUpload, queries: string[], rounds: number, reps = 10): Promise<IsolateLatencyRun> {
  const inst = await start(script);
  const repeat = (path: string, n: number) => `/__bench/repeat?n=${n}&path=${encodeURIComponent(path)}`;
  try {
    for (const q of queries) await timed(inst.mf, repeat(searchPath(q), 1));
    const perQuery: number[][] = queries.map(() => []);
    for (let round = 0; round < rounds; round++) {
      const empty: number[] = [];
      for (let i = 0; i < 5; i++) empty.push((await timed(inst.mf, repeat(searchPath(queries[0]), 0))).ms);
      const base = median(empty);
      for (let i = 0; i < queries.length; i++) {
        const { ms } = await timed(inst.mf, repeat(searchPath(queries[i]), reps));
        perQuery[i].push(Math.max(0, ms - base) / reps);
      }
    }
    return { perQuery, reps };
  } finally {
    await inst.mf.dispose();
  }
}

export interface RebuildRun {
  /** Per run: round trip of /__bench/rebuild minus the /healthz overhead, ms. */
  ms: number[];
  /** workerd CPU per rebuild, ms. */
  cpuMs: number[];
  clauses: number;
}

/** An admin's publish on the edge, before the store writes (needs the bench entry's bundle). */
export async function rebuildRun(script: WorkerUpload, runs: number): Promise<RebuildRun> {
  const inst = await start(script);
  try {
    await timed(inst.mf, "/healthz");
    const overhead: number[] = [];
    for (let i = 0; i < 5; i++) overhead.push((await timed(inst.mf, "/healthz")).ms);
    const base = median(overhead);
    const ms: number[] = [];
    const cpu: number[] = [];
    let clauses = 0;
    for (let i = 0; i < runs; i++) {
      const c0 = cpuMs(inst.pid);
      const r = await timed(inst.mf, "/__bench/rebuild");
      cpu.push(cpuMs(inst.pid) - c0);
      ms.push(r.ms - base);
      clauses = (JSON.parse(r.body) as { clauses: number }).clauses;
    }
    return { ms, cpuMs: cpu, clauses };
  } finally {
    await inst.mf.dispose();
  }
}
