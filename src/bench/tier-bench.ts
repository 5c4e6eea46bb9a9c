// `npm run bench -- --corpus DIR --engine d1 [--shards S] [--scale N]`: the search tier
// (src/tier/) measured end to end in workerd. The production worker (src/worker.ts) runs in
// Miniflare with S D1 databases persisted in a temp folder and SEARCH_TIER naming them. The
// library gets there one of two ways:
//   - an index `npm run index` built: written into them from Node (writeTierVersion through
//     Miniflare's D1, as an offline publish would); parity is against the in-memory engine over
//     that index, in Node;
//   - SQL `npm run index -- --tier-sql` streamed (a library too large for the in-memory build):
//     loaded into Miniflare's database files with the sqlite3 CLI; parity is against the same
//     worker reading every posting list in full (SEARCH_TIER_SHORT_LIST=Infinity), the
//     candidate search the tier tests hold equal to the in-memory engine's on smaller libraries.
// Then fresh instances over the same databases: the first question (script startup, the
// version's meta and lexicon, the question), every question in rounds (round trip minus
// /healthz), the isolate's live heap after the first question and after all, workerd's RSS.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { d1Db } from "../db/d1.js";
import { readIndexDir } from "../node/index-dir.js";
import { search } from "../search/engine.js";
import { switchTier, writeTierVersion } from "../tier/publish.js";
import { publishTierChanges } from "../tier/delta.js";
import { tierSource } from "../tier/source.js";
import { tierLibrary } from "../bot/library.js";
import { tablesOf } from "../tier/schema.js";
import { rebuildIndex, type IndexChanges } from "../ingest/build/rebuild.js";
import { loadIndexText } from "../search/load-index.js";
import { SAMPLE_POLICY } from "../../test/fixtures/sample-policy.js";
import type { WorkerBundle } from "./bundle.js";
import { distribution, median, type Distribution } from "./stats.js";
import { isolateHeapMb, searchPath, start, timed } from "./workerd.js";
import { peakRssMb } from "./proc.js";

export interface TierFigures {
  shards: number;
  /** Writing the version from Node into Miniflare's D1 and switching to it, or loading its SQL with sqlite3. */
  publishMs: number;
  /** The databases' files on disk after loading. */
  databaseBytes: number;
  /** What parity compares with. */
  reference: "in-memory engine" | "every list read in full";
  runs: number;
  /** Per fresh instance (median): first /api/search round trip minus the overhead, its CPU, script startup CPU. */
  cold: { readyMs: number; startupCpuMs: number; firstSearchNetMs: number };
  latency: { rounds: number; raw: Distribution; net: Distribution; overheadMs: number };
  /** /api/answer (the composed answer the bot and the pages send: the search, then its documents and statuses), one round, minus the overhead. */
  answerLatency: { net: Distribution };
  /** The web pages from the tier, minus the overhead: each question's answer page, its first result's document page, and the home page (first visit: the library's summary and newest documents, read once per version; then again). */
  pages: { answer: Distribution; document: Distribution; homeFirstMs: number; homeAgainMs: number };
  isolateHeapMb: { afterFirst: number; afterAll: number };
  workerdRssMb: number;
  parity: { questions: number; same: number; share: number; differing: string[] };
  answered: number;
  /** /deadlines (a bot command, not a route): the tier's read and the list, from Node through Miniflare's D1, median of 5; how many upcoming deadlines the library states. */
  deadlines: { ms: number; upcoming: number; shown: number };
  /** Admins' changes after all that (./delta.ts via Miniflare's D1), each one document added and the library's first one withdrawn. */
  change: ChangeFigures;
}

export interface ChangeFigures {
  /** How many changes, one after the other, each a delta over the same base. */
  changes: number;
  /** publishTierChanges from Node through Miniflare's D1, the first change: the delta version written, checked, switched, older versions pruned. */
  publishMs: number;
  /** The same, the last change (it carries the earlier deltas' rows). */
  lastPublishMs: number;
  /** Rows the last delta version holds, every shard and table together (the base's are not copied). */
  rows: number;
  /** Questions on the last delta version, round trip minus the overhead. */
  latency: { rounds: number; net: Distribution };
  /** The home page's first visit on the last delta version (its summary kept in the meta by the publish), minus the overhead. */
  homeFirstMs: number;
  /** Top 5 and answered equal to the reference's over the changed library (the in-memory engine over the rebuilt index, or every list read in full on the delta). */
  parity: { questions: number; same: number; share: number; differing: string[] };
}

