// Two admins: an upload belongs to the admin who sent it; another admin's 确认上线 or 取消 is
// told so, and nothing changes.
import { env } from "cloudflare:test";
import type { Update } from "grammy/types";
import { beforeEach, describe, expect, it } from "vitest";
import { createBot } from "../../src/bot/bot.js";
import { readBotConfig } from "../../src/bot/config.js";
import type { ManageDeps } from "../../src/manage/deps.js";
import { createRefusalCounter } from "../../src/manage/refusals.js";
import { bundledIndex } from "../../src/search/bundled-index.js";
import { createLiveIndex } from "../../src/store/live-index.js";
import { r2Store } from "../../src/store/r2-store.js";
import { SAMPLE_POLICY } from "../fixtures/sample-policy.js";
import { audited, captureLogs } from "../support/logs.js";
import { ADMIN, buttonsOf, calls, documentMessage, fileFor, press, reset, sentTexts } from "../support/telegram-updates.js";

const store = r2Store((env as unknown as { STORE: R2Bucket }).STORE);
const live = createLiveIndex({ store: () => store, bundled: bundledIndex, checkEveryMs: 0 });
const manage: ManageDeps = { store, live, bundled: bundledIndex, now: () => new Date(), refusals: createRefusalCounter() };
const config = readBotConfig({ ...(env as Record<string, unknown>), ADMIN_IDS: "42,43" });
if (!config.ok) throw new Error(config.error);
const bot = createBot(config.config, { index: () => live.get(), now: () => new Date(), manage: () => manage });
const OTHER = { ...ADMIN, id: 43, first_name: "另一位管理员" };
let updateId = 1;
const handle = (u: object) => bot.handleUpdate({ update_id: updateId++, ...u } as Update);

beforeEach(async () => {
  const keys = (await store.list("")).map((e) => e.key);
  if (keys.length) await store.delete(keys);
  await reset();
});

describe("another admin's upload", () => {
  it("取消 and 确认上线 from another admin are refused as such; the uploader's still work", async () => {
    const logs = captureLogs();
    await handle(documentMessage(ADMIN, await fileFor("襄阳.txt", new TextEncoder().encode(SAMPLE_POLICY))));
    const preview = (await calls("sendMessage")).at(-1)!;
    const [confirm, cancel] = ["确认上线", "取消"].map((label) => buttonsOf(preview).find((b) => b.text === label)!.callback_data);

    await reset();
    await handle(press(OTHER, cancel));
    expect(await sentTexts()).toEqual(["这是另一位管理员上传的文件，只有上传者本人可以确认或取消。资料库没有变化。"]);
    await reset();
    await handle(press(OTHER, confirm));
    expect(await sentTexts()).toEqual(["这是另一位管理员上传的文件，只有上传者本人可以确认或取消。资料库没有变化。"]);
    expect(await store.getText("index/live.json")).toBeNull();

    // the upload is still there for its owner
    await reset();
    await handle(press(ADMIN, confirm));
    expect((await sentTexts()).join("\n")).toContain("✅ 已上线");
    // the refused 取消 and 确认上线 are in the audit, with who tried them
    expect(audited(logs)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ by: "telegram:43", action: "cancel", ok: false, detail: expect.stringMatching(/: other-admin$/) }),
        expect.objectContaining({ by: "telegram:43", action: "add", ok: false, detail: expect.stringMatching(/: other-admin$/) }),
        expect.objectContaining({ by: "telegram:42", action: expect.stringMatching(/^add /), ok: true }),
      ]),
    );
    expect(logs.errors).toEqual([]);
  });
});
