// Publishes that race: the same content twice at once (a double tap on 确认上线, two identical
// POST /admin/index), a switch whose answer is lost, and a prune running while another writer's
// version is still in flight. Nothing may ever delete the files that index/live.json names.
import { env } from "cloudflare:test";
import { createApp } from "../../src/http/app.js";
import type { ManageDeps } from "../../src/manage/deps.js";
import { createRefusalCounter } from "../../src/manage/refusals.js";
import { beforeEach, describe, expect, it } from "vitest";
import { rebuildIndex } from "../../src/ingest/build/rebuild.js";
import { INDEX_FILES } from "../../src/ingest/build/serialise.js";
import { bundledIndex as bundled } from "../../src/search/bundled-index.js";
import type { BlobStore } from "../../src/store/blob-store.js";
import { LIVE_KEY, loadVersion, PRUNE_GRACE_MS, publishVersion, pruneVersions, readLive, rollbackVersion } from "../../src/store/index-versions.js";
import { publishChanges } from "../../src/manage/publish.js";
import { createLiveIndex } from "../../src/store/live-index.js";
import { r2Store } from "../../src/store/r2-store.js";
import { SAMPLE_POLICY } from "../fixtures/sample-policy.js";
import { beforeFirstSwitch } from "../support/stores.js";
import { TEST_WORKER_BINDINGS } from "../support/bot-api-stand-in.js";
import { audited, captureLogs } from "../support/logs.js";
import { ADMIN, buttonsOf, calls, documentMessage, fileFor, post, press, reset, sentTexts, text, USER } from "../support/telegram-updates.js";

const store = r2Store((env as unknown as { STORE: R2Bucket }).STORE);
const at = new Date("2026-11-22T08:00:00Z");
const opts = (extra: object = {}) => ({ by: "test", note: "test", now: at, bundled, ...extra });
const without = async (i: number) => (await rebuildIndex(bundled(), { remove: [bundled().documents[i].id] })).files;
const storedVersions = async () => [...new Set((await store.list("index/versions/")).map((e) => e.key.split("/")[2]))].sort();

beforeEach(async () => {
  const keys = (await store.list("")).map((e) => e.key);
  if (keys.length) await store.delete(keys);
});

/** Every file of the version live.json names is there, intact, and loads. */
async function liveVersionIsWhole() {
  const live = await readLive(store, bundled);
  for (const name of Object.values(INDEX_FILES)) expect(await store.getText(`index/versions/${live.current.id}/${name}`), name).not.toBeNull();
  await expect(loadVersion(store, live.current.id)).resolves.toBeDefined();
  return live;
}

describe("the same content published twice at once", () => {
  it("in the same second: one goes live, the other is told it is unchanged, and the live files stay", async () => {
    const files = await without(0);
    // A has written and checked its version; just before its switch, B (same files, same second) publishes completely.
    const racing = beforeFirstSwitch(store, () => publishVersion(store, files, opts()));
    const error = await publishVersion(racing, files, opts()).catch((e) => e);
    expect(error).toMatchObject({ step: "unchanged" });
    const live = await liveVersionIsWhole();
    expect(live.current.documents).toBe(4);
    expect(await storedVersions()).toEqual([live.current.id]);
    // the instance that follows live.json serves it
    const index = createLiveIndex({ store: () => store, bundled, checkEveryMs: 0 });
    expect((await index.get()).manifest.contentHash).toBe(live.current.contentHash);
    expect(index.version()).toBe(live.current.id);
  });

  it("through the admin API of two instances: one 200, one 409 publish_unchanged, and both serve the new version", async () => {
    const logs = captureLogs();
    const files = await without(2);
    // Both requests reach their switch before either has switched (a barrier on live.json).
    let waiting = 0;
    let release: () => void = () => undefined;
    const bothThere = new Promise<void>((r) => (release = r));
    const barrier: BlobStore = {
      ...store,
      putIfUnchanged: async (key, value, version) => {
        if (key === LIVE_KEY && ++waiting === 2) release();
        if (key === LIVE_KEY) await bothThere;
        return store.putIfUnchanged(key, value, version);
      },
    };
    const instances = [instance(barrier), instance(barrier)];
    const post = (app: ReturnType<typeof createApp>) =>
      app.fetch(
        new Request("https://example.com/admin/index", {
          method: "POST",
          headers: { authorization: `Bearer ${TEST_WORKER_BINDINGS.ADMIN_TOKEN}`, "content-type": "application/json" },
          body: JSON.stringify({ files, note: "twice" }),
        }),
        env as unknown as Record<string, unknown>,
      );
    const responses = await Promise.all(instances.map(post));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { ok?: boolean; error?: string }[];
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(bodies.find((b) => !b.ok)!.error).toBe("publish_unchanged");
    const live = await liveVersionIsWhole();
    expect(await storedVersions()).toEqual([live.current.id]);
    for (const app of instances) {
      const health = (await (await app.fetch(new Request("https://example.com/healthz"), {})).json()) as { version: string; index: { documents: number } };
      expect(health).toMatchObject({ version: live.current.id, index: { documents: 4 } });
    }
    // both attempts are in the audit: the one that lost says the same index went live meanwhile
    expect(audited(logs).map((a) => [a.by, a.action, a.ok]).sort()).toEqual([
      ["api", "publish", false],
      ["api", "publish", true],
    ]);
    expect(audited(logs).find((a) => !a.ok)!.detail).toBe(`the same index went live meanwhile (${live.current.id})`);
  });
});

