// Every figure for one corpus whose index is built: sizes, worker bundle, cold starts and
// query latency in workerd, and the same index loaded and queried in Node.
import { bundleWorker } from "./bundle.js";
import { runChild } from "./child.js";
import type { LoadResult, NodeProbeInput, PartsResult } from "./node-probe.js";
import { indexSizes, type IndexSizes } from "./sizes.js";
import { distribution, median, medianOf, type Distribution } from "./stats.js";
import { webhookRun, type WebhookFigures } from "./webhook.js";
import { coldRun, isolateLatencyRun, latencyRun, rebuildRun, type ColdRun, type TrivialRun } from "./workerd.js";

export interface BuildFigures {
  runs: number;
  seconds: number;
  readMs: number;
  buildMs: number;
  writeMs: number;
  peakRssMb: number;
  /** Wall time of the build process, tsx start-up included. */
  processSeconds: number;
}

export interface LatencyFigures {
  rounds: number;
  queries: number;
  raw: Distribution;
  /** Raw minus the median dispatch overhead. */
  net: Distribution;
  overheadMs: number;
  /** The slowest queries by median. */
  slowest: { q: string; medianMs: number; p99Ms: number }[];
  perQuery: { q: string; medianMs: number; p99Ms: number }[];
}

export interface CorpusFigures {
  name: string;
  documents: number;
  clauses: number;
  build: BuildFigures;
  index: IndexSizes;
  bundle: { bytes: number; gzipBytes: number; indexBytes: number; seconds: number; nodeImports: string[] };
  workerd: {
    runs: number;
    cold: ColdRun;
    /** workerd CPU at ready minus the trivial worker's: compiling and evaluating the bundle. */
    scriptStartupCpuMs: number;
    /** scriptStartupCpuMs + cold first search net of dispatch. */
    coldStartMs: number;
    /** Peak RSS minus the trivial worker's. */
    peakRssDeltaMb: number;
    latency: LatencyFigures & { peakRssMb: number; isolateHeapMb: number; answered: number };
    /** The isolate's used V8 heap, MB: the larger of after the cold search and after every query (workerd's inspector). */
    isolateHeapMb: number;
    /**
     * /api/search served inside the isolate, without the per-request dispatch from Node: per
     * query the mean of `reps` in-isolate repetitions (median over rounds); median and p99 across queries.
     */
    isolate: { reps: number; rounds: number; median: number; p99: number; max: number };
    /** A question posted to /telegram/webhook, answered through the Bot API stand-in. */
    webhook: WebhookFigures;
    /** An admin's upload going live: the index rebuilt with one document added, in workerd (median ms; the first run is the cold one). */
    rebuild: { runs: number; firstMs: number; medianMs: number; medianCpuMs: number; clauses: number };
  };
  node: {
    runs: number;
    /** ms, cold (medians), and peak RSS of the process (MB) */
    load: {
      readMs: number;
      parseMs: number;
      clausesParseMs: number;
      loadIndexMs: number;
      corpusStatsMs: number;
      firstQueryMs: number;
      peakRssMb: number;
    };
    /** ms of CPU by module in a cold loadIndex (profiled, so a little slower than load.loadIndexMs). */
    loadIndexProfile: Record<string, number>;
    heap: LoadResult["heap"];
    latency: LatencyFigures;
    /** Share of query CPU by module (one profiled round). */
    queryProfile: Record<string, number>;
    /** ms of CPU by module in the cold first search (corpus stats + query). */
    firstSearchProfile: Record<string, number>;
  };
}

export interface MeasureOptions {
  name: string;
  indexDir: string;
  build: BuildFigures;
  runs: number;
  rounds: number;
  queries: string[];
  /** The question the cold-start runs ask. */
  coldQuery: string;
  trivial: TrivialRun;
  log: (msg: string) => void;
}

function latencyFigures(queries: string[], perQuery: number[][], overheadMs: number, rounds: number): LatencyFigures {
  const raw = perQuery.flat();
  const rows = queries.map((q, i) => ({ q, medianMs: median(perQuery[i]), p99Ms: distribution(perQuery[i]).p99 }));
  return {
    rounds,
    queries: queries.length,
    raw: distribution(raw),
    net: distribution(raw.map((x) => x - overheadMs)),
    overheadMs,
    slowest: [...rows].sort((a, b) => b.medianMs - a.medianMs).slice(0, 5),
    perQuery: rows,
  };
}

