// The printed report: a section per corpus, the targets with ✓/✗, a summary table, and
// where (by linear interpolation) the large corpus stops fitting a Workers limit.
import type { CorpusFigures } from "./measure.js";
import { bytes, mark, mb, ms, shares, table } from "./format.js";
import { checks, crossing, LIMITS, type Check } from "./targets.js";
import type { TrivialRun } from "./workerd.js";

export interface BenchReport {
  startedAt: string;
  seconds: number;
  machine: { cpus: number; node: string; miniflare: string; workerd: string };
  options: { runs: number; rounds: number; roundsLarge: number; scale: number; seed: number; skipLarge: boolean };
  /** `missing`: the question sets not found, so not measured on. */
  queries: { count: number; sources: string[]; missing: string[] };
  trivial: TrivialRun;
  corpora: CorpusFigures[];
  checks: Check[];
  seedIndexMatchesCommitted: boolean | undefined;
}

const MB = 2 ** 20;

export function corpusSection(c: CorpusFigures, r: BenchReport): string {
  const w = c.workerd;
  const cold = w.cold;
  const n = c.node;
  const L: string[] = [];
  L.push(`══ ${c.name}: ${c.documents} documents, ${c.clauses} clauses ══`);
  L.push(
    `Index build      ${c.build.seconds.toFixed(2)} s (median of ${c.build.runs}: read ${ms(c.build.readMs)}, build ${ms(c.build.buildMs)}, write ${ms(c.build.writeMs)}; ` +
      `whole process incl. tsx start ${c.build.processSeconds.toFixed(2)} s; peak RSS ${mb(c.build.peakRssMb)})`,
  );
  L.push("Index files");
  L.push(
    table([
      ["file", "raw", "gzip"],
      ...Object.entries(c.index.files).map(([name, f]) => [name, bytes(f.bytes), bytes(f.gzipBytes)]),
      ["total", bytes(c.index.bytes), bytes(c.index.gzipBytes)],
    ]),
  );
  L.push(
    `Worker bundle    ${bytes(c.bundle.bytes)} raw, ${bytes(c.bundle.gzipBytes)} gzip (script + the index as Text modules, ${bytes(c.bundle.indexBytes)} of it); ` +
      `esbuild ${c.bundle.seconds.toFixed(1)} s; Node built-ins: ${c.bundle.nodeImports.length === 0 ? "none ✓" : c.bundle.nodeImports.join(", ") + " ✗"}`,
  );
  L.push(`workerd cold start (median of ${w.runs} fresh Miniflare/workerd instances; trivial worker in brackets)`);
  L.push(
    table(
      [
        ["new Miniflare() → ready (wall, incl. Miniflare's own work in Node)", ms(cold.readyMs), `(${ms(r.trivial.readyMs)})`],
        ["workerd CPU at ready", ms(cold.startupCpuMs), `(${ms(r.trivial.startupCpuMs)})`],
        ["  → script compile + evaluate (script only: the index is parsed on first use)", ms(w.scriptStartupCpuMs), ""],
        ["first dispatch, 404 route (opens the connection; no index)", ms(cold.firstDispatchMs), ""],
        ["first /api/search, raw round trip (loads index, stats, answers)", ms(cold.coldSearchMs), ""],
        ["dispatch overhead (median /healthz afterwards)", ms(cold.overheadMs), `(${ms(r.trivial.overheadMs)})`],
        ["first /api/search, net of overhead", ms(cold.coldSearchNetMs), ""],
        ["first /api/search, workerd CPU (all threads, 10 ms ticks)", ms(cold.coldSearchCpuMs), ""],
        ["cold start = script startup + first search net", ms(w.coldStartMs), ""],
        ["workerd peak RSS after first search", mb(cold.peakRssMb), `(${mb(r.trivial.peakRssMb)})`],
        ["workerd peak RSS after all queries, − trivial worker", `${mb(w.latency.peakRssMb)}, +${mb(w.peakRssDeltaMb)}`, ""],
        ["isolate's live V8 heap (inspector, after GC), after first search / after all queries", `${mb(cold.isolateHeapMb)} / ${mb(w.latency.isolateHeapMb)}`, ""],
      ],
      { header: false },
    ),
  );
  const lat = w.latency;
  L.push(
    `workerd query latency: /api/search, ${lat.queries} queries × ${lat.rounds} rounds after a warm-up round (${lat.answered}/${lat.queries} answered); ` +
      `overhead = median /healthz between queries = ${ms(lat.overheadMs)}`,
  );
  L.push(
    table([
      ["", "median", "p99", "max"],
      ["raw round trip", ms(lat.raw.median), ms(lat.raw.p99), ms(lat.raw.max)],
      ["net of overhead", ms(lat.net.median), ms(lat.net.p99), ms(lat.net.max)],
      [`inside the isolate (per query: mean of ${w.isolate.reps} in-isolate requests, ${w.isolate.rounds} rounds)`, ms(w.isolate.median), ms(w.isolate.p99), ms(w.isolate.max)],
      ["Node, search() in process", ms(n.latency.raw.median), ms(n.latency.raw.p99), ms(n.latency.raw.max)],
    ]),
  );
  const wh = w.webhook;
  L.push(
    `Telegram webhook: a question posted to /telegram/webhook, answered with sendMessage to the local Bot API stand-in; ${wh.questions} questions × ${wh.rounds} rounds; ` +
      `${wh.accepted}/${wh.updates} updates answered with every call accepted, ${wh.callsPerUpdate} Bot API call(s) per update (median); ` +
      `net of overhead: median ${ms(wh.net.median)}, p99 ${ms(wh.net.p99)}, max ${ms(wh.net.max)}`,
  );
  L.push(`  slowest queries (workerd raw median / p99): ${lat.slowest.slice(0, 3).map((s) => `${s.q.slice(0, 18)} ${ms(s.medianMs)}/${ms(s.p99Ms)}`).join("; ")}`);
  L.push(`Node: readIndexDir + search in a fresh process (median of ${n.runs}; profiles: median of ${Math.min(n.runs, 3)})`);
  L.push(
    table(
      [
        ["read files", ms(n.load.readMs)],
        [`JSON.parse (clauses.json ${ms(n.load.clausesParseMs)})`, ms(n.load.parseMs)],
        ["loadIndex (validation, Orama load, segmenter; split below)", ms(n.load.loadIndexMs)],
        ["corpus stats (built on the first query)", ms(n.load.corpusStatsMs)],
        ["first query (cold JIT, gazetteer, t2s)", ms(n.load.firstQueryMs)],
        ["total", ms(n.load.readMs + n.load.parseMs + n.load.loadIndexMs + n.load.corpusStatsMs + n.load.firstQueryMs)],
      ],
      { header: false },
    ),
  );
  const h = n.heap;
  L.push(
    `  JS heap after GC: ${mb(h.base)} empty → ${mb(h.parsed)} parsed JSON → ${mb(h.loaded)} loaded index → ${mb(h.withStats)} with corpus stats → ` +
      `${mb(h.afterQueries)} after the queries; index + stats = ${mb(h.withStats - h.base)}; peak RSS ${mb(n.load.peakRssMb)}`,
  );
  L.push(`  CPU by module (V8 sampling profiler; built-ins count to their caller's module):`);
  L.push(`    cold loadIndex:                   ${shares(n.loadIndexProfile, 6, ms)}`);
  L.push(`    cold first search (stats, query): ${shares(n.firstSearchProfile, 6, ms)}`);
  L.push(`    warm queries (share of CPU):      ${shares(n.queryProfile)}`);
  return L.join("\n");
}

