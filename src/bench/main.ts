// npm run bench [-- --runs N] [--rounds N] [--skip-large] [--scale N] [--seed N] [--json FILE] [--keep]
// npm run bench -- --corpus DIR [--runs N] [--rounds N] [--json FILE] [--keep]
// Builds the seed index and a generated corpus `scale` times larger in a temp folder, and
// measures build time, index and worker-bundle size, cold start, query latency and memory
// in workerd (Miniflare) and in Node. With --corpus, the same figures for any folder of
// documents, asked its own questions or its clause headings (./corpus-questions.ts), held to
// the targets of a real library on one worker. See src/bench/*.ts for how each figure is taken.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs, UsageError } from "../cli/args.js";
import { REPO_ROOT } from "../cli/paths.js";
import type { BuildInput, BuildResult } from "./build-child.js";
import { runChild } from "./child.js";
import { generateCorpus } from "./corpus.js";
import { measureCorpus, type BuildFigures, type CorpusFigures } from "./measure.js";
import { benchQueries } from "./queries.js";
import { corpusSection, corpusSummary, fitSection, summarySection, targetsSection, type BenchReport } from "./report.js";
import { corpusQuestions } from "./corpus-questions.js";
import { readIndexDir } from "../node/index-dir.js";
import { median, medianOf } from "./stats.js";
import { checks, libraryChecks } from "./targets.js";
import { measureTier, type TierLibrary } from "./tier-bench.js";
import { bundleWorker } from "./bundle.js";
import { indexSizes } from "./sizes.js";
import { mb, ms, table } from "./format.js";
import { miniflareVersion, trivialRun } from "./workerd.js";

const USAGE = `npm run bench [-- options]
  --runs N        fresh instances/processes per figure (default 5)
  --rounds N      query rounds on the seeds (default 20; the large corpus runs max(3, N/4))
  --skip-large    only the seed corpus
  --scale N       size of the generated corpus, in seed copies (default 100); with --corpus, N times that
                  library, generated from it (a realdocs-like folder: scripts/scale/generate.ts)
  --seed N        seed of the generated corpus (default 1)
  --json FILE     also write every figure as JSON
  --skip-web      leave out the web pages' weights and server times (scripts/web-figures.ts)
  --skip-subscriptions  leave out matching a publish against 10,000 subscriptions and the notices' delivery rate (scripts/subscription-figures.ts)
  --corpus DIR    measure this folder of documents instead (questions.json in it, or its headings)
  --engine d1     with --corpus: the search tier (src/tier/) in workerd's D1 instead of the index in the isolate
  --shards S      with --engine d1: D1 databases the index is sharded over (default 1)
  --short-list N  with --engine d1: lists of at most N postings come with a question's first round
                  (the worker's SEARCH_TIER_SHORT_LIST; default src/tier/source.ts SHORT_LIST)
  --changes N     with --engine d1: after the questions, N admins' changes one after the other (each a
                  document added and one withdrawn, a delta version over the same base; default 1),
                  then the questions again on the last
  --stream        with --engine d1 (no --scale): also stream the folder into tier SQL and measure
                  that, with parity against the in-memory engine over its index
  --sql DIR       with --engine d1: measure the tier SQL already in DIR (shard-N.sql, from
                  npm run index -- --tier-sql … --version bench --switch) instead of making it;
                  --corpus is then the library whose headings make the questions
  --keep          keep the temp folder (corpus, indexes)`;

const log = (msg: string) => process.stderr.write(`· ${msg}\n`);

