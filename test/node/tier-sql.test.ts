// npm run index -- --tier-sql: a folder streamed into the search tier's SQL, one file per shard,
// loaded into SQLite (sql.js here; D1 or the sqlite3 CLI elsewhere) answers every question as the
// in-memory engine does over the index `npm run index` builds of the same folder.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteFile } from "../../src/db/sqlite-file.js";
import { headingQuestions } from "../../src/bench/corpus-questions.js";
import { bundledIndex } from "../../src/search/bundled-index.js";
import { search, searchSource } from "../../src/search/engine.js";
import { readTierLive } from "../../src/tier/publish.js";
import { tierSource } from "../../src/tier/source.js";
import { DEADLINE_POLICY, NOW } from "../fixtures/deadline-checks.js";
import { libraryDeadlines } from "../../src/answer/telegram-deadlines.js";
import { tierLibrary } from "../../src/bot/library.js";
import { readIndexDir } from "../../src/node/index-dir.js";
import SEED_QUESTIONS from "../fixtures/seed-questions.public.json";
import { ROOT } from "./helpers.js";

describe("npm run index -- --tier-sql (the library streamed into the search tier)", () => {
  const tmp = mkdtempSync(join(tmpdir(), "zct-tier-sql-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("writes SQL per shard that, loaded, answers as the in-memory index of the same folder", async () => {
    const out = join(tmp, "sql");
    const run = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "index", "--input", join(ROOT, "seeds"), "--tier-sql", out, "--shards", "2", "--version", "seeds_v1", "--switch"], { cwd: ROOT, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/已写检索层 SQL：5 份文件，\d+ 条条款，版本 seeds_v1/);
    const shards = await Promise.all([0, 1].map(async (s) => {
      const db = await openSqliteFile(undefined);
      const lines = readFileSync(join(out, `shard-${s}.sql`), "utf8").split(";\n").filter((l) => l.trim());
      for (const line of lines) {
        // every statement fits D1's 100 KB
        expect(Buffer.byteLength(line)).toBeLessThan(100_000);
        await db.prepare(line).run();
      }
      return db;
    }));
    expect((await readTierLive(shards[0]))?.version).toBe("seeds_v1");
    const index = bundledIndex();
    const source = await tierSource(shards);
    const questions = [...(SEED_QUESTIONS as { q: string }[]).map((q) => q.q), ...headingQuestions(index, 30, "tier-sql").map((q) => q.q), "十堰的企业上市能拿多少奖励", "今天天气怎么样"];
    let answered = 0;
    for (const shortList of [undefined, 0]) {
      const from = shortList === undefined ? source : await tierSource(shards, undefined, { shortList });
      for (const q of questions) {
        const memory = await search(index, q, { k: 5, now: NOW });
        const tier = await searchSource(from, q, { k: 5, now: NOW });
        expect(JSON.stringify(tier), q).toBe(JSON.stringify(memory));
        if (memory.answered) answered++;
      }
    }
    expect(answered).toBeGreaterThan(questions.length);
  });

  it("flags the clauses that state deadlines, so that /deadlines from the streamed tier lists what the in-memory index does", async () => {
    const input = join(tmp, "deadline-docs");
    mkdirSync(input);
    writeFileSync(join(input, "digital.txt"), DEADLINE_POLICY);
    const cli = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "index", "--input", input, ...args], { cwd: ROOT, encoding: "utf8" });
    const indexed = cli(["--out", join(tmp, "deadline-index")]);
    expect(indexed.status, indexed.stderr).toBe(0);
    const streamed = cli(["--tier-sql", join(tmp, "deadline-sql"), "--version", "d1", "--switch"]);
    expect(streamed.status, streamed.stderr).toBe(0);
    const db = await openSqliteFile(undefined);
    for (const line of readFileSync(join(tmp, "deadline-sql", "shard-0.sql"), "utf8").split(";\n").filter((l) => l.trim())) await db.prepare(line).run();
    const expected = libraryDeadlines(readIndexDir(join(tmp, "deadline-index")), NOW);
    expect(expected.entries.length).toBeGreaterThan(0);
    expect(await tierLibrary(await tierSource([db])).deadlines(NOW)).toEqual(expected);
  });

  it("refuses what it cannot stream: a file as input, learning, a bad shard count, a version that cannot name a table", () => {
    const run = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "index", ...args], { cwd: ROOT, encoding: "utf8" });
    expect(run(["--input", join(ROOT, "seeds", "synonyms.tsv"), "--tier-sql", join(tmp, "x")]).stderr).toMatch(/要是文件夹/);
    expect(run(["--input", join(ROOT, "seeds"), "--tier-sql", join(tmp, "x"), "--shards", "0"]).stderr).toMatch(/1 到 36/);
    expect(run(["--input", join(ROOT, "seeds"), "--tier-sql", join(tmp, "x"), "--check"]).stderr).toMatch(/不能与 --learn 或 --check/);
    const badVersion = run(["--input", join(ROOT, "seeds"), "--tier-sql", join(tmp, "x"), "--version", "v1; DROP TABLE x"]);
    expect(badVersion.status).toBe(2);
    expect(badVersion.stderr).toMatch(/--version 只能用字母、数字、_ 和 -/);
  });
});
