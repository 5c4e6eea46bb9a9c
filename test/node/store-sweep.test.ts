// The data folder of `npm start` (src/store/file-store.ts) under what a long-running bot leaves
// in it: listing reads only the prefix's folder, compare-and-swap holds a key lock across
// processes, and the sweep expires markers, folds question statistics, and removes temporary
// files and locks left by a killed process.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { captureLogs } from "../support/logs.js";

const readdirs: string[] = [];
vi.mock("node:fs/promises", async (original) => {
  const fs = await original<typeof import("node:fs/promises")>();
  return { ...fs, readdir: (path: string, ...rest: unknown[]) => (readdirs.push(String(path)), (fs.readdir as (...a: unknown[]) => unknown)(path, ...rest)) };
});

const { fileStore, STALE_TMP_MS } = await import("../../src/store/file-store.js");
const { sweep, MARKER_TTL_MS } = await import("../../src/manage/sweep.js");
const { createRefusalCounter } = await import("../../src/manage/refusals.js");
const { questionStats, recordQuestion } = await import("../../src/manage/question-stats.js");

let root: string;
let store: ReturnType<typeof fileStore>;
const roots: string[] = [];
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "zct-sweep-"));
  roots.push(root);
  store = fileStore(root);
  readdirs.length = 0;
});
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

const sweepAt = (at: Date) => sweep({ store, now: () => at, refusals: createRefusalCounter(() => at) }, { leftovers: () => store.sweepLeftovers(at.getTime()) });

describe("listing", () => {
  it("reads only the folder of the prefix, however much else the data folder holds", async () => {
    for (let i = 0; i < 300; i++) await store.putIfUnchanged(`updates/123/${i}`, "", null);
    await recordQuestion(store, "技改补贴", true, new Date("2026-11-22T03:00:00Z"));
    readdirs.length = 0;
    const listed = await store.list("stats/q/2026-11-22/");
    expect(listed).toHaveLength(1);
    expect(readdirs.every((d) => d.startsWith(join(root, "stats", "q", "2026-11-22")))).toBe(true);
    expect(readdirs.some((d) => d.includes("updates"))).toBe(false);
  });
});

describe("compare-and-swap across processes", () => {
  it("waits for another process's key lock, then writes", async () => {
    await store.put("index/live.json", "1");
    const v = (await store.getVersioned("index/live.json"))!.version;
    writeFileSync(join(root, "index", "live.json.lock"), "");
    let done = false;
    const cas = store.putIfUnchanged("index/live.json", "2", v).then((r) => ((done = true), r));
    await new Promise((r) => setTimeout(r, 150));
    expect(done).toBe(false);
    rmSync(join(root, "index", "live.json.lock"));
    expect(await cas).toBe(true);
    expect(await store.getText("index/live.json")).toBe("2");
  });

  it("takes over a key lock left by a killed process", async () => {
    mkdirSync(join(root, "index"), { recursive: true });
    writeFileSync(join(root, "index", "live.json.lock"), "");
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(root, "index", "live.json.lock"), old, old);
    expect(await store.putIfUnchanged("index/live.json", "1", null)).toBe(true);
  });
});

describe("the sweep, on Node", () => {
  it("expires markers, folds finished days, and removes temporary files left by a kill", async () => {
    const logs = captureLogs();
    const now = Date.now();
    await store.putIfUnchanged("updates/123/1", "", null);
    await recordQuestion(store, "股票明天会涨吗", false, new Date(now - 3 * 86_400_000));
    await recordQuestion(store, "技改补贴", true, new Date(now - 3 * 86_400_000));
    const day = new Date(now - 3 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
    const before = await questionStats(store, day, day);
    mkdirSync(join(root, "pending"), { recursive: true });
    writeFileSync(join(root, "pending", "x.json.123.abc.tmp"), "half");
    writeFileSync(join(root, "pending", "y.json.123.def.tmp"), "fresh");
    const old = new Date(now - STALE_TMP_MS - 60_000);
    utimesSync(join(root, "pending", "x.json.123.abc.tmp"), old, old);

    // now: only the temporary file older than an hour goes (the other may be a write in progress)
    expect(await store.sweepLeftovers(now)).toBe(1);
    expect(existsSync(join(root, "pending", "x.json.123.abc.tmp"))).toBe(false);
    expect(existsSync(join(root, "pending", "y.json.123.def.tmp"))).toBe(true);

    const report = await sweepAt(new Date(now + MARKER_TTL_MS + 60_000));
    expect(report).toMatchObject({ markers: 1, statsDaysFolded: 1, leftovers: 1 });
    expect(await store.list("updates/")).toEqual([]);
    expect(readdirSync(join(root, "stats", "days"))).toEqual([`${day}.json`]);
    expect(await questionStats(store, day, day)).toEqual(before);
    expect(logs.all).toEqual(["sweep: markers 1, statsDaysFolded 1, leftovers 1"]);
  });
});