async function build(input: string, out: string, runs: number, nodeFlags: string[] = []): Promise<BuildFigures> {
  const results: { result: BuildResult; wallMs: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await runChild<BuildResult>("build-child.ts", { input, out, synonyms: join(REPO_ROOT, "seeds", "synonyms.tsv") } satisfies BuildInput, nodeFlags);
    log(`  build ${i + 1}/${runs}: ${r.result.seconds.toFixed(2)} s (${r.result.documents} documents, ${r.result.clauses} clauses)`);
    results.push(r);
  }
  const m = medianOf(results.map(({ result: { seconds, readMs, buildMs, writeMs, peakRssMb } }) => ({ seconds, readMs, buildMs, writeMs, peakRssMb })));
  return { runs, ...m, processSeconds: median(results.map((r) => r.wallMs)) / 1000 };
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ["runs", "rounds", "scale", "seed", "json", "corpus", "engine", "shards", "sql", "short-list", "changes"], flags: ["skip-large", "skip-web", "skip-subscriptions", "keep", "help", "stream"] });
  if (args.flags.has("help")) {
    console.log(USAGE);
    return 0;
  }
  const int = (name: string, dflt: number) => {
    const v = Number(args.values[name]?.[0] ?? dflt);
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} needs a positive integer`);
    return v;
  };
  const runs = int("runs", 5);
  const rounds = int("rounds", 20);
  const roundsLarge = Math.max(3, Math.ceil(rounds / 4));
  const scale = int("scale", 100);
  const seed = int("seed", 1);
  const skipLarge = args.flags.has("skip-large");
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const tmp = mkdtempSync(join(tmpdir(), "zct-bench-"));
  log(`temp folder ${tmp}`);
  const corpusDir = args.values.corpus?.[0];

  try {
    const engine = args.values.engine?.[0] ?? "memory";
    if (engine !== "memory" && engine !== "d1") throw new UsageError(`--engine: memory or d1, not ${engine}`);
    if (engine === "d1" && corpusDir === undefined) throw new UsageError("--engine d1 needs --corpus DIR");
    if (corpusDir !== undefined) {
      const times = args.values.scale ? int("scale", 1) : 1;
      const sql = args.values.sql?.[0];
      const shortList = args.values["short-list"]?.[0];
      if (shortList !== undefined && (engine !== "d1" || !(Number(shortList) >= 0))) throw new UsageError("--short-list needs --engine d1 and a number of postings");
      const stream = args.flags.has("stream");
      const changes = args.values.changes?.[0];
      if (changes !== undefined && (engine !== "d1" || !/^[1-9]\d{0,2}$/.test(changes))) throw new UsageError("--changes needs --engine d1 and a whole number from 1 to 999");
      if (stream && (engine !== "d1" || times > 1 || sql !== undefined)) throw new UsageError("--stream needs --engine d1, without --scale or --sql");
      if (sql !== undefined && engine !== "d1") throw new UsageError("--sql needs --engine d1");
      return await measureFolder(resolve(corpusDir), tmp, { runs, rounds, json: args.values.json?.[0], started, startedAt, engine, shards: int("shards", 1), times, ...(sql ? { sql: resolve(sql) } : {}), ...(shortList ? { shortList } : {}), stream, changes: Number(changes ?? 1) });
    }
    const { queries, sources, missing } = benchQueries();
    const qs = queries.map((q) => q.q);
    log(`${qs.length} queries: ${sources.join(", ")}`);
    for (const m of missing) log(`note: ${m}`);

    log(`trivial worker baseline (3 instances)`);
    const trivialRuns = [];
    for (let i = 0; i < 3; i++) trivialRuns.push(await trivialRun());
    const trivial = medianOf(trivialRuns.map((t) => ({ ...t })));

    const corpora: CorpusFigures[] = [];
    const common = { runs, queries: qs, coldQuery: qs[0], trivial, log };

    log(`seeds: building the index ${Math.min(runs, 3)} times`);
    const seedIndex = join(tmp, "index-seeds");
    const seedBuild = await build(join(REPO_ROOT, "seeds"), seedIndex, Math.min(runs, 3));
    const seeds = await measureCorpus({ ...common, name: "seeds (1×)", indexDir: seedIndex, build: seedBuild, rounds });
    corpora.push(seeds);
    let committedHash: string | undefined;
    try {
      committedHash = (JSON.parse(readFileSync(join(REPO_ROOT, "index", "manifest.json"), "utf8")) as { contentHash: string }).contentHash;
    } catch {
      committedHash = undefined;
    }
    const report: BenchReport = {
      startedAt,
      seconds: 0,
      machine: machine(),
      options: { runs, rounds, roundsLarge, scale, seed, skipLarge },
      queries: { count: qs.length, sources, missing },
      trivial,
      corpora,
      checks: [],
      seedIndexMatchesCommitted: committedHash === undefined ? undefined : committedHash === seeds.index.contentHash,
    };
    console.log(corpusSection(seeds, report) + "\n");

    if (!skipLarge) {
      const corpusDir = join(tmp, `corpus-${scale}x`);
      const gen = generateCorpus(join(REPO_ROOT, "seeds"), seedIndex, corpusDir, scale, seed);
      log(`${scale}×: generated ${gen.documents} documents (${(gen.bytes / 2 ** 20).toFixed(1)} MiB of text, seed ${seed}); building the index once`);
      const largeIndex = join(tmp, `index-${scale}x`);
      const largeBuild = await build(corpusDir, largeIndex, 1);
      const large = await measureCorpus({ ...common, name: `${scale}×`, indexDir: largeIndex, build: largeBuild, rounds: roundsLarge });
      corpora.push(large);
      console.log(corpusSection(large, report) + "\n");
    }

    report.checks = corpora.flatMap((c, i) => checks(c, i > 0));
    report.seconds = (performance.now() - started) / 1000;
    console.log(targetsSection(report.checks) + "\n");
    if (corpora.length > 1) console.log(fitSection(corpora[0], corpora[1], scale) + "\n");
    console.log(summarySection(report) + "\n");
    console.log(
      `Runs: ${runs} fresh workerd instances for cold start, ${runs} fresh Node processes for load/heap (medians); ` +
        `query latency ${rounds} rounds (seeds)${skipLarge ? "" : ` / ${roundsLarge} rounds (${scale}×)`} × ${qs.length} queries after a warm-up round; ` +
        `builds: ${seedBuild.runs} (seeds)${skipLarge ? "" : ", 1 (large)"}.`,
    );
    console.log(`Queries: ${qs.length}: ${sources.join(", ")}.${missing.map((m) => ` Note: ${m}.`).join("")}`);
    console.log(
      `Seed index built here ${report.seedIndexMatchesCommitted === undefined ? "(no committed index/ to compare)" : report.seedIndexMatchesCommitted ? "is byte-identical to the committed index/ (same contentHash)" : "differs from the committed index/ (contentHash differs: index/ is stale or the builder changed)"}.`,
    );
    console.log(
      `Machine: ${report.machine.cpus} CPUs, Node ${report.machine.node}, Miniflare ${report.machine.miniflare}, workerd ${report.machine.workerd}. Bench took ${report.seconds.toFixed(0)} s.`,
    );
    if (!args.flags.has("skip-web")) webFigures(seedIndex, runs);
    if (!args.flags.has("skip-subscriptions")) subscriptionFigures(seedIndex);
    const jsonFile = args.values.json?.[0];
    if (jsonFile) {
      writeFileSync(resolve(jsonFile), JSON.stringify({ summaries: report.corpora.map(corpusSummary), ...report }, null, 1) + "\n");
      log(`figures written to ${resolve(jsonFile)}`);
    }
    return 0;
  } finally {
    if (args.flags.has("keep")) log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

/** `--corpus DIR`: every figure for one folder of documents, its targets, and the flat summary (also the JSON's `summary`). */
async function measureFolder(
  folder: string,
  tmp: string,
  o: { runs: number; rounds: number; json?: string; started: number; startedAt: string; engine: "memory" | "d1"; shards: number; times: number; sql?: string; shortList?: string; stream?: boolean; changes: number },
): Promise<number> {
  let dir = folder;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--corpus: no such folder: ${dir}`);
  let name = basename(dir) === "docs" ? basename(dirname(dir)) : basename(dir);
  if (o.times > 1 && !o.sql) {
    // N times the library, generated from it (scripts/scale/generate.ts: documents re-issued for other cities)
    const source = basename(dir) === "docs" ? dirname(dir) : dir;
    if (!existsSync(join(source, "sources.json"))) throw new UsageError(`--scale with --corpus: ${source} has no sources.json (the generator re-issues a realdocs-like library)`);
    const out = join(tmp, `${name}-${o.times}x`);
    log(`${name}: generating ${o.times}× the library into ${out}`);
    const r = spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "scripts", "scale", "generate.ts"), "--times", String(o.times), "--out", out, "--source", source], { cwd: REPO_ROOT, stdio: ["ignore", "inherit", "inherit"] });
    if (r.status !== 0) throw new Error(`scripts/scale/generate.ts failed (exit ${r.status ?? r.signal})`);
    dir = out;
    name = `${name} ×${o.times}`;
  }
  log(`trivial worker baseline (3 instances)`);
  const trivialRuns = [];
  for (let i = 0; i < 3; i++) trivialRuns.push(await trivialRun());
  const trivial = medianOf(trivialRuns.map((t) => ({ ...t })));
  if (o.engine === "d1" && (o.times > 1 || o.sql)) return measureStreamedTier(name, folder, dir, tmp, trivial, o);
  // a generated library is built once, with room: the in-memory build needs about 38 GB per million clauses
  const buildRuns = o.times > 1 ? 1 : Math.min(o.runs, 3);
  log(`${name}: building the index ${buildRuns} times`);
  const indexDir = join(tmp, `index-${name.replace(/\W+/g, "-")}`);
  const built = await build(dir, indexDir, buildRuns, o.times > 1 ? ["--max-old-space-size=16000"] : []);
  const { queries, source } = corpusQuestions(dir, readIndexDir(indexDir));
  if (queries.length === 0) throw new Error(`${dir}: no questions.json and no clause heading to make questions from`);
  log(`${queries.length} queries: ${source}`);
  const qs = queries.map((q) => q.q);
  const rounds = Math.max(3, Math.ceil(o.rounds / 4));
  if (o.engine === "d1" && o.stream) {
    // the folder streamed into SQL, measured against the in-memory engine over its index
    const sqlDir = join(tmp, "tier-sql");
    const t = performance.now();
    streamSql(dir, sqlDir, o.shards);
    return measureFolderOnTier(`${name} (streamed SQL)`, { sqlFiles: sqlFilesIn(sqlDir, o.shards), indexDir }, { ...sqlCounts(sqlDir), bytes: sqlBytes(sqlDir, o.shards), buildSeconds: (performance.now() - t) / 1000 }, qs, source, trivial, { ...o, rounds });
  }
  if (o.engine === "d1") {
    const index = indexSizes(indexDir);
    return measureFolderOnTier(name, { indexDir }, { ...index, buildSeconds: built.seconds }, qs, source, trivial, { ...o, rounds });
  }
  const figures = await measureCorpus({ runs: o.runs, queries: qs, coldQuery: qs[0], trivial, log, name, indexDir, build: built, rounds });
  const report: BenchReport = {
    startedAt: o.startedAt,
    seconds: (performance.now() - o.started) / 1000,
    machine: machine(),
    options: { runs: o.runs, rounds, roundsLarge: rounds, scale: 1, seed: 0, skipLarge: true },
    queries: { count: qs.length, sources: [source], missing: [] },
    trivial,
    corpora: [figures],
    checks: libraryChecks(figures),
    seedIndexMatchesCommitted: undefined,
  };
  const summary = corpusSummary(figures);
  console.log(corpusSection(figures, report) + "\n");
  console.log(targetsSection(report.checks) + "\n");
  console.log(summarySection(report) + "\n");
  console.log("summary " + JSON.stringify(summary));
  console.log(`Queries: ${source}. Machine: ${report.machine.cpus} CPUs, Node ${report.machine.node}, workerd ${report.machine.workerd}. Bench took ${report.seconds.toFixed(0)} s.`);
  if (o.json) {
    writeFileSync(resolve(o.json), JSON.stringify({ summary, ...report, queries: { ...report.queries, list: queries } }, null, 1) + "\n");
    log(`figures written to ${resolve(o.json)}`);
  }
  return 0;
}

