// Index versions in R2 (the STORE binding, local in workerd): publish is atomic and checked,
// a failure at any step leaves the live version answering, the last versions are kept for
// rollback, and every instance picks up a new version within its check interval.
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { rebuildIndex } from "../../src/ingest/build/rebuild.js";
import { search } from "../../src/search/engine.js";
import { bundledIndex } from "../../src/search/bundled-index.js";
import type { BlobStore } from "../../src/store/blob-store.js";
import { checkFiles, LIVE_KEY, publishVersion, PublishError, readLive, rollbackVersion, KEEP_VERSIONS } from "../../src/store/index-versions.js";
import { createLiveIndex } from "../../src/store/live-index.js";
import { r2Store } from "../../src/store/r2-store.js";
import { beforeFirstSwitch } from "../support/stores.js";

const bucket = (env as unknown as { STORE: R2Bucket }).STORE;
const store = r2Store(bucket);
const bundled = bundledIndex;
const now = () => new Date("2026-11-22T08:00:00Z");
const opts = (extra: object = {}) => ({ by: "test", note: "test", now: now(), bundled, ...extra });

async function clear() {
  const keys = (await store.list("")).map((e) => e.key);
  if (keys.length) await store.delete(keys);
}
beforeEach(clear);

/** The bundled index without one document: a real, different version. */
const without = async (i: number) => (await rebuildIndex(bundled(), { remove: [bundled().documents[i].id] })).files;
const topIds = async (ix: Parameters<typeof search>[0], q: string) => (await search(ix, q, { k: 3 })).results.map((r) => r.docId);

/** A store whose puts or reads fail or lie where the test says. */
function faulty(inner: BlobStore, fault: { failPut?: (key: string) => boolean; corruptRead?: (key: string) => boolean }): BlobStore {
  return {
    ...inner,
    put: async (key, value, meta) => {
      if (fault.failPut?.(key)) throw new Error(`injected failure writing ${key}`);
      return inner.put(key, value, meta);
    },
    putIfUnchanged: async (key, value, version) => {
      if (fault.failPut?.(key)) throw new Error(`injected failure writing ${key}`);
      return inner.putIfUnchanged(key, value, version);
    },
    getText: async (key) => {
      const text = await inner.getText(key);
      return text !== null && fault.corruptRead?.(key) ? text.replace(/"/, "'") : text;
    },
  };
}

describe("publish", () => {
  it("serves the bundled index until something is published", async () => {
    const live = await readLive(store, bundled);
    expect(live.current).toMatchObject({ id: "bundled", contentHash: bundled().manifest.contentHash, documents: 5 });
    expect(live.history).toEqual([]);
    const index = createLiveIndex({ store: () => store, bundled });
    expect((await index.get()).manifest.contentHash).toBe(bundled().manifest.contentHash);
    expect(index.version()).toBe("bundled");
  });

  it("writes a version, checks it, then switches; rollback goes back", async () => {
    const files = await without(0);
    const { entry, live } = await publishVersion(store, files, opts());
    expect(entry.id).toMatch(/^v20261122080000-[0-9a-f]{8}-[0-9a-z]{6}$/);
    expect(entry).toMatchObject({ documents: 4, by: "test" });
    expect(live.history.map((h) => h.id)).toEqual(["bundled"]);
    for (const name of Object.keys(files)) expect(await store.getText(`index/versions/${entry.id}/${name}`)).toBe(files[name]);

    const index = createLiveIndex({ store: () => store, bundled, checkEveryMs: 0 });
    const served = await index.get();
    expect(index.version()).toBe(entry.id);
    expect(served.documents.map((d) => d.id)).not.toContain(bundled().documents[0].id);

    const back = await rollbackVersion(store, { bundled });
    expect(back.to.id).toBe("bundled");
    expect((await index.get()).manifest.contentHash).toBe(bundled().manifest.contentHash);
    await expect(rollbackVersion(store, { bundled })).rejects.toMatchObject({ step: "rollback" });
  });

  it("refuses files that do not match their manifest, before writing anything", async () => {
    const files = await without(1);
    await expect(checkFiles({ ...files, "postings.json": files["postings.json"].replace("1", "2") })).rejects.toThrow(/postings.json does not match the manifest/);
    const { ["lexicon.json"]: _, ...missing } = files;
    await expect(publishVersion(store, missing, opts())).rejects.toThrow(/missing index files: lexicon.json/);
    await expect(publishVersion(store, { ...files, "manifest.json": "{}" }, opts())).rejects.toMatchObject({ step: "check" });
    expect(await store.list("")).toEqual([]);
  });

  it("refuses the version already live, and one built on a version that is no longer live", async () => {
    const files = await without(1);
    await publishVersion(store, files, opts());
    await expect(publishVersion(store, files, opts())).rejects.toMatchObject({ step: "unchanged" });
    await expect(publishVersion(store, await without(2), opts({ expectCurrent: "bundled" }))).rejects.toMatchObject({ step: "conflict" });
  });

  it.each([
    ["writing a file", { failPut: (k: string) => k.endsWith("/postings.json") }, "write"],
    ["switching the pointer", { failPut: (k: string) => k === LIVE_KEY }, "switch"],
    ["reading it back (a file changed in the store)", { corruptRead: (k: string) => k.endsWith("/documents.json") }, "verify"],
  ])("a failure %s leaves the previous version live and answering", async (_, fault, step) => {
    const first = await publishVersion(store, await without(3), opts());
    const index = createLiveIndex({ store: () => store, bundled, checkEveryMs: 0 });
    const before = await topIds(await index.get(), "技改补贴");

    const error = await publishVersion(faulty(store, fault), await without(4), opts()).catch((e) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect(error.step).toBe(step);

    expect((await readLive(store, bundled)).current.id).toBe(first.entry.id);
    expect(await topIds(await index.get(), "技改补贴")).toEqual(before);
    expect(index.version()).toBe(first.entry.id);
    // nothing of the failed version is left behind
    const versions = new Set((await store.list("index/versions/")).map((e) => e.key.split("/")[2]));
    expect([...versions]).toEqual([first.entry.id]);
  });

  it(`keeps the live version and the ${KEEP_VERSIONS - 1} before it, and deletes older ones`, async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await publishVersion(store, await without(i), opts({ now: new Date(Date.UTC(2026, 10, 22, 8, i)) }))).entry.id);
    ids.push((await publishVersion(store, (await rebuildIndex(bundled(), {})).files, opts({ now: new Date(Date.UTC(2026, 10, 22, 9)) }))).entry.id);
    const live = await readLive(store, bundled);
    expect(live.current.id).toBe(ids[5]);
    expect(live.history.map((h) => h.id)).toEqual([ids[4], ids[3], ids[2], ids[1]]);
    const stored = [...new Set((await store.list("index/versions/")).map((e) => e.key.split("/")[2]))].sort();
    expect(stored).toEqual([ids[1], ids[2], ids[3], ids[4], ids[5]].sort());
  });
});

