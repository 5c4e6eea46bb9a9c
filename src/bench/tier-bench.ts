// `npm run bench -- --corpus DIR --engine d1 [--shards S]`: the search tier (src/tier/) measured
// end to end in workerd. The production worker (src/worker.ts) runs in Miniflare with S D1
// databases persisted in a temp folder and SEARCH_TIER naming them; the corpus's index is
// written into them from Node (writeTierVersion through Miniflare's D1, as an offline publish
// would) and switched to. Then fresh instances over the same databases: the first question
// (script startup, the version's meta and lexicon, the question), every question in rounds
// (round trip minus /healthz), the isolate's live heap after the first question and after all,
// workerd's RSS; and parity: the share of questions whose top 5 ids and answered flag equal
// the in-memory engine's over the same index, in Node.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { d1Db } from "../db/d1.js";
import { readIndexDir } from "../node/index-dir.js";
import { search } from "../search/engine.js";
import { switchTier, writeTierVersion } from "../tier/publish.js";
import type { WorkerBundle } from "./bundle.js";
import { distribution, median, type Distribution } from "./stats.js";
import { isolateHeapMb, searchPath, start, timed } from "./workerd.js";
import { peakRssMb } from "./proc.js";

export interface TierFigures {
  shards: number;
  /** Writing the version from Node into Miniflare's D1, and switching to it. */
  publishMs: number;
  runs: number;
  /** Per fresh instance (median): first /api/search round trip minus the overhead, its CPU, script startup CPU. */
  cold: { readyMs: number; startupCpuMs: number; firstSearchNetMs: number };
  latency: { rounds: number; raw: Distribution; net: Distribution; overheadMs: number };
  isolateHeapMb: { afterFirst: number; afterAll: number };
  workerdRssMb: number;
  parity: { questions: number; same: number; share: number; differing: string[] };
  answered: number;
}

interface Miniflareish {
  getD1Database(name: string): Promise<D1Database>;
}

const binding = (s: number) => `TIER_${s}`;

export async function measureTier(o: { bundle: WorkerBundle; indexDir: string; shards: number; runs: number; rounds: number; queries: string[]; log: (m: string) => void }): Promise<TierFigures> {
  const persist = mkdtempSync(join(tmpdir(), "zct-tier-"));
  const names = Array.from({ length: o.shards }, (_, s) => binding(s));
  const extras = {
    d1Databases: Object.fromEntries(names.map((n) => [n, `bench-${n.toLowerCase()}`])),
    d1Persist: persist,
    bindings: { SEARCH_TIER: names.join(",") },
  };
  try {
    const index = readIndexDir(o.indexDir);
    o.log(`tier: writing ${index.manifest.clauses} clauses into ${o.shards} D1 database(s) (Miniflare, persisted)`);
    let publishMs: number;
    {
      const inst = await start(o.bundle, extras);
      try {
        const shards = await Promise.all(names.map(async (n) => d1Db(await (inst.mf as unknown as Miniflareish).getD1Database(n))));
        const t = performance.now();
        await writeTierVersion(shards, index, "bench");
        await switchTier(shards[0], "bench", new Date());
        publishMs = performance.now() - t;
      } finally {
        await inst.mf.dispose();
      }
    }

    o.log(`tier: in-memory answers for parity (${o.queries.length} questions)`);
    const now = new Date();
    const expected = await Promise.all(o.queries.map(async (q) => topOf(await search(index, q, { k: 5, now }))));

    const colds: TierFigures["cold"][] = [];
    const heaps: number[] = [];
    for (let r = 0; r < o.runs; r++) {
      const inst = await start(o.bundle, extras);
      try {
        await timed(inst.mf, "/bench-404", [404]);
        const first = await timed(inst.mf, searchPath(o.queries[0]));
        heaps.push(await isolateHeapMb(inst.mf));
        const overhead: number[] = [];
        for (let i = 0; i < 10; i++) overhead.push((await timed(inst.mf, "/healthz")).ms);
        colds.push({ readyMs: inst.readyMs, startupCpuMs: inst.startupCpuMs, firstSearchNetMs: first.ms - median(overhead.slice(2)) });
      } finally {
        await inst.mf.dispose();
      }
      o.log(`  run ${r + 1}: first question ${colds[r].firstSearchNetMs.toFixed(0)} ms net`);
    }

    o.log(`tier: ${o.rounds} rounds × ${o.queries.length} questions`);
    const inst = await start(o.bundle, extras);
    try {
      let same = 0;
      let answered = 0;
      const differing: string[] = [];
      for (let i = 0; i < o.queries.length; i++) {
        const got = JSON.parse((await timed(inst.mf, searchPath(o.queries[i]))).body) as { answered: boolean; results: { id: string }[] };
        const mine = topOf(got);
        if (mine === expected[i]) same++;
        else differing.push(o.queries[i]);
        if (got.answered) answered++;
      }
      const raw: number[] = [];
      const overhead: number[] = [];
      for (let round = 0; round < o.rounds; round++) {
        for (const q of o.queries) {
          raw.push((await timed(inst.mf, searchPath(q))).ms);
          overhead.push((await timed(inst.mf, "/healthz")).ms);
        }
      }
      const overheadMs = median(overhead);
      return {
        shards: o.shards,
        publishMs,
        runs: o.runs,
        cold: {
          readyMs: median(colds.map((c) => c.readyMs)),
          startupCpuMs: median(colds.map((c) => c.startupCpuMs)),
          firstSearchNetMs: median(colds.map((c) => c.firstSearchNetMs)),
        },
        latency: { rounds: o.rounds, raw: distribution(raw), net: distribution(raw.map((x) => x - overheadMs)), overheadMs },
        isolateHeapMb: { afterFirst: median(heaps), afterAll: await isolateHeapMb(inst.mf) },
        workerdRssMb: peakRssMb(inst.pid),
        parity: { questions: o.queries.length, same, share: same / o.queries.length, differing: differing.slice(0, 10) },
        answered,
      };
    } finally {
      await inst.mf.dispose();
    }
  } finally {
    rmSync(persist, { recursive: true, force: true });
  }
}

/** A response's answered flag and top 5 ids, as one comparable string. */
function topOf(r: { answered: boolean; results: { id: string }[] }): string {
  return JSON.stringify([r.answered, r.results.slice(0, 5).map((x) => x.id)]);
}