/**
 * `--engine d1 --scale N`: N times the library streamed into the tier's SQL (`npm run index --
 * --tier-sql`, no in-memory index), asked the source library's heading questions (the generated
 * library re-issues its documents for other cities).
 */
async function measureStreamedTier(
  name: string,
  sourceFolder: string,
  dir: string,
  tmp: string,
  trivial: { startupCpuMs: number; peakRssMb: number },
  o: { runs: number; rounds: number; json?: string; started: number; startedAt: string; shards: number; sql?: string; shortList?: string; changes: number },
): Promise<number> {
  log(`${basename(sourceFolder)}: building its index once, for its heading questions`);
  const sourceIndex = join(tmp, "index-source");
  await build(sourceFolder, sourceIndex, 1, []);
  const { queries, source } = corpusQuestions(sourceFolder, readIndexDir(sourceIndex));
  const qs = queries.map((q) => q.q);
  if (o.sql) return measureFolderOnTier(`${name} (SQL in ${o.sql})`, { sqlFiles: sqlFilesIn(o.sql, o.shards) }, { ...sqlCounts(o.sql), bytes: sqlBytes(o.sql, o.shards), buildSeconds: NaN }, qs, source, trivial, { ...o, rounds: Math.max(3, Math.ceil(o.rounds / 4)) });
  log(`${name}: streaming the library into the tier's SQL (npm run index -- --tier-sql, ${o.shards} shard(s))`);
  const sqlDir = join(tmp, "tier-sql");
  const t = performance.now();
  streamSql(dir, sqlDir, o.shards);
  const buildSeconds = (performance.now() - t) / 1000;
  return measureFolderOnTier(name, { sqlFiles: sqlFilesIn(sqlDir, o.shards) }, { ...sqlCounts(sqlDir), bytes: sqlBytes(sqlDir, o.shards), buildSeconds }, qs, source, trivial, { ...o, rounds: Math.max(3, Math.ceil(o.rounds / 4)) });
}

