// Where CPU time goes, from V8's sampling profiler (node:inspector): self time grouped by
// the module a function lives in (Orama, zod, the segmenter, each src/search file…).
import { Session } from "node:inspector/promises";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function bucketOf(url: string, fn: string): string {
  if (fn === "(garbage collector)") return "GC";
  if (fn === "(program)" || fn === "(idle)" || fn === "(root)") return "runtime/other";
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  const src = url.match(/\/src\/(.+?)\.ts$/);
  if (src) return src[1].startsWith("search/segment/") ? "search/segment/*" : src[1];
  return url ? url.replace(/^.*\//, "") : "native/other";
}

export async function profiled<T>(run: () => Promise<T>): Promise<{ result: T; byModule: Record<string, number> }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  const result = await run();
  const { profile } = (await session.post("Profiler.stop")) as { profile: Profile };
  session.disconnect();
  // Built-ins (JSON.parse, Map.get, sort, RegExp…) have no url: their time goes to the
  // module of the nearest caller that has one.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const nodeBucket = new Map<number, string>();
  for (const n of profile.nodes) {
    const special = /^\((garbage collector|program|idle|root)\)$/.test(n.callFrame.functionName);
    let m: ProfileNode | undefined = n;
    while (!special && m && !m.callFrame.url && parent.has(m.id)) m = byId.get(parent.get(m.id)!);
    nodeBucket.set(n.id, special || !m?.callFrame.url ? bucketOf(n.callFrame.url, n.callFrame.functionName) : bucketOf(m.callFrame.url, m.callFrame.functionName));
  }
  const ms: Record<string, number> = {};
  profile.samples.forEach((id, i) => {
    const b = nodeBucket.get(id) ?? "native/other";
    if (b === "node:inspector") return; // the profiler stopping itself
    ms[b] = (ms[b] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
  });
  return { result, byModule: ms };
}