export async function measureCorpus(o: MeasureOptions): Promise<CorpusFigures> {
  const index = indexSizes(o.indexDir);

  o.log(`${o.name}: bundling the worker`);
  const bundle = await bundleWorker(o.indexDir);

  o.log(`${o.name}: ${o.runs} cold starts in workerd`);
  const colds: ColdRun[] = [];
  for (let i = 0; i < o.runs; i++) {
    colds.push(await coldRun(bundle, o.coldQuery));
    o.log(`  run ${i + 1}: ready ${colds[i].readyMs.toFixed(0)} ms, first search ${colds[i].coldSearchMs.toFixed(0)} ms`);
  }
  const cold = { ...medianOf(colds.map(({ answered, ...n }) => n)), answered: colds.every((c) => c.answered) } as ColdRun;
  const scriptStartupCpuMs = Math.max(0, cold.startupCpuMs - o.trivial.startupCpuMs);

  o.log(`${o.name}: query latency in workerd, ${o.rounds} rounds × ${o.queries.length} queries`);
  const lat = await latencyRun(bundle, o.queries, o.rounds);
  const latency = { ...latencyFigures(o.queries, lat.perQuery, median(lat.overhead), o.rounds), peakRssMb: lat.peakRssMb, isolateHeapMb: lat.isolateHeapMb, answered: lat.answered };
  const isolateRounds = Math.max(3, Math.ceil(o.rounds / 4));
  o.log(`${o.name}: query latency inside the isolate, ${isolateRounds} rounds × ${o.queries.length} queries × 10 repetitions`);
  const benchBundle = await bundleWorker(o.indexDir, "src/bench/worker-entry.ts");
  const iso = await isolateLatencyRun(benchBundle, o.queries, isolateRounds);
  const isoDist = distribution(iso.perQuery.map((xs) => median(xs)));
  const isolate = { reps: iso.reps, rounds: isolateRounds, median: isoDist.median, p99: isoDist.p99, max: isoDist.max };

  const webhookRounds = Math.max(2, Math.ceil(o.rounds / 4));
  o.log(`${o.name}: Telegram webhook in workerd, ${webhookRounds} rounds × ${o.queries.length} questions`);
  const webhook = await webhookRun(bundle, o.queries, webhookRounds);
  const rebuildRuns = Math.min(o.runs, 5);
  o.log(`${o.name}: edge rebuild with one document added, ${rebuildRuns} runs in one instance`);
  const rb = await rebuildRun(benchBundle, rebuildRuns);
  const rebuild = { runs: rebuildRuns, firstMs: rb.ms[0], medianMs: median(rb.ms), medianCpuMs: median(rb.cpuMs), clauses: rb.clauses };

  o.log(`${o.name}: Node, ${o.runs} fresh processes`);
  const probe = (mode: NodeProbeInput["mode"], rounds: number) =>
    runChild<LoadResult & PartsResult>("node-probe.ts", { mode, indexDir: o.indexDir, queries: o.queries, rounds } satisfies NodeProbeInput, [
      "--expose-gc",
      "--max-old-space-size=4096",
    ]).then((r) => r.result);
  const loads: LoadResult[] = [];
  for (let i = 0; i < o.runs; i++) loads.push(await probe("load", i === 0 ? o.rounds : 0));
  const partsRuns: PartsResult[] = [];
  for (let i = 0; i < Math.min(o.runs, 3); i++) partsRuns.push(await probe("parts", 0));

  const loadMed = medianOf(
    loads.map((l) => ({
      readMs: l.readMs,
      parseMs: Object.values(l.parseMs).reduce((a, b) => a + b, 0),
      clausesParseMs: l.parseMs["clauses.json"],
      loadIndexMs: l.loadIndexMs,
      corpusStatsMs: l.corpusStatsMs,
      firstQueryMs: l.firstQueryMs,
      peakRssMb: l.peakRssMb,
    })),
  );
  const heap = medianOf(loads.map((l) => l.heap));
  const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const share = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v / total(r)]));

  return {
    name: o.name,
    documents: index.documents,
    clauses: index.clauses,
    build: o.build,
    index,
    bundle: { bytes: bundle.bytes, gzipBytes: bundle.gzipBytes, indexBytes: bundle.indexBytes, seconds: bundle.seconds, nodeImports: bundle.nodeImports },
    workerd: {
      runs: o.runs,
      cold,
      scriptStartupCpuMs,
      coldStartMs: scriptStartupCpuMs + cold.coldSearchNetMs,
      peakRssDeltaMb: Math.max(cold.peakRssMb, lat.peakRssMb) - o.trivial.peakRssMb,
      isolateHeapMb: Math.max(cold.isolateHeapMb, lat.isolateHeapMb),
      latency,
      isolate,
      webhook,
      rebuild,
    },
    node: {
      runs: o.runs,
      load: loadMed,
      loadIndexProfile: medianOf(partsRuns.map((p) => p.loadIndexProfile)),
      heap,
      latency: latencyFigures(o.queries, loads[0].perQuery, 0, o.rounds),
      queryProfile: share(loads[0].queryProfile),
      firstSearchProfile: medianOf(partsRuns.map((p) => p.firstSearchProfile)),
    },
  };
}