/** `npm run index -- --tier-sql` in its own process, with room. */
function streamSql(dir: string, sqlDir: string, shards: number): void {
  const r = spawnSync(process.execPath, ["--max-old-space-size=16000", "--import", "tsx", join(REPO_ROOT, "src", "cli", "main.ts"), "index", "--input", dir, "--tier-sql", sqlDir, "--shards", String(shards), "--version", "bench", "--switch"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 2 ** 20,
  });
  if (r.status !== 0) throw new Error(`npm run index -- --tier-sql failed (exit ${r.status ?? r.signal}): ${r.stdout.slice(-2000)}`);
}

const sqlFilesIn = (dir: string, shards: number) => Array.from({ length: shards }, (_, s) => join(dir, `shard-${s}.sql`));
const sqlBytes = (dir: string, shards: number) => sqlFilesIn(dir, shards).reduce((sum, f) => sum + statSync(f).size, 0);

/** Documents and clauses of streamed SQL: from its manifest (shard 0's meta rows). */
function sqlCounts(dir: string): { documents: number; clauses: number } {
  const r = spawnSync("bash", ["-c", `grep -o '"documents":[0-9]*,"clauses":[0-9]*' "$1" | head -1`, "counts", join(dir, "shard-0.sql")], { encoding: "utf8" });
  const m = /"documents":(\d+),"clauses":(\d+)/.exec(r.stdout);
  if (!m) throw new Error(`${dir}/shard-0.sql: no manifest with documents and clauses`);
  return { documents: Number(m[1]), clauses: Number(m[2]) };
}