/** An app as one worker instance runs it, over the given store, at a fixed time. */
function instance(over: BlobStore) {
  const live = createLiveIndex({ store: () => over, bundled, checkEveryMs: 0 });
  const manage: ManageDeps = { store: over, live, bundled, now: () => at, refusals: createRefusalCounter() };
  return createApp({ index: () => live.get(), manage: () => manage, version: () => live.version() });
}

describe("a switch whose answer is lost", () => {
  it("is a success when live.json names the new version, and its files are kept", async () => {
    const lossy: BlobStore = {
      ...store,
      putIfUnchanged: async (key, value, version) => {
        const written = await store.putIfUnchanged(key, value, version);
        if (key === LIVE_KEY && written) throw new Error("connection reset after the write");
        return written;
      },
    };
    const { entry } = await publishVersion(lossy, await without(1), opts());
    const live = await liveVersionIsWhole();
    expect(live.current.id).toBe(entry.id);
  });
});

describe("pruning", () => {
  it("leaves a version another writer is about to switch to, and removes it once it is stale", async () => {
    const inFlight = "v20261122075959-0123abcd-zzzzzz";
    const files = await without(3);
    for (const [name, text] of Object.entries(files)) await store.put(`index/versions/${inFlight}/${name}`, text);
    const { entry } = await publishVersion(store, await without(4), opts());
    expect(await storedVersions()).toEqual([inFlight, entry.id].sort());
    expect(await pruneVersions(store, new Date(at.getTime() + PRUNE_GRACE_MS + 60_000))).toEqual([inFlight]);
    expect(await storedVersions()).toEqual([entry.id]);
  });

  it("never deletes what live.json names, however old", async () => {
    const { entry } = await publishVersion(store, await without(0), opts());
    expect(await pruneVersions(store, new Date(at.getTime() + 365 * 86_400_000))).toEqual([]);
    await liveVersionIsWhole();
    expect(await storedVersions()).toEqual([entry.id]);
  });
});

describe("a double tap on 确认上线", () => {
  it("publishes once: one 已上线, the other press changes nothing, and the new version answers", async () => {
    const logs = captureLogs();
    await reset();
    await post(documentMessage(ADMIN, await fileFor("襄阳数字经济.txt", new TextEncoder().encode(SAMPLE_POLICY))));
    const preview = (await calls("sendMessage")).at(-1)!;
    const confirm = buttonsOf(preview).find((b) => b.text === "确认上线")!.callback_data;
    await reset();
    const statuses = await Promise.all([post(press(ADMIN, confirm)), post(press(ADMIN, confirm))]);
    expect(statuses.map((r) => r.status)).toEqual([200, 200]);
    const replies = await sentTexts();
    expect(replies.filter((t) => t.includes("✅ 已上线"))).toHaveLength(1);
    expect(replies.filter((t) => t.includes("❌"))).toEqual([]);
    const live = await liveVersionIsWhole();
    expect(live.current.documents).toBe(6);
    expect(await storedVersions()).toEqual([live.current.id]);
    await reset();
    await post(text(USER, "襄阳数字化改造投资补助多少"));
    expect((await sentTexts()).join("\n")).toContain("襄政发〔2024〕8号");
    // both presses are in the audit: one publish; the other, depending on when it came, found the
    // upload already gone or is a publish that changed nothing
    const [upload, ...presses] = audited(logs);
    expect(upload).toMatchObject({ action: "upload", ok: true });
    expect(presses.map((a) => [a.action.split(" ")[0], a.ok]).sort()).toEqual([
      ["add", false],
      ["add", true],
    ]);
    expect(presses.find((a) => !a.ok)!.detail).toMatch(/^(unchanged: this index is already live \(v\S+\)|pending \S+: missing)$/);
  });
});

describe("a live version that cannot be loaded", () => {
  it("is logged once, not at every check, and a publish built on it is refused as broken, not as a conflict", async () => {
    const { entry } = await publishVersion(store, await without(0), opts());
    await store.delete(`index/versions/${entry.id}/documents.json`);
    const logged: string[] = [];
    const live = createLiveIndex({ store: () => store, bundled, checkEveryMs: 0, log: (m) => void logged.push(m) });
    for (let i = 0; i < 5; i++) await live.get();
    expect(logged).toEqual([`live index: could not load the live version ${entry.id}; serving bundled`]);
    expect(live.unloadable()).toBe(entry.id);
    const deps: ManageDeps = { store, live, bundled, now: () => at, refusals: createRefusalCounter() };
    await expect(publishChanges(deps, { remove: [bundled().documents[1].id] }, "test", "test")).rejects.toMatchObject({ step: "broken" });
    // /rollback mends it
    await rollbackVersion(store, { bundled });
    await live.get();
    expect(live.unloadable()).toBeUndefined();
    expect(logged.at(-1)).toBe("live index: version bundled loaded again after a failure");
  });
});
