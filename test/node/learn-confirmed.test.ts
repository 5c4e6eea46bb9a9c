// Confirmed question → clause pairs applied at the next publish, on Node (the SQLite file and the
// file store): the pair an admin confirmed goes into the next rebuild as a learned question, is
// marked with the version it went into so the publish after does not add it again, and changes
// that question's ranking; a pair whose clause left the library is counted, not applied.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, openSqliteFile, readMigrations } from "../../src/db/sqlite-file.js";
import { confirmPair, pendingPairs } from "../../src/feedback/confirmed.js";
import { addConfirmed } from "../../src/ingest/build/rebuild.js";
import type { ManageDeps } from "../../src/manage/deps.js";
import { publishChanges } from "../../src/manage/publish.js";
import { createRefusalCounter } from "../../src/manage/refusals.js";
import { bundledIndex } from "../../src/search/bundled-index.js";
import { search } from "../../src/search/engine.js";
import { corpusStats } from "../../src/search/stats.js";
import { fileStore } from "../../src/store/file-store.js";
import { createLiveIndex } from "../../src/store/live-index.js";
import { CONFIRMED_QUESTION, runnerUp } from "../fixtures/confirmed-checks.js";

const dir = mkdtempSync(join(tmpdir(), "zct-learn-confirmed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function setup(): Promise<ManageDeps & { db: NonNullable<ManageDeps["db"]> }> {
  const root = mkdtempSync(join(dir, "run-"));
  const db = await openSqliteFile(join(root, "db.sqlite"));
  await migrate(db, readMigrations(join(process.cwd(), "migrations")));
  const store = fileStore(join(root, "store"));
  const live = createLiveIndex({ store: () => store, bundled: bundledIndex, checkEveryMs: 0 });
  return { store, live, bundled: bundledIndex, now: () => new Date(), refusals: createRefusalCounter(), db };
}

describe("confirmed pairs at the next publish (Node)", () => {
  it("moves the confirmed clause up for its question, once, and marks the pair with the version", async () => {
    const m = await setup();
    const { first, second } = await runnerUp(bundledIndex(), CONFIRMED_QUESTION);
    await confirmPair(m.db, { question: CONFIRMED_QUESTION, clauseId: second, snippet: "…", adminId: 1, now: new Date() });
    expect((await pendingPairs(m.db)).questions).toEqual([{ question: CONFIRMED_QUESTION, clauseIds: [second] }]);

    // a withdrawal of an unrelated document is the next publish
    const unrelated = bundledIndex().documents.find((d) => d.id !== first.split(":")[0] && d.id !== second.split(":")[0])!;
    const published = await publishChanges(m, { remove: [unrelated.id] }, "test", "withdraw");
    expect(published.learned).toEqual({ added: 1, gone: 0 });
    const live = await m.live.get();
    expect(corpusStats(live).learnedCount).toBe(1);
    expect((await search(live, CONFIRMED_QUESTION, { k: 5 })).results[0].id).toBe(second);
    // marked: nothing pending, and the version it went into is recorded
    expect((await pendingPairs(m.db)).ids).toEqual([]);
    const row = await m.db.prepare("SELECT applied_version FROM confirmed_pairs").first<{ applied_version: string }>();
    expect(row!.applied_version).toBe(published.entry.id);

    // the publish after carries the question (in the postings), and adds nothing
    const again = await publishChanges(m, { remove: [bundledIndex().documents.find((d) => d.id !== unrelated.id && !first.startsWith(d.id) && !second.startsWith(d.id))!.id] }, "test", "withdraw another");
    expect(again.learned).toEqual({ added: 0, gone: 0 });
    expect(corpusStats(await m.live.get()).learnedCount).toBe(1);
    expect((await search(await m.live.get(), CONFIRMED_QUESTION, { k: 5 })).results[0].id).toBe(second);
  });

  it("counts a pair whose clause has left as gone, and still publishes", async () => {
    const m = await setup();
    const { second } = await runnerUp(bundledIndex(), CONFIRMED_QUESTION);
    await confirmPair(m.db, { question: CONFIRMED_QUESTION, clauseId: second, snippet: "…", adminId: 1, now: new Date() });
    const published = await publishChanges(m, { remove: [second.split(":")[0]] }, "test", "withdraw the clause's document");
    expect(published.learned).toEqual({ added: 0, gone: 1 });
    expect(corpusStats(await m.live.get()).learnedCount).toBe(0);
    expect((await pendingPairs(m.db)).ids).toEqual([]);
  });

  it("a question confirmed again with the same words gains the clause instead of being added twice", () => {
    const learned = [{ words: ["化工", "搬迁"], clauses: [3] }];
    const clauses = new Map(["a", "b", "c", "d", "e"].map((id, i) => [id, i]));
    const words = (q: string) => (q.includes("化工") ? ["搬迁", "化工"] : q.includes("空") ? [] : ["上云"]);
    expect(addConfirmed(learned, [{ question: "化工搬迁", clauseIds: ["d"] }], clauses, words)).toEqual({ added: 0, gone: 0 });
    expect(addConfirmed(learned, [{ question: "化工 搬迁", clauseIds: ["b"] }], clauses, words)).toEqual({ added: 1, gone: 0 });
    expect(learned).toEqual([{ words: ["化工", "搬迁"], clauses: [3, 1] }]);
    expect(addConfirmed(learned, [{ question: "上云", clauseIds: ["zz"] }, { question: "空", clauseIds: ["a"] }, { question: "上云", clauseIds: ["e"] }], clauses, words)).toEqual({ added: 1, gone: 2 });
    expect(learned.at(-1)).toEqual({ words: ["上云"], clauses: [4] });
  });
});