export function targetsSection(all: Check[]): string {
  return [
    "Targets",
    table([
      ["corpus", "figure", "value", "target", ""],
      ...all.map((c) => [c.corpus, c.what, c.unit === "ms" ? ms(c.value) : `${c.value.toFixed(1)} MB`, `< ${c.limit} ${c.unit}`, mark(c.ok)]),
    ], { align: "llrrl" }),
  ].join("\n");
}

export function fitSection(seeds: CorpusFigures, large: CorpusFigures, scale: number): string {
  const rows: [string, number, number, number][] = [
    ["bundle gzip ≤ 3 MB (Free)", seeds.bundle.gzipBytes / MB, large.bundle.gzipBytes / MB, LIMITS.bundleGzipFreeMb],
    ["bundle gzip ≤ 10 MB (Paid)", seeds.bundle.gzipBytes / MB, large.bundle.gzipBytes / MB, LIMITS.bundleGzipPaidMb],
    ["script startup CPU ≤ 1 s", seeds.workerd.scriptStartupCpuMs, large.workerd.scriptStartupCpuMs, LIMITS.startupLargeMs],
    ["startup + first search ≤ 1 s", seeds.workerd.coldStartMs, large.workerd.coldStartMs, LIMITS.startupLargeMs],
    ["workerd RSS − trivial ≤ 128 MB", seeds.workerd.peakRssDeltaMb, large.workerd.peakRssDeltaMb, LIMITS.memoryMb],
    ["Node heap index+stats ≤ 128 MB", seeds.node.heap.withStats - seeds.node.heap.base, large.node.heap.withStats - large.node.heap.base, LIMITS.memoryMb],
    ["workerd query median ≤ 10 ms", seeds.workerd.isolate.median, large.workerd.isolate.median, LIMITS.queryMedianLargeMs],
  ];
  return [
    `Where it stops fitting (linear between 1× and ${scale}×; 1× = ${seeds.clauses} clauses)`,
    table([
      ["limit", "1×", `${scale}×`, "fits up to ≈"],
      ...rows.map(([what, a, b, limit]) => {
        const x = crossing(a, b, scale, limit);
        const fmt = (v: number) => (what.includes("MB") ? v.toFixed(1) : ms(v));
        return [what, fmt(a), fmt(b), x === undefined ? "any" : x <= 1 ? "already over at 1×" : `${x.toFixed(0)}× (${Math.round(x * seeds.clauses)} clauses)`];
      }),
    ]),
  ].join("\n");
}

