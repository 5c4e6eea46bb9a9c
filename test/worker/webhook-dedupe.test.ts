// A repeated update_id is answered once even when Telegram's retry reaches another worker
// instance: two apps (two instances' worth of memory) over the same R2 bucket.
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.js";
import type { ManageDeps } from "../../src/manage/deps.js";
import { createRefusalCounter } from "../../src/manage/refusals.js";
import { bundledIndex } from "../../src/search/bundled-index.js";
import type { BlobStore } from "../../src/store/blob-store.js";
import { createLiveIndex } from "../../src/store/live-index.js";
import { r2Store } from "../../src/store/r2-store.js";
import { captureLogs } from "../support/logs.js";
import { calls, reset, SECRET } from "../support/telegram-updates.js";

const real = r2Store((env as unknown as { STORE: R2Bucket }).STORE);
const bindings = env as unknown as Record<string, unknown>;

function instance(store: BlobStore) {
  const live = createLiveIndex({ store: () => store, bundled: bundledIndex, checkEveryMs: 0 });
  const manage: ManageDeps = { store, live, bundled: bundledIndex, now: () => new Date(), refusals: createRefusalCounter() };
  return createApp({ index: () => live.get(), manage: () => manage });
}

const update = (id: number) => ({
  update_id: id,
  message: { message_id: 1, date: 1, chat: { id: 1001, type: "private" }, from: { id: 1001, is_bot: false, first_name: "张" }, text: "技改补贴" },
});
const post = (app: ReturnType<typeof createApp>, body: object) =>
  app.fetch(
    new Request("https://example.com/telegram/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: JSON.stringify(body),
    }),
    bindings,
  );

beforeEach(async () => {
  const keys = (await real.list("")).map((e) => e.key);
  if (keys.length) await real.delete(keys);
  await reset();
});

describe("update_id across instances", () => {
  it("the second instance to get an update answers it as a duplicate and sends nothing", async () => {
    const [a, b] = [instance(real), instance(real)];
    expect(await (await post(a, update(900001))).json()).toEqual({ ok: true });
    const sent = (await calls("sendMessage")).length;
    expect(sent).toBeGreaterThan(0);
    expect(await (await post(b, update(900001))).json()).toEqual({ ok: true, duplicate: true });
    expect((await calls("sendMessage")).length).toBe(sent);
    expect((await real.list("updates/")).map((e) => e.key)).toEqual(["updates/123456/900001"]);
  });

  it("a store that fails does not lose the update", async () => {
    const logs = captureLogs();
    const broken: BlobStore = { ...real, putIfUnchanged: () => Promise.reject(new Error("R2 down")) };
    expect(await (await post(instance(broken), update(900002))).json()).toEqual({ ok: true });
    expect((await calls("sendMessage")).length).toBeGreaterThan(0);
    // the store's failure is logged, once, and the update is answered anyway
    expect(logs.errors).toHaveLength(1);
    expect(logs.errors[0]).toMatch(/^telegram update 900002: could not record it as seen: Error: R2 down\n\s+at /);
  });
});
