// The hourly sweep over R2: every prefix has an owner that expires or compacts it. The store is
// filled as the running bot fills it, then swept "later" (the sweep's clock moved forward).
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { rebuildIndex } from "../../src/ingest/build/rebuild.js";
import { savePending, type Pending } from "../../src/manage/pending.js";
import { chinaDay, FOLD_AFTER_MS, questionStats, recordQuestion } from "../../src/manage/question-stats.js";
import { createRefusalCounter } from "../../src/manage/refusals.js";
import { MARKER_TTL_MS, sweep } from "../../src/manage/sweep.js";
import { bundledIndex as bundled } from "../../src/search/bundled-index.js";
import { publishVersion } from "../../src/store/index-versions.js";
import { r2Store } from "../../src/store/r2-store.js";
import { captureLogs } from "../support/logs.js";

const store = r2Store((env as unknown as { STORE: R2Bucket }).STORE);
const keys = async (prefix = "") => (await store.list(prefix)).map((e) => e.key);
const DAY = 86_400_000;

beforeEach(async () => {
  const all = await keys();
  if (all.length) await store.delete(all);
});

const sweepAt = (at: Date) => sweep({ store, now: () => at, refusals: createRefusalCounter(() => at) });

const pending = (id: string, createdAt: Date, docId: string): Pending => ({
  id,
  by: 42,
  createdAt: createdAt.toISOString(),
  fileName: `${id}.txt`,
  kind: "txt",
  originalKey: `originals/${id}.txt`,
  text: "正文",
  docId,
  overrides: {},
  notes: [],
});

describe("the sweep", () => {
  it("expires seen-update markers after two days, not before", async () => {
    const logs = captureLogs();
    await store.putIfUnchanged("updates/123456/1", "", null);
    await store.putIfUnchanged("updates/123456/2", "", null);
    const now = Date.now();
    expect((await sweepAt(new Date(now + MARKER_TTL_MS - 60_000))).markers).toBe(0);
    expect(await keys("updates/")).toHaveLength(2);
    expect((await sweepAt(new Date(now + MARKER_TTL_MS + 60_000))).markers).toBe(2);
    expect(await keys("updates/")).toEqual([]);
    // a sweep that removed something says what, in one line; one that removed nothing says nothing
    expect(logs.all).toEqual(["sweep: markers 2"]);
  });

  it("removes expired uploads and their orphaned originals; keeps what a pending upload or a kept version holds", async () => {
    const logs = captureLogs();
    const now = new Date();
    // a live upload, an expired one, and an original whose document went live
    // (made later than its original was stored: only the pending upload keeps that original)
    await savePending(store, pending("aaaaaaaaaa", new Date(now.getTime() + 20 * 3600_000), "u_live_pending"));
    await savePending(store, pending("bbbbbbbbbb", new Date(now.getTime() - 2 * DAY), "u_expired"));
    for (const id of ["aaaaaaaaaa", "bbbbbbbbbb"]) await store.put(`originals/${id}.txt`, "x", { name: `${id}.txt`, docId: id === "aaaaaaaaaa" ? "u_live_pending" : "u_expired" });
    const published = await publishVersion(store, (await rebuildIndex(bundled(), { remove: [bundled().documents[0].id] })).files, { by: "t", note: "t", now, bundled });
    const keptDoc = published.index.documents[0].id;
    await store.put("originals/kept.docx", "x", { name: "kept.docx", docId: keptDoc });
    await store.put("originals/cancelled.pdf", "x", { name: "cancelled.pdf", docId: "u_cancelled" });

    // a day and a bit later: the grace for originals has passed
    const report = await sweepAt(new Date(now.getTime() + DAY + 3600_000));
    // the expired upload, and the admin's "newest upload" pointer, which named it
    expect(report.pending).toBe(2);
    expect(await keys("pending/")).toEqual(["pending/aaaaaaaaaa.json"]);
    expect(report.originals).toBe(2);
    expect(await keys("originals/")).toEqual(["originals/aaaaaaaaaa.txt", "originals/kept.docx"]);
    expect(logs.all).toEqual(["sweep: pending 2, originals 2"]);
  });

  it("folds a day of questions into one object once it is over, and /stats counts the same", async () => {
    const logs = captureLogs();
    const day = new Date("2026-11-20T03:00:00Z"); // 11:00 in China
    const asked = [
      ["技改补贴", true],
      ["股票明天会涨吗", false],
      ["股票明天会涨吗？", false],
      ["护照怎么办", false],
      ["贷款贴息", true],
    ] as const;
    for (const [i, [q, answered]] of asked.entries()) await recordQuestion(store, q, answered, new Date(day.getTime() + i * 1000));
    const before = await questionStats(store, "2026-11-20", "2026-11-20");
    expect(before).toMatchObject({ asked: 5, answered: 2 });

    // not while the day (China time) is still going
    expect((await sweepAt(new Date("2026-11-20T15:55:00Z"))).statsDaysFolded).toBe(0);
    const report = await sweepAt(new Date(Date.parse("2026-11-20T16:00:00Z") + FOLD_AFTER_MS + 1000));
    expect(report.statsDaysFolded).toBe(1);
    expect(await keys("stats/")).toEqual(["stats/days/2026-11-20.json"]);
    expect(await questionStats(store, "2026-11-20", "2026-11-20")).toEqual(before);
    expect(before.unanswered[0]).toEqual({ question: "股票明天会涨吗", count: 2 });
    expect(chinaDay(day)).toBe("2026-11-20");
    expect(logs.all).toEqual(["sweep: statsDaysFolded 1"]);
  });

  it("never deletes what live.json names, nor a version younger than the grace", async () => {
    const logs = captureLogs();
    const now = new Date();
    const { entry } = await publishVersion(store, (await rebuildIndex(bundled(), { remove: [bundled().documents[1].id] })).files, { by: "t", note: "t", now, bundled });
    await store.put("index/versions/v20261101000000-00000000-abcdef/manifest.json", "{}");
    const report = await sweepAt(new Date(now.getTime() + 30 * DAY));
    expect(report.versions).toBe(1);
    expect([...new Set((await keys("index/versions/")).map((k) => k.split("/")[2]))]).toEqual([entry.id]);
    expect(logs.all).toEqual(["sweep: versions 1"]);
  });
});