interface Miniflareish {
  getD1Database(name: string): Promise<D1Database>;
}

const binding = (s: number) => `TIER_${s}`;

/** The instance's D1 databases, by binding name, as the tier's shards (for writing into them from Node). */
const d1Shards = (inst: { mf: unknown }, names: string[]) => Promise.all(names.map(async (n) => d1Db(await (inst.mf as Miniflareish).getD1Database(n))));

/** An index to write (parity: the in-memory engine over it), or streamed SQL (parity: every list read in full, or, with `indexDir`, the in-memory engine over that index of the same folder). */
export type TierLibrary = { indexDir: string } | { sqlFiles: string[]; indexDir?: string };

export async function measureTier(o: { bundle: WorkerBundle; library: TierLibrary; shards: number; runs: number; rounds: number; queries: string[]; log: (m: string) => void; shortList?: string; changes?: number }): Promise<TierFigures> {
  const persist = mkdtempSync(join(tmpdir(), "zct-tier-"));
  const names = Array.from({ length: o.shards }, (_, s) => binding(s));
  const extras = {
    d1Databases: Object.fromEntries(names.map((n) => [n, `bench-${n.toLowerCase()}`])),
    d1Persist: persist,
    bindings: { SEARCH_TIER: names.join(","), ...(o.shortList ? { SEARCH_TIER_SHORT_LIST: o.shortList } : {}) },
  };
  try {
    let publishMs: number;
    let expected: string[];
    if (!("sqlFiles" in o.library)) {
      const index = readIndexDir(o.library.indexDir);
      o.log(`tier: writing ${index.manifest.clauses} clauses into ${o.shards} D1 database(s) (Miniflare, persisted)`);
      const inst = await start(o.bundle, extras);
      try {
        const shards = await d1Shards(inst, names);
        const t = performance.now();
        await writeTierVersion(shards, index, "bench");
        await switchTier(shards[0], "bench", new Date());
        publishMs = performance.now() - t;
      } finally {
        await inst.mf.dispose();
      }
      o.log(`tier: in-memory answers for parity (${o.queries.length} questions)`);
      const now = new Date();
      expected = await Promise.all(o.queries.map(async (q) => topOf(await search(index, q, { k: 5, now }))));
    } else {
      if (o.library.sqlFiles.length !== o.shards) throw new Error(`tier: ${o.library.sqlFiles.length} SQL files for ${o.shards} shards`);
      o.log(`tier: loading ${o.shards} SQL file(s) into Miniflare's D1 files (sqlite3)`);
      const t = performance.now();
      await loadSql(o.bundle, extras, names, persist, o.library.sqlFiles);
      publishMs = performance.now() - t;
      if (o.library.indexDir) {
        o.log(`tier: in-memory answers over the index of the same folder, for parity (${o.queries.length} questions)`);
        const index = readIndexDir(o.library.indexDir);
        const now = new Date();
        expected = await Promise.all(o.queries.map(async (q) => topOf(await search(index, q, { k: 5, now }))));
      } else {
        o.log(`tier: answers with every list read in full, for parity (${o.queries.length} questions)`);
        expected = await everyListRead(o, extras);
      }
    }
    const databaseBytes = filesUnder(persist).reduce((sum, f) => sum + statSync(f).size, 0);
    const deadlines = await measureDeadlines(o, extras, names);

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
    let figures: Omit<TierFigures, "change">;
    try {
      let same = 0;
      let answered = 0;
      const differing: string[] = [];
      const firstDocuments: string[] = [];
      for (let i = 0; i < o.queries.length; i++) {
        const got = JSON.parse((await timed(inst.mf, searchPath(o.queries[i]))).body) as { answered: boolean; results: { id: string; docId: string }[] };
        if (got.results[0]) firstDocuments.push(got.results[0].docId);
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
      const answers: number[] = [];
      for (const q of o.queries) answers.push((await timed(inst.mf, searchPath(q).replace("/api/search", "/api/answer"))).ms - overheadMs);
      const page = async (path: string) => (await timed(inst.mf, path, [200], { headers: { accept: "text/html" } })).ms - overheadMs;
      const homeFirstMs = await page("/");
      const homeAgainMs = await page("/");
      const answerPages: number[] = [];
      for (const q of o.queries) answerPages.push(await page(`/q?q=${encodeURIComponent(q)}`));
      const documentPages: number[] = [];
      for (const id of firstDocuments) documentPages.push(await page(`/d/${encodeURIComponent(id)}`));
      figures = {
        shards: o.shards,
        publishMs,
        deadlines,
        databaseBytes,
        reference: o.library.indexDir ? "in-memory engine" : "every list read in full",
        runs: o.runs,
        cold: {
          readyMs: median(colds.map((c) => c.readyMs)),
          startupCpuMs: median(colds.map((c) => c.startupCpuMs)),
          firstSearchNetMs: median(colds.map((c) => c.firstSearchNetMs)),
        },
        latency: { rounds: o.rounds, raw: distribution(raw), net: distribution(raw.map((x) => x - overheadMs)), overheadMs },
        answerLatency: { net: distribution(answers) },
        pages: { answer: distribution(answerPages), document: distribution(documentPages), homeFirstMs, homeAgainMs },
        isolateHeapMb: { afterFirst: median(heaps), afterAll: await isolateHeapMb(inst.mf) },
        workerdRssMb: peakRssMb(inst.pid),
        parity: { questions: o.queries.length, same, share: same / o.queries.length, differing: differing.slice(0, 10) },
        answered,
      };
    } finally {
      await inst.mf.dispose();
    }
    return { ...figures, change: await measureChange(o, extras, names) };
  } finally {
    rmSync(persist, { recursive: true, force: true });
  }
}

/** /deadlines' read of the tier (src/bot/library.ts tierLibrary), five times from Node through Miniflare's D1. */
async function measureDeadlines(o: Parameters<typeof measureTier>[0], extras: NonNullable<Parameters<typeof start>[1]>, names: string[]): Promise<TierFigures["deadlines"]> {
  const inst = await start(o.bundle, extras);
  try {
    const shards = await d1Shards(inst, names);
    const library = tierLibrary(await tierSource(shards));
    const now = new Date();
    const times: number[] = [];
    let list: Awaited<ReturnType<typeof library.deadlines>> | undefined;
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      list = await library.deadlines(now);
      times.push(performance.now() - t);
    }
    return { ms: median(times), upcoming: list!.upcoming, shown: list!.entries.length };
  } finally {
    await inst.mf.dispose();
  }
}

