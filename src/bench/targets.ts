// The targets the figures are held to, and where (between 1× and the large corpus,
// interpolating linearly) each limit stops being met.
import type { CorpusFigures } from "./measure.js";

export interface Check {
  corpus: string;
  what: string;
  value: number;
  limit: number;
  unit: string;
  ok: boolean;
}

export const LIMITS = {
  queryMedianSeedsMs: 1,
  queryMedianLargeMs: 10,
  coldStartSeedsMs: 50,
  startupLargeMs: 1000,
  memoryMb: 128,
  bundleGzipFreeMb: 3,
  bundleGzipPaidMb: 10,
};

const MB = 2 ** 20;

/** A real library served from one worker (issue 15): `npm run bench -- --corpus DIR`. */
export const LIBRARY_LIMITS = { isolateHeapMb: 64, coldStartMs: 500, queryMedianMs: 3, uploadGzipMb: LIMITS.bundleGzipPaidMb };

export function libraryChecks(c: CorpusFigures): Check[] {
  const check = (what: string, value: number, limit: number, unit: string): Check => ({ corpus: c.name, what, value, limit, unit, ok: value < limit });
  return [
    check("isolate heap, workerd (live V8 heap, inspector)", c.workerd.isolateHeapMb, LIBRARY_LIMITS.isolateHeapMb, "MB"),
    check("cold start, workerd (script startup + first answer)", c.workerd.coldStartMs, LIBRARY_LIMITS.coldStartMs, "ms"),
    check("query median, workerd (inside the isolate)", c.workerd.isolate.median, LIBRARY_LIMITS.queryMedianMs, "ms"),
    check("upload gzip (Workers Paid limit 10 MB)", c.bundle.gzipBytes / MB, LIBRARY_LIMITS.uploadGzipMb, "MB"),
    check("script startup CPU, workerd (Cloudflare limit 1 s)", c.workerd.scriptStartupCpuMs, LIMITS.startupLargeMs, "ms"),
  ];
}

export function checks(c: CorpusFigures, large: boolean): Check[] {
  const check = (what: string, value: number, limit: number, unit: string): Check => ({ corpus: c.name, what, value, limit, unit, ok: value < limit });
  const out: Check[] = [];
  if (!large) {
    out.push(check("query median, workerd (inside the isolate)", c.workerd.isolate.median, LIMITS.queryMedianSeedsMs, "ms"));
    out.push(check("query median, Node", c.node.latency.raw.median, LIMITS.queryMedianSeedsMs, "ms"));
    // The cold start: index load until the first answer (the index loads on the first request).
    out.push(check("cold start, workerd (index load → first answer)", c.workerd.cold.coldSearchNetMs, LIMITS.coldStartSeedsMs, "ms"));
    out.push(check("cold start incl. script startup, workerd", c.workerd.coldStartMs, LIMITS.coldStartSeedsMs, "ms"));
  } else {
    out.push(check("query median, workerd (inside the isolate)", c.workerd.isolate.median, LIMITS.queryMedianLargeMs, "ms"));
    out.push(check("query median, Node", c.node.latency.raw.median, LIMITS.queryMedianLargeMs, "ms"));
    out.push(check("startup, workerd (script startup + first search)", c.workerd.coldStartMs, LIMITS.startupLargeMs, "ms"));
  }
  out.push(check("script startup CPU, workerd (Cloudflare limit 1 s)", c.workerd.scriptStartupCpuMs, LIMITS.startupLargeMs, "ms"));
  out.push(check("memory, workerd peak RSS − trivial worker", c.workerd.peakRssDeltaMb, LIMITS.memoryMb, "MB"));
  out.push(check("memory, Node JS heap with index + stats", c.node.heap.withStats - c.node.heap.base, LIMITS.memoryMb, "MB"));
  out.push(check("bundle gzip (Workers Free limit 3 MB)", c.bundle.gzipBytes / MB, LIMITS.bundleGzipFreeMb, "MB"));
  out.push(check("bundle gzip (Workers Paid limit 10 MB)", c.bundle.gzipBytes / MB, LIMITS.bundleGzipPaidMb, "MB"));
  return out;
}

/** The scale (× seeds) at which a figure growing linearly from `at1` to `atN` reaches `limit`. */
export function crossing(at1: number, atN: number, n: number, limit: number): number | undefined {
  if (at1 >= limit) return 1;
  if (atN <= at1) return undefined;
  return 1 + ((limit - at1) * (n - 1)) / (atN - at1);
}