export function summarySection(r: BenchReport): string {
  const checkOf = (c: CorpusFigures, prefix: string) => r.checks.find((k) => k.corpus === c.name && k.what.startsWith(prefix));
  const row = (label: string, text: (c: CorpusFigures) => string, target = "", check?: string) => [
    label,
    ...r.corpora.map((c) => {
      const ck = check ? checkOf(c, check) : undefined;
      return text(c) + (ck ? ` ${mark(ck.ok)}` : "");
    }),
    target,
  ];
  const coldTarget = (c: CorpusFigures) => checkOf(c, "cold start incl.") ?? checkOf(c, "startup,");
  const nodeCold = (c: CorpusFigures) => c.node.load.readMs + c.node.load.parseMs + c.node.load.loadIndexMs + c.node.load.corpusStatsMs + c.node.load.firstQueryMs;
  const rows = [
    ["", ...r.corpora.map((c) => c.name), "target"],
    row("documents / clauses", (c) => `${c.documents} / ${c.clauses}`),
    row("index build", (c) => `${c.build.seconds.toFixed(2)} s`),
    row("index raw / gzip", (c) => `${bytes(c.index.bytes)} / ${bytes(c.index.gzipBytes)}`),
    row("bundle raw / gzip", (c) => `${bytes(c.bundle.bytes)} / ${bytes(c.bundle.gzipBytes)}`, "gzip < 10 MB (Paid; 3 MB Free)", "bundle gzip (Workers Paid"),
    row("Node built-ins in bundle", (c) => (c.bundle.nodeImports.length ? c.bundle.nodeImports.join(",") + " ✗" : "none ✓"), "none"),
    row("workerd script startup CPU", (c) => ms(c.workerd.scriptStartupCpuMs), "< 1 s", "script startup CPU"),
    row("workerd cold start: index load → first answer", (c) => ms(c.workerd.cold.coldSearchNetMs), "< 50 ms (1×)", "cold start, workerd (index"),
    row("workerd cold start incl. script startup", (c) => `${ms(c.workerd.coldStartMs)}${coldTarget(c) ? ` ${mark(coldTarget(c)!.ok)}` : ""}`, "< 50 ms (1×), < 1 s (large)"),
    row("workerd dispatch overhead", (c) => ms(c.workerd.latency.overheadMs)),
    row("workerd query median / p99, raw", (c) => `${ms(c.workerd.latency.raw.median)} / ${ms(c.workerd.latency.raw.p99)}`),
    row("workerd query median / p99, net", (c) => `${ms(c.workerd.latency.net.median)} / ${ms(c.workerd.latency.net.p99)}`),
    row("workerd query median / p99, in isolate", (c) => `${ms(c.workerd.isolate.median)} / ${ms(c.workerd.isolate.p99)}`, "median < 1 ms (1×), < 10 ms (large)", "query median, workerd"),
    row("webhook update → answer sent, median / p99", (c) => `${ms(c.workerd.webhook.net.median)} / ${ms(c.workerd.webhook.net.p99)}`),
    row("admin publish on the edge: rebuild + load, first / median", (c) => `${ms(c.workerd.rebuild.firstMs)} / ${ms(c.workerd.rebuild.medianMs)}`, "< 30 s CPU (Workers Paid)"),
    row("Node query median / p99", (c) => `${ms(c.node.latency.raw.median)} / ${ms(c.node.latency.raw.p99)}`, "", "query median, Node"),
    row("workerd isolate heap (live V8 heap)", (c) => mb(c.workerd.isolateHeapMb), "< 64 MB (a real library, --corpus)"),
    row("workerd peak RSS (− trivial)", (c) => `${mb(Math.max(c.workerd.cold.peakRssMb, c.workerd.latency.peakRssMb))} (+${mb(c.workerd.peakRssDeltaMb)})`, "< 128 MB", "memory, workerd"),
    row("Node heap: index + stats", (c) => mb(c.node.heap.withStats - c.node.heap.base), "< 128 MB", "memory, Node"),
    row("Node cold load + first query", (c) => ms(nodeCold(c))),
  ];
  return ["Summary", table(rows, { align: "l" + "r".repeat(r.corpora.length) + "l" })].join("\n");
}