/** `--engine d1`: the tier's figures (./tier-bench.ts) and its summary. */
async function measureFolderOnTier(
  name: string,
  library: TierLibrary,
  index: { documents: number; clauses: number; bytes: number; gzipBytes?: number; buildSeconds: number },
  qs: string[],
  source: string,
  trivial: { startupCpuMs: number; peakRssMb: number },
  o: { runs: number; rounds: number; json?: string; started: number; startedAt: string; shards: number; shortList?: string; changes: number },
): Promise<number> {
  log(`${name}: bundling the worker (the repository's own index inside: the library is in D1)`);
  const bundle = await bundleWorker(join(REPO_ROOT, "index"));
  const t = await measureTier({ bundle, library, shards: o.shards, runs: o.runs, rounds: o.rounds, queries: qs, log, changes: o.changes, ...(o.shortList ? { shortList: o.shortList } : {}) });
  const scriptStartupMs = Math.max(0, t.cold.startupCpuMs - trivial.startupCpuMs);
  const summary = {
    corpus: name,
    engine: "d1",
    shards: t.shards,
    ...(o.shortList ? { shortList: Number(o.shortList) } : {}),
    documents: index.documents,
    clauses: index.clauses,
    indexBytes: index.bytes,
    ...(index.gzipBytes !== undefined ? { indexGzipBytes: index.gzipBytes } : {}),
    databaseBytes: t.databaseBytes,
    uploadBytes: bundle.bytes,
    uploadGzipBytes: bundle.gzipBytes,
    buildSeconds: index.buildSeconds,
    scriptStartupMs,
    coldStartMs: scriptStartupMs + t.cold.firstSearchNetMs,
    queryMedianMs: t.latency.net.median,
    queryP99Ms: t.latency.net.p99,
    answerMedianMs: t.answerLatency.net.median,
    answerP99Ms: t.answerLatency.net.p99,
    answerPageMedianMs: t.pages.answer.median,
    documentPageMedianMs: t.pages.document.median,
    homePageFirstMs: t.pages.homeFirstMs,
    deadlinesMs: t.deadlines.ms,
    deadlinesUpcoming: t.deadlines.upcoming,
    isolateHeapMb: Math.max(t.isolateHeapMb.afterFirst, t.isolateHeapMb.afterAll),
    workerdRssMb: t.workerdRssMb,
    workerdRssDeltaMb: t.workerdRssMb - trivial.peakRssMb,
    publishMs: t.publishMs,
    questions: qs.length,
    answered: t.answered,
    parity: t.parity.share,
    changes: t.change.changes,
    changePublishMs: t.change.publishMs,
    lastChangePublishMs: t.change.lastPublishMs,
    changeRows: t.change.rows,
    changeQueryMedianMs: t.change.latency.net.median,
    changeQueryP99Ms: t.change.latency.net.p99,
    changeParity: t.change.parity.share,
    changeHomePageFirstMs: t.change.homeFirstMs,
  };
  const seconds = (performance.now() - o.started) / 1000;
  console.log(`══ ${name} on the search tier (D1 in Miniflare, ${t.shards} shard${t.shards > 1 ? "s" : ""}): ${index.documents} documents, ${index.clauses} clauses ══`);
  console.log(
    table([
      ["library → tier rows (index + rows, or streamed SQL)", Number.isFinite(index.buildSeconds) ? `${index.buildSeconds.toFixed(0)} s` : "made before (--sql)"],
      ["write the version into D1 and switch (from Node), or load its SQL (sqlite3)", ms(t.publishMs)],
      ["D1 database files", mb(t.databaseBytes / 2 ** 20)],
      [`first question of a fresh instance, net (median of ${t.runs})`, ms(t.cold.firstSearchNetMs)],
      ["script startup CPU (− trivial worker)", ms(scriptStartupMs)],
      [`question round trip − overhead, median / p99 (${t.latency.rounds} rounds × ${qs.length})`, `${ms(t.latency.net.median)} / ${ms(t.latency.net.p99)}`],
      [`composed answer (/api/answer: what the bot and the pages send) − overhead, median / p99 (1 round × ${qs.length})`, `${ms(t.answerLatency.net.median)} / ${ms(t.answerLatency.net.p99)}`],
      [`web pages − overhead, median / p99: the answer page (/q), its first result's document page (/d/…)`, `${ms(t.pages.answer.median)} / ${ms(t.pages.answer.p99)}, ${ms(t.pages.document.median)} / ${ms(t.pages.document.p99)}`],
      ["home page (/): first visit (the library's summary, once per version) / again", `${ms(t.pages.homeFirstMs)} / ${ms(t.pages.homeAgainMs)}`],
      [`/deadlines: the tier's read and the list, from Node via D1 (median of 5; ${t.deadlines.upcoming} upcoming, ${t.deadlines.shown} shown)`, ms(t.deadlines.ms)],
      ["dispatch overhead (/healthz)", ms(t.latency.overheadMs)],
      ["isolate's live heap after the first question / after all", `${mb(t.isolateHeapMb.afterFirst)} / ${mb(t.isolateHeapMb.afterAll)}`],
      ["workerd peak RSS (− trivial)", `${mb(t.workerdRssMb)} (+${mb(summary.workerdRssDeltaMb)})`],
      [`parity: top 5 and answered equal to the ${t.reference}'s`, `${t.parity.same} / ${t.parity.questions}`],
      [`admins' changes (each a document added, one withdrawn) as delta versions, ${t.change.changes} in a row: publish the first / the last (from Node via D1) / rows the last holds`, `${ms(t.change.publishMs)} / ${ms(t.change.lastPublishMs)} / ${t.change.rows}`],
      [`after the changes: question round trip − overhead, median / p99 (${t.change.latency.rounds} rounds)`, `${ms(t.change.latency.net.median)} / ${ms(t.change.latency.net.p99)}`],
      [`after the changes: parity with the ${t.reference} over the changed library`, `${t.change.parity.same} / ${t.change.parity.questions}`],
      ["after the changes: home page's first visit (the summary kept in the delta's meta)", ms(t.change.homeFirstMs)],
    ]),
  );
  if (t.parity.differing.length) console.log(`Differing: ${t.parity.differing.join(" | ")}`);
  if (t.change.parity.differing.length) console.log(`Differing after the changes: ${t.change.parity.differing.join(" | ")}`);
  console.log("\nsummary " + JSON.stringify(summary));
  console.log(`Queries: ${source}. Bench took ${seconds.toFixed(0)} s.`);
  if (o.json) {
    writeFileSync(resolve(o.json), JSON.stringify({ summary, tier: t, machine: machine(), startedAt: o.startedAt, seconds, queries: { source, list: qs } }, null, 1) + "\n");
    log(`figures written to ${resolve(o.json)}`);
  }
  return t.parity.same === t.parity.questions ? 0 : 1;
}

