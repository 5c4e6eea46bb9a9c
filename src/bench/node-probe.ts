// Child process (node --expose-gc): loads one index folder the way readIndexDir does, in a
// fresh heap with a cold JIT, and reports as JSON where the time and the memory go.
//   mode "load":  read, JSON.parse per file, loadIndex, corpus stats, first query (cold);
//                 JS heap after GC at each step; query latency; profile of query CPU.
//   mode "parts": CPU profiles, by module, of a cold loadIndex (zod, Orama, segmenter…)
//                 and of the cold first search (corpus stats, query).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { INDEX_FILES } from "../ingest/build/write-index.js";
import { search } from "../search/engine.js";
import { loadIndex, type IndexFiles } from "../search/load-index.js";
import { corpusStats } from "../search/stats.js";
import { reportResult } from "./child.js";
import { profiled } from "./profile.js";

export interface NodeProbeInput {
  mode: "load" | "parts";
  indexDir: string;
  queries: string[];
  rounds: number;
}

export interface LoadResult {
  /** ms, cold */
  readMs: number;
  parseMs: Record<string, number>;
  loadIndexMs: number;
  corpusStatsMs: number;
  firstQueryMs: number;
  /** MB of JS heap after a full GC */
  heap: { base: number; parsed: number; loaded: number; withStats: number; afterQueries: number };
  peakRssMb: number;
  /** ms per query: perQuery[i] has `rounds` samples */
  perQuery: number[][];
  /** ms of query CPU by module, one round of every query */
  queryProfile: Record<string, number>;
}

export interface PartsResult {
  /** ms of CPU by module for a cold loadIndex */
  loadIndexProfile: Record<string, number>;
  /** ms of CPU by module for the cold first search (corpus stats + query) */
  firstSearchProfile: Record<string, number>;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const since = (t: number) => performance.now() - t;
const peakRss = () => Number(readFileSync("/proc/self/status", "utf8").match(/VmHWM:\s+(\d+)/)?.[1] ?? NaN) / 1024;

function readParsed(indexDir: string): { files: IndexFiles; readMs: number; parseMs: Record<string, number> } {
  let t = performance.now();
  const text = new Map(Object.values(INDEX_FILES).map((name) => [name, readFileSync(join(indexDir, name), "utf8")]));
  const readMs = since(t);
  const parseMs: Record<string, number> = {};
  const parsed: Record<string, unknown> = {};
  for (const name of Object.values(INDEX_FILES)) {
    t = performance.now();
    parsed[name] = JSON.parse(text.get(name)!);
    parseMs[name] = since(t);
    text.delete(name);
  }
  const files: IndexFiles = {
    manifest: parsed[INDEX_FILES.manifest],
    documents: parsed[INDEX_FILES.documents],
    clauses: parsed[INDEX_FILES.clauses],
    lexicon: parsed[INDEX_FILES.lexicon],
    synonyms: parsed[INDEX_FILES.synonyms],
    postings: parsed[INDEX_FILES.postings],
  };
  return { files, readMs, parseMs };
}

async function load({ indexDir, queries, rounds }: NodeProbeInput): Promise<LoadResult> {
  const base = heapMb();
  const { files, readMs, parseMs } = readParsed(indexDir);
  const parsed = heapMb();
  let t = performance.now();
  let index = loadIndex(files);
  const loadIndexMs = since(t);
  for (const k of Object.keys(files)) delete (files as unknown as Record<string, unknown>)[k];
  const loaded = heapMb();
  t = performance.now();
  corpusStats(index);
  const corpusStatsMs = since(t);
  t = performance.now();
  await search(index, queries[0]);
  const firstQueryMs = since(t);
  const withStats = heapMb();

  for (const q of queries) await search(index, q); // warm-up
  const perQuery: number[][] = queries.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < queries.length; i++) {
      t = performance.now();
      await search(index, queries[i]);
      perQuery[i].push(since(t));
    }
  }
  const { byModule } = await profiled(async () => {
    for (const q of queries) await search(index, q);
  });
  const afterQueries = heapMb();
  index = undefined as never;
  return {
    readMs,
    parseMs,
    loadIndexMs,
    corpusStatsMs,
    firstQueryMs,
    heap: { base, parsed, loaded, withStats, afterQueries },
    peakRssMb: peakRss(),
    perQuery,
    queryProfile: byModule,
  };
}

async function parts({ indexDir, queries }: NodeProbeInput): Promise<PartsResult> {
  const { files } = readParsed(indexDir);
  const load = await profiled(async () => loadIndex(files));
  const search1 = await profiled(() => search(load.result, queries[0]));
  return { loadIndexProfile: load.byModule, firstSearchProfile: search1.byModule };
}

const arg = process.argv[2];
if (arg) {
  const input = JSON.parse(arg) as NodeProbeInput;
  reportResult(() => (input.mode === "load" ? load(input) : parts(input)));
}
