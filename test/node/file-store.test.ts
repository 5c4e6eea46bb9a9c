// The data folder `npm start` keeps versions, uploads and statistics in (src/store/file-store.ts).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileStore } from "../../src/store/file-store.js";

const root = mkdtempSync(join(tmpdir(), "zct-store-"));
const store = fileStore(root);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("file store", () => {
  it("writes, reads, lists with metadata and deletes", async () => {
    await store.put("a/b/c.json", '{"x":1}', { name: "原件.docx" });
    await store.put("a/d.bin", new Uint8Array([1, 2, 3]));
    expect(await store.getText("a/b/c.json")).toBe('{"x":1}');
    expect(await store.get("a/d.bin")).toEqual(new Uint8Array([1, 2, 3]));
    expect(await store.get("a/none")).toBeNull();
    const listed = await store.list("a/");
    expect(listed.map(({ key, meta }) => ({ key, meta }))).toEqual([
      { key: "a/b/c.json", meta: { name: "原件.docx" } },
      { key: "a/d.bin", meta: {} },
    ]);
    // when each was written (what the sweep expires by)
    for (const e of listed) expect(Math.abs(Date.now() - e.uploaded)).toBeLessThan(60_000);
    await store.delete(["a/b/c.json", "a/d.bin"]);
    expect(await store.list("a/")).toEqual([]);
    // no temporary files left behind
    expect(readdirSync(join(root, "a")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses keys that would leave the folder", async () => {
    for (const key of ["../x", "a/../../x", "/abs", "a//b", ""]) await expect(store.put(key, "x"), key).rejects.toThrow(/bad store key/);
  });

  it("compare-and-swap: only if absent, only if unchanged, one writer at a time", async () => {
    expect(await store.putIfUnchanged("live.json", "1", null)).toBe(true);
    expect(await store.putIfUnchanged("live.json", "2", null)).toBe(false);
    const v1 = (await store.getVersioned("live.json"))!;
    // two writers from the same version: exactly one wins
    const results = await Promise.all([store.putIfUnchanged("live.json", "A", v1.version), store.putIfUnchanged("live.json", "B", v1.version)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(["A", "B"]).toContain(await store.getText("live.json"));
  });
});
