// A failure in the middle of a publish from the chat: the bot (the real one, inside workerd,
// over the real R2 binding) is given a store that fails where the test says. The admin is told
// nothing changed, and users keep getting answers from the version that was live.
import { env } from "cloudflare:test";
import type { Update } from "grammy/types";
import { beforeEach, describe, expect, it } from "vitest";
import { createBot } from "../../src/bot/bot.js";
import { readBotConfig } from "../../src/bot/config.js";
import type { ManageDeps } from "../../src/manage/deps.js";
import { createRefusalCounter } from "../../src/manage/refusals.js";
import { bundledIndex } from "../../src/search/bundled-index.js";
import type { BlobStore } from "../../src/store/blob-store.js";
import { LIVE_KEY } from "../../src/store/index-versions.js";
import { createLiveIndex } from "../../src/store/live-index.js";
import { r2Store } from "../../src/store/r2-store.js";
import { audited, captureLogs } from "../support/logs.js";
import { ADMIN, buttonsOf, calls, documentMessage, fileFor, press, reset, sentTexts, text, USER } from "../support/telegram-updates.js";

const real = r2Store((env as unknown as { STORE: R2Bucket }).STORE);
let failOn: ((key: string) => boolean) | undefined;
const store: BlobStore = {
  ...real,
  put: (key, value, meta) => (failOn?.(key) ? Promise.reject(new Error(`injected failure writing ${key}`)) : real.put(key, value, meta)),
  putIfUnchanged: (key, value, version) => (failOn?.(key) ? Promise.reject(new Error(`injected failure writing ${key}`)) : real.putIfUnchanged(key, value, version)),
};
const now = () => new Date();
const live = createLiveIndex({ store: () => store, bundled: bundledIndex, checkEveryMs: 0 });
const manage: ManageDeps = { store, live, bundled: bundledIndex, now, refusals: createRefusalCounter() };
const config = readBotConfig(env as Record<string, unknown>);
if (!config.ok) throw new Error(config.error);
const bot = createBot(config.config, { index: () => live.get(), now, manage: () => manage }, { log: () => undefined });
let updateId = 1;
const handle = (u: object) => bot.handleUpdate({ update_id: updateId++, ...u } as Update);

const POLICY = `十堰市支持氢能产业发展的若干措施
十政发〔2025〕3号
一、支持氢能装备制造
（一）对新建氢燃料电池生产线，按设备投资的15%给予补助，最高500万元。
十堰市人民政府
2025年1月10日`;

beforeEach(async () => {
  failOn = undefined;
  const keys = (await real.list("")).map((e) => e.key);
  if (keys.length) await real.delete(keys);
  await reset();
});

async function uploadAndConfirm() {
  await handle(documentMessage(ADMIN, await fileFor("氢能.txt", new TextEncoder().encode(POLICY))));
  const preview = (await calls("sendMessage")).at(-1)!;
  const confirm = buttonsOf(preview).find((b) => b.text === "确认上线")!.callback_data;
  await reset();
  await handle(press(ADMIN, confirm));
  return (await sentTexts()).join("\n");
}

const answerTo = async (q: string) => {
  await reset();
  await handle(text(USER, q));
  return (await sentTexts()).join("\n");
};

describe("a failure injected in the middle of a publish", () => {
  it.each([
    ["writing the new version's postings", (k: string) => k.endsWith("/postings.json"), /^writing version v\S+ to the store failed \(cause: Error: injected failure writing index\/versions\/v\S+\/postings\.json\)/],
    ["writing the new version's manifest", (k: string) => k.endsWith("/manifest.json") && k.startsWith("index/versions/"), /^writing version v\S+ to the store failed \(cause: Error: injected failure writing index\/versions\/v\S+\/manifest\.json\)/],
    ["switching index/live.json", (k: string) => k === LIVE_KEY, /^switching to v\S+ failed \(cause: Error: injected failure writing index\/live\.json\)/],
  ])("%s: the admin is told nothing changed, and the old version still answers", async (_, fault, logged) => {
    const logs = captureLogs();
    const before = await answerTo("技改补贴");
    failOn = fault;
    const reply = await uploadAndConfirm();
    expect(reply).toContain("❌ 没有成功，线上资料库没有变化");
    // the reason in words, not what the store said (keys, paths, raw errors stay in the server log)
    expect(reply).not.toMatch(/injected|index\/|\.json|Error/);
    expect(await real.getText(LIVE_KEY)).toBeNull();
    expect(await real.list("index/versions/")).toEqual([]);
    expect(live.version()).toBe("bundled");
    expect(await answerTo("技改补贴")).toBe(before);
    expect(await answerTo("氢燃料电池生产线补助")).not.toContain("十政发〔2025〕3号");
    // what the store said goes to the server log, with the failed action in the audit
    const failed = audited(logs).find((a) => a.action.startsWith("add "));
    expect(failed).toMatchObject({ by: "telegram:42", ok: false });
    expect(logs.errors).toHaveLength(1);
    expect(logs.errors[0]).toMatch(/^admin add u_[0-9a-f]{16} failed: PublishError: /);
    expect(logs.errors[0].slice(logs.errors[0].indexOf("PublishError: ") + "PublishError: ".length)).toMatch(logged);

    // the same upload goes through once the store works again
    failOn = undefined;
    const ok = await uploadAndConfirm();
    expect(ok).toContain("✅ 已上线");
    expect(await answerTo("氢燃料电池生产线补助")).toContain("十政发〔2025〕3号");
    expect(audited(logs).map((a) => [a.action.split(" ")[0], a.ok])).toEqual([
      ["upload", true],
      ["add", false],
      ["upload", true],
      ["add", true],
    ]);
    expect(logs.errors).toHaveLength(1);
  });
});
