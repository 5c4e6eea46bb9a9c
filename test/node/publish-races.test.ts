// Node (the data folder of `npm start`): two publishes of the same content at once. Before
// version ids became unique, both got v<second>-<hash8> and the loser's clean-up deleted the
// winner's files, leaving live.json naming an empty version.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rebuildIndex } from "../../src/ingest/build/rebuild.js";
import { readIndexDir } from "../../src/node/index-dir.js";
import { fileStore } from "../../src/store/file-store.js";
import { loadVersion, publishVersion, readLive } from "../../src/store/index-versions.js";
import { createLiveIndex } from "../../src/store/live-index.js";
import { ROOT } from "./helpers.js";

const root = mkdtempSync(join(tmpdir(), "zct-races-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const bundledIndex = readIndexDir(join(ROOT, "index"));
const bundled = () => bundledIndex;

describe("two publishes of the same content at once, in a data folder", () => {
  it("one goes live and stays whole; the other is told it is unchanged", async () => {
    const store = fileStore(root);
    const { files } = await rebuildIndex(bundledIndex, { remove: [bundledIndex.documents[0].id] });
    const now = new Date("2026-11-22T08:00:00Z");
    const results = await Promise.allSettled([0, 1].map(() => publishVersion(store, files, { by: "test", note: "twice", now, bundled })));
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ step: "unchanged" });

    const live = await readLive(store, bundled);
    expect(live.current.documents).toBe(4);
    await expect(loadVersion(store, live.current.id)).resolves.toBeDefined();
    expect([...new Set((await store.list("index/versions/")).map((e) => e.key.split("/")[2]))]).toEqual([live.current.id]);
    const index = createLiveIndex({ store: () => store, bundled, checkEveryMs: 0 });
    await index.get();
    expect(index.version()).toBe(live.current.id);
  });
});