function machine(): BenchReport["machine"] {
  return {
    cpus: availableParallelism(),
    node: process.version,
    miniflare: miniflareVersion(),
    workerd: (JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", "workerd", "package.json"), "utf8")) as { version: string }).version,
  };
}

/** The web pages at seed scale: weight (HTML + CSS + JS) and server time, Node and workerd (scripts/web-figures.ts, its own process). */
function webFigures(indexDir: string, runs: number): void {
  log("web pages: weights and server times on the seed index");
  console.log("");
  const r = spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "scripts", "web-figures.ts"), "--index", indexDir, "--runs", String(Math.max(runs, 10))], {
    cwd: REPO_ROOT,
    stdio: "inherit",
  });
  if (r.status !== 0) throw new Error(`scripts/web-figures.ts failed (exit ${r.status ?? r.signal})`);
}

/** Subscriptions: one publish matched against 10,000 subscriptions, and the notices' delivery rate (scripts/subscription-figures.ts, its own process). */
function subscriptionFigures(indexDir: string): void {
  log("subscriptions: matching a publish against 10,000 subscriptions, notices' delivery rate");
  const r = spawnSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "scripts", "subscription-figures.ts"), "--index", indexDir], { cwd: REPO_ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`scripts/subscription-figures.ts failed (exit ${r.status ?? r.signal})`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    if (err instanceof Error && !(err instanceof UsageError) && !/needs a positive/.test(err.message)) console.error(err.stack);
    else console.error(USAGE);
    process.exit(1);
  },
);