/** The flat summary of one corpus (the JSON's `summary`; issue 15's list, and a few more). */
export interface CorpusSummary {
  corpus: string;
  engine: "memory";
  documents: number;
  clauses: number;
  indexBytes: number;
  indexGzipBytes: number;
  uploadBytes: number;
  uploadGzipBytes: number;
  buildSeconds: number;
  scriptStartupMs: number;
  /** Script startup + index load → first answer, workerd. */
  coldStartMs: number;
  /** Inside the isolate. */
  queryMedianMs: number;
  queryP99Ms: number;
  isolateHeapMb: number;
  /** Peak RSS of the workerd process, and above an empty worker's. */
  workerdRssMb: number;
  workerdRssDeltaMb: number;
  nodeQueryMedianMs: number;
  nodeQueryP99Ms: number;
  nodeHeapMb: number;
  /** An admin's upload going live on the edge: rebuild with one document added (median). */
  publishMs: number;
  questions: number;
  answered: number;
  /** For another engine: the share of questions whose top 5 equals the in-memory engine's (null for the in-memory engine itself). */
  parity: number | null;
}

export function corpusSummary(c: CorpusFigures): CorpusSummary {
  const w = c.workerd;
  return {
    corpus: c.name,
    engine: "memory",
    documents: c.documents,
    clauses: c.clauses,
    indexBytes: c.index.bytes,
    indexGzipBytes: c.index.gzipBytes,
    uploadBytes: c.bundle.bytes,
    uploadGzipBytes: c.bundle.gzipBytes,
    buildSeconds: c.build.seconds,
    scriptStartupMs: w.scriptStartupCpuMs,
    coldStartMs: w.coldStartMs,
    queryMedianMs: w.isolate.median,
    queryP99Ms: w.isolate.p99,
    isolateHeapMb: w.isolateHeapMb,
    workerdRssMb: Math.max(w.cold.peakRssMb, w.latency.peakRssMb),
    workerdRssDeltaMb: w.peakRssDeltaMb,
    nodeQueryMedianMs: c.node.latency.raw.median,
    nodeQueryP99Ms: c.node.latency.raw.p99,
    nodeHeapMb: c.node.heap.withStats - c.node.heap.base,
    publishMs: w.rebuild.medianMs,
    questions: w.latency.queries,
    answered: w.latency.answered,
    parity: null,
  };
}