describe("two publishes at once", () => {
  it("one wins; the other is refused before its switch, and leaves nothing behind", async () => {
    // Just before A switches, B publishes and switches completely.
    const racing = beforeFirstSwitch(store, async () => publishVersion(store, await without(1), opts({ now: new Date("2026-11-22T08:00:01Z") })));
    const error = await publishVersion(racing, await without(0), opts()).catch((e) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect(error.step).toBe("conflict");
    const live = await readLive(store, bundled);
    expect(live.current.documents).toBe(4);
    expect(live.current.id).toMatch(new RegExp(`^v20261122080001-${live.current.contentHash.slice(0, 8)}-[0-9a-z]{6}$`));
    expect(live.history.map((h) => h.id)).toEqual(["bundled"]);
    const versions = new Set((await store.list("index/versions/")).map((e) => e.key.split("/")[2]));
    expect([...versions]).toEqual([live.current.id]);
  });

  it("R2's compare-and-swap: only if absent, only if unchanged", async () => {
    expect(await store.putIfUnchanged("cas", "a", null)).toBe(true);
    expect(await store.putIfUnchanged("cas", "b", null)).toBe(false);
    const first = (await store.getVersioned("cas"))!;
    expect(first.text).toBe("a");
    expect(await store.putIfUnchanged("cas", "c", first.version)).toBe(true);
    expect(await store.putIfUnchanged("cas", "d", first.version)).toBe(false);
    expect((await store.getVersioned("cas"))!.text).toBe("c");
  });
});

describe("every instance serves the newest version within its check interval", () => {
  it("reads the pointer at most once per interval and loads a new version once", async () => {
    let clock = 0;
    const reads: string[] = [];
    const counting: BlobStore = {
      ...store,
      getText: (k) => (reads.push(k), store.getText(k)),
      getVersioned: (k) => (reads.push(k), store.getVersioned(k)),
    };
    const other = createLiveIndex({ store: () => counting, bundled, checkEveryMs: 5_000, clock: () => clock });
    expect(other.version()).toBeUndefined();
    await other.get();
    expect(other.version()).toBe("bundled");
    for (let i = 0; i < 20; i++) await other.get();
    expect(reads).toEqual([LIVE_KEY]);

    const { entry } = await publishVersion(store, await without(2), opts());
    clock = 4_999;
    await other.get();
    expect(other.version()).toBe("bundled"); // within the interval: the version it had
    clock = 5_000;
    const fresh = await other.get();
    expect(other.version()).toBe(entry.id);
    expect(fresh.documents).toHaveLength(4);
    const loads = reads.filter((k) => k.includes("/versions/")).length;
    for (let i = 0; i < 5; i++) {
      clock += 5_000;
      await other.get();
    }
    expect(reads.filter((k) => k.includes("/versions/")).length).toBe(loads); // checked, not reloaded
  });

  it("keeps serving what it has when the store cannot be read", async () => {
    const { entry } = await publishVersion(store, await without(0), opts());
    let broken = false;
    const down = () => Promise.reject(new Error("R2 down"));
    const flaky: BlobStore = {
      ...store,
      getText: (k) => (broken ? down() : store.getText(k)),
      getVersioned: (k) => (broken ? down() : store.getVersioned(k)),
    };
    const logged: string[] = [];
    const index = createLiveIndex({ store: () => flaky, bundled, checkEveryMs: 0, log: (m) => logged.push(m) });
    await index.get();
    broken = true;
    expect((await index.get()).documents).toHaveLength(4);
    expect(index.version()).toBe(entry.id);
    expect(logged[0]).toMatch(/could not read the live version; serving v/);
  });
});