/**
 * An admin's change on the library just measured: a document added (the sample policy) and the
 * library's first document withdrawn, published as a delta version (src/tier/delta.ts) from Node
 * through Miniflare's D1; then the questions again on it, with parity against the in-memory
 * engine over the index rebuilt with the same change, or the delta read with every list in full.
 */
async function measureChange(o: Parameters<typeof measureTier>[0], extras: NonNullable<Parameters<typeof start>[1]> & { bindings: Record<string, string> }, names: string[]): Promise<ChangeFigures> {
  const now = new Date();
  const count = o.changes ?? 1;
  const made: IndexChanges[] = [];
  const publishes: number[] = [];
  let rows = 0;
  let version = "";
  const inst = await start(o.bundle, extras);
  try {
    const shards = await d1Shards(inst, names);
    for (let i = 0; i < count; i++) {
      const first = (await (await tierSource(shards)).head(1)).documents[0];
      const changes: IndexChanges = { add: [{ id: `u_bench_change_${i}`, source: `bench-change-${i}.txt`, text: SAMPLE_POLICY }], remove: [first.id] };
      made.push(changes);
      const t = performance.now();
      const published = await publishTierChanges(shards, changes, { now });
      publishes.push(performance.now() - t);
      version = published.version;
      if (i === 0 || i === count - 1) o.log(`tier: change ${i + 1} of ${count} (a document added, ${first.id} withdrawn) as a delta version: ${publishes[i].toFixed(0)} ms`);
    }
    const own = tablesOf(version);
    for (const [s, db] of shards.entries()) {
      for (const table of [own.postings, own.terms, own.clauses, ...(s === 0 ? [own.docs, own.meta] : [])]) rows += Number((await db.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? 0);
    }
  } finally {
    await inst.mf.dispose();
  }
  const publishMs = publishes[0];
  let expected: string[];
  if (!("sqlFiles" in o.library) || o.library.indexDir) {
    const index = readIndexDir(o.library.indexDir!);
    let rebuilt = index;
    for (const changes of made) rebuilt = loadIndexText((await rebuildIndex(rebuilt, changes, { now })).files);
    expected = await Promise.all(o.queries.map(async (q) => topOf(await search(rebuilt, q, { k: 5, now }))));
  } else {
    expected = await everyListRead(o, extras);
  }
  const again = await start(o.bundle, extras);
  try {
    let same = 0;
    const differing: string[] = [];
    for (let i = 0; i < o.queries.length; i++) {
      if (topOf(JSON.parse((await timed(again.mf, searchPath(o.queries[i]))).body) as { answered: boolean; results: { id: string }[] }) === expected[i]) same++;
      else differing.push(o.queries[i]);
    }
    const raw: number[] = [];
    const overhead: number[] = [];
    const rounds = Math.max(1, Math.ceil(o.rounds / 2));
    for (let round = 0; round < rounds; round++) {
      for (const q of o.queries) {
        raw.push((await timed(again.mf, searchPath(q))).ms);
        overhead.push((await timed(again.mf, "/healthz")).ms);
      }
    }
    const overheadMs = median(overhead);
    const homeFirstMs = (await timed(again.mf, "/", [200], { headers: { accept: "text/html" } })).ms - overheadMs;
    o.log(`  after ${count} change(s): ${rows} rows in the last delta (version ${version}); parity ${same}/${o.queries.length}`);
    return { changes: count, publishMs, lastPublishMs: publishes.at(-1)!, rows, homeFirstMs, latency: { rounds, net: distribution(raw.map((x) => x - overheadMs)) }, parity: { questions: o.queries.length, same, share: same / o.queries.length, differing: differing.slice(0, 10) } };
  } finally {
    await again.mf.dispose();
  }
}

/** Each question's answer from a fresh instance reading every posting list in full (the reference where the in-memory engine cannot hold the library). */
async function everyListRead(o: { bundle: WorkerBundle; queries: string[] }, extras: NonNullable<Parameters<typeof start>[1]> & { bindings: Record<string, string> }): Promise<string[]> {
  const inst = await start(o.bundle, { ...extras, bindings: { ...extras.bindings, SEARCH_TIER_SHORT_LIST: "Infinity" } });
  try {
    const out: string[] = [];
    for (const q of o.queries) out.push(topOf(JSON.parse((await timed(inst.mf, searchPath(q))).body) as { answered: boolean; results: { id: string }[] }));
    return out;
  } finally {
    await inst.mf.dispose();
  }
}

/** A response's answered flag and top 5 ids, as one comparable string. */
function topOf(r: { answered: boolean; results: { id: string }[] }): string {
  return JSON.stringify([r.answered, r.results.slice(0, 5).map((x) => x.id)]);
}

/** Every file under a folder. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/**
 * SQL files into Miniflare's persisted D1 databases: one start creates each database and marks
 * it with its binding's name; then, with workerd stopped, the sqlite3 CLI runs each file in
 * one transaction on the database marked for its shard.
 */
async function loadSql(bundle: WorkerBundle, extras: Parameters<typeof start>[1], names: string[], persist: string, sqlFiles: string[]): Promise<void> {
  if (spawnSync("sqlite3", ["-version"]).status !== 0) throw new Error("loading SQL needs the sqlite3 command (Debian: apt-get install -y sqlite3)");
  const inst = await start(bundle, extras);
  try {
    for (const name of names) {
      const db = await (inst.mf as unknown as Miniflareish).getD1Database(name);
      await db.prepare("CREATE TABLE bench_marker (name TEXT)").run();
      await db.prepare("INSERT INTO bench_marker (name) VALUES (?)").bind(name).run();
    }
  } finally {
    await inst.mf.dispose();
  }
  const files = filesUnder(persist).filter((f) => f.endsWith(".sqlite") && !f.endsWith("metadata.sqlite"));
  for (const file of files) {
    const marked = spawnSync("sqlite3", [file, "SELECT name FROM bench_marker"], { encoding: "utf8" });
    const shard = names.indexOf(marked.stdout.trim());
    if (shard < 0) continue;
    const r = spawnSync("bash", ["-c", `(echo 'PRAGMA synchronous=OFF; BEGIN;'; cat "$1"; echo 'COMMIT; PRAGMA wal_checkpoint(TRUNCATE);') | sqlite3 -bail "$2" > /dev/null`, "load", sqlFiles[shard], file], { stdio: ["ignore", "inherit", "inherit"] });
    if (r.status !== 0) throw new Error(`sqlite3 could not load ${sqlFiles[shard]} (exit ${r.status ?? r.signal})`);
  }
}
