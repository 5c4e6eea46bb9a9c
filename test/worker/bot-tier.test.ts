// The bot on the search tier, inside workerd: real-shaped updates posted to the real webhook route
// of a worker whose SEARCH_TIER names Miniflare's D1 shards (TIER_0, TIER_1), the Bot API root
// pointed at the local stand-in (test/support/bot-api-stand-in.ts). The tier holds a library the
// worker's own index does not (the titled policies, a repealed document and its replacement):
// what the bot sends must come from the tier, with buttons that work against it.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/worker.js";
import { d1Db } from "../../src/db/d1.js";
import { switchTier, writeTierVersion } from "../../src/tier/publish.js";
import { tierSource } from "../../src/tier/source.js";
import { tierLibrary } from "../../src/bot/library.js";
import { LIBRARY_UNAVAILABLE, STALE_BUTTON } from "../../src/bot/texts.js";
import { confirmPair, pendingPairs } from "../../src/feedback/confirmed.js";
import { searchSource } from "../../src/search/engine.js";
import { CONFIRMED_QUESTION, runnerUp } from "../fixtures/confirmed-checks.js";
import { fileFor } from "../support/telegram-updates.js";
import { encodeButton } from "../../src/bot/callback-data.js";
import type { LoadedIndex } from "../../src/search/load-index.js";
import { tierCorpus } from "../fixtures/tier-checks.js";
import { captureLogs } from "../support/logs.js";

const API = "https://botapi.test";
const SECRET = (env as Record<string, string>).WEBHOOK_SECRET;
const USER = { id: 1001, is_bot: false, first_name: "张三", language_code: "zh-hans" };
const PRIVATE = { id: 1001, type: "private", first_name: "张三" };
const bound = env as unknown as { TIER_0: D1Database; TIER_1: D1Database };
const TIER = { SEARCH_TIER: "TIER_0,TIER_1" };

interface Call {
  method: string;
  params: Record<string, any>;
}
type Button = { text: string; callback_data?: string };

let nextUpdateId = Math.floor(Math.random() * 1e6) * 100 + 50;
let nextMessageId = 1;

async function post(update: object, extra: Record<string, unknown> = TIER) {
  const ctx = createExecutionContext();
  const request = new Request("https://example.com/telegram/webhook", { method: "POST", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET }, body: JSON.stringify(update) });
  const response = await worker.fetch(request, { ...env, ...extra } as never, ctx);
  await waitOnExecutionContext(ctx);
  expect(response.status).toBe(200);
}

const ask = (text: string, extra?: Record<string, unknown>) => post({ update_id: nextUpdateId++, message: { message_id: nextMessageId++, date: 1763800000, chat: PRIVATE, from: USER, text } }, extra);
const press = (data: string, messageText: string, extra?: Record<string, unknown>) =>
  post({ update_id: nextUpdateId++, callback_query: { id: `cb${nextUpdateId}`, from: USER, chat_instance: "1", data, message: { message_id: 9, date: 1, chat: PRIVATE, text: messageText } } }, extra);

async function calls(method = "sendMessage"): Promise<Call[]> {
  return ((await (await fetch(`${API}/__control/calls`)).json()) as Call[]).filter((c) => c.method === method);
}
const reset = () => fetch(`${API}/__control/reset`, { method: "POST" });
const textOf = (messages: Call[]) => messages.map((m) => m.params.text as string).join("\n");
const buttonsOf = (call: Call | undefined) => (call?.params.reply_markup?.inline_keyboard ?? []).flat() as Button[];

let library: LoadedIndex;
let version: string;

beforeAll(async () => {
  library = await tierCorpus();
  const shards = [d1Db(bound.TIER_0), d1Db(bound.TIER_1)];
  const v = `b${Date.now().toString(36)}`;
  await writeTierVersion(shards, library, v);
  await switchTier(shards[0], v, new Date());
  version = tierLibrary(await tierSource(shards)).version;
});

beforeEach(async () => {
  await reset();
});

const ADMIN = { id: 42, is_bot: false, first_name: "管理员", language_code: "zh-hans" };
const ADMIN_CHAT = { id: 42, type: "private", first_name: "管理员" };
const adminSays = (command: string) => {
  const name = command.split(" ")[0];
  return post({ update_id: nextUpdateId++, message: { message_id: nextMessageId++, date: 1763800000, chat: ADMIN_CHAT, from: ADMIN, text: command, entities: [{ type: "bot_command", offset: 0, length: name.length }] } });
};
const HYDROGEN = `丁市关于支持氢能产业发展的若干措施
一、对新建加氢站的企业，按建设投资的20%给予补助，单站最高100万元。
二、对氢燃料电池汽车示范运营企业，按运营里程给予奖励。`;

const title = (id: string) => library.documents.find((d) => d.id === id)!.title;

describe("the bot with SEARCH_TIER", () => {
  it("answers from the tier's library, with buttons that carry the tier's version; without SEARCH_TIER, from its own index", async () => {
    await ask("会展业有什么场地支持");
    const answer = await calls();
    expect(textOf(answer)).toContain(title("u_exhibition"));
    const buttons = buttonsOf(answer.at(-1));
    const data = buttons.flatMap((b) => (b.callback_data && /^[cmd]:/.test(b.callback_data) ? [b.callback_data] : []));
    expect(data.length).toBeGreaterThan(0);
    for (const d of data) expect(d.split(":")[1]).toBe(version);

    await reset();
    await ask("会展业有什么场地支持", {});
    expect(textOf(await calls())).not.toContain(title("u_exhibition"));
  });

  it("查看原文, 来源文件 and 更多结果 read the tier", async () => {
    await ask("会展业有什么场地支持");
    const buttons = buttonsOf((await calls()).at(-1));
    const question = "问：会展业有什么场地支持\n…";

    const view = buttons.find((b) => b.text.startsWith("查看原文"))!;
    await reset();
    await press(view.callback_data!, question);
    expect((await calls("answerCallbackQuery"))[0].params.show_alert).toBeFalsy();
    const clause = textOf(await calls());
    expect(clause).toContain("出处：");
    expect(clause).toContain(title("u_exhibition"));

    const source = buttons.find((b) => b.text.startsWith("来源文件"))!;
    await reset();
    await press(source.callback_data!, question);
    expect(textOf(await calls())).toContain(title("u_exhibition"));

    const more = buttons.find((b) => b.text === "更多结果");
    expect(more).toBeDefined();
    await reset();
    await press(more!.callback_data!, question);
    const page = await calls();
    expect(page.length).toBeGreaterThan(0);
    expect(textOf(page)).toContain("问：会展业有什么场地支持");
    expect(textOf(page)).toMatch(/【1】《[^》]+》/);
  });

  it("cites a repealed document with the one that replaces it, from the tier's rows", async () => {
    await ask("戊市中小企业数字化改造补助");
    const text = textOf(await calls());
    expect(text).toContain(title("u_digital"));
    expect(text).toContain(`被《${title("u_digital_2027")}》`);
  });

  it("says a button from another library is stale, and a clause number it does not hold is unknown", async () => {
    await press(encodeButton({ kind: "clause", clause: 0 }, "00000000"), "问：x");
    expect((await calls("answerCallbackQuery"))[0].params).toMatchObject({ text: STALE_BUTTON, show_alert: true });
    await reset();
    await press(encodeButton({ kind: "clause", clause: 10_000_000 }, version), "问：x");
    expect((await calls("answerCallbackQuery"))[0].params).toMatchObject({ show_alert: true });
    expect(await calls()).toEqual([]);
  });

  it("answers inline queries from the tier", async () => {
    await post({ update_id: nextUpdateId++, inline_query: { id: "iq-tier", from: USER, query: "会展业场地支持", offset: "" } });
    const [call] = await calls("answerInlineQuery");
    expect(call.params.inline_query_id).toBe("iq-tier");
    const results = call.params.results as { id: string; input_message_content: { message_text: string } }[];
    expect(results.length).toBeGreaterThan(0);
    expect(results.map((r) => r.input_message_content.message_text).join("\n")).toContain(title("u_exhibition"));
    for (const r of results) expect(r.id.startsWith(`${version}:`)).toBe(true);
  });

  it("links to the web pages, which read the tier too", async () => {
    const withPages = { ...TIER, PUBLIC_BASE_URL: "https://zhengcetong.example.cn" };
    await ask("会展业有什么场地支持", withPages);
    const links = (await calls()).flatMap((m) => buttonsOf(m)).flatMap((b) => ("url" in b ? [(b as { url: string }).url] : []));
    const documentLink = links.find((u) => u.includes("/d/u_exhibition"));
    const answerLink = links.find((u) => u.includes("/q?"));
    expect(documentLink).toBeDefined();
    expect(answerLink).toBeDefined();
    for (const link of [documentLink!, answerLink!]) {
      const ctx = createExecutionContext();
      const page = await worker.fetch(new Request(link, { headers: { accept: "text/html" } }), { ...env, ...withPages } as never, ctx);
      await waitOnExecutionContext(ctx);
      expect(page.status, link).toBe(200);
      expect(await page.text(), link).toContain(title("u_exhibition"));
    }
  });

  it("/start, /docs and /deadlines describe the tier's library", async () => {
    const command = (text: string) => post({ update_id: nextUpdateId++, message: { message_id: nextMessageId++, date: 1763800000, chat: PRIVATE, from: USER, text, entities: [{ type: "bot_command", offset: 0, length: text.length }] } });
    await command("/start");
    const [welcome] = await calls();
    expect(welcome.params.text).toContain(`目前收录 ${library.documents.length} 份文件`);
    for (const b of buttonsOf(welcome)) expect(b.callback_data?.split(":")[1]).toBe(version);
    await reset();
    await command("/docs");
    const list = textOf(await calls());
    expect(list).toContain(`收录的政策文件（共${library.documents.length}份）`);
    expect(list).toContain(title("u_exhibition"));
    // the worker's own index states no deadline; the tier's library does
    await reset();
    await command("/deadlines");
    const deadlines = textOf(await calls());
    expect(deadlines).toContain("申报和报送期限");
    expect(deadlines).toContain(title("u_digital"));
    await reset();
    await post({ update_id: nextUpdateId++, message: { message_id: nextMessageId++, date: 1763800000, chat: PRIVATE, from: USER, text: "/deadlines", entities: [{ type: "bot_command", offset: 0, length: 10 }] } }, {});
    expect(textOf(await calls())).toContain("没有找到写明申报、报送期限的条款");
  });

  it("refuses publishing or rolling back through the admin API, which would not reach the tier; /docs with ids lists the tier's documents", async () => {
    await adminSays("/docs");
    const docs = textOf(await calls());
    expect(docs).toContain("id：<code>u_exhibition</code>");
    for (const [path, body] of [["/admin/index", JSON.stringify({ files: { "a.txt": "某市关于支持企业发展的若干措施\n一、给予奖励。" } })], ["/admin/rollback", ""]]) {
      const ctx = createExecutionContext();
      const response = await worker.fetch(new Request(`https://example.com${path}`, { method: "POST", headers: { authorization: `Bearer ${(env as Record<string, string>).ADMIN_TOKEN}`, "content-type": "application/json" }, body }), { ...env, ...TIER } as never, ctx);
      await waitOnExecutionContext(ctx);
      expect(response.status, path).toBe(409);
      expect(await response.json()).toMatchObject({ error: "tier_mode" });
    }
  });

  it("tells the user, and logs why, when the tier cannot be read; the update is still accepted", async () => {
    const logs = captureLogs();
    await ask("会展业有什么场地支持", { SEARCH_TIER: "TIER_0,TIER_9" });
    const [reply] = await calls();
    expect(reply.params.text).toBe(LIBRARY_UNAVAILABLE);
    expect(logs.errors.join("\n")).toContain("SEARCH_TIER names TIER_9");
    await reset();
    await press(encodeButton({ kind: "clause", clause: 0 }, version), "问：x", { SEARCH_TIER: "TIER_0,TIER_9" });
    expect((await calls("answerCallbackQuery"))[0].params).toMatchObject({ text: LIBRARY_UNAVAILABLE, show_alert: true });
  });

  it("an admin's upload, replacement, removal, rollback and /learn go live in the tier (delta versions), and users' answers follow at once", { timeout: 60_000 }, async () => {
    const shards = [d1Db(bound.TIER_0), d1Db(bound.TIER_1)];
    const before = await tierSource(shards);
    const upload = async (name: string, text: string) => {
      await reset();
      const file = await fileFor(name, new TextEncoder().encode(text), "text/plain");
      await post({ update_id: nextUpdateId++, message: { message_id: nextMessageId++, date: 1763800000, chat: ADMIN_CHAT, from: ADMIN, document: file } });
      return (await calls()).at(-1)!;
    };
    const adminPresses = async (data: string) => {
      await reset();
      await post({ update_id: nextUpdateId++, callback_query: { id: `cb${nextUpdateId}`, from: ADMIN, chat_instance: "1", data, message: { message_id: 9, date: 1, chat: ADMIN_CHAT, text: "预览" } } });
      return textOf(await calls());
    };
    const answer = async (q: string) => {
      await reset();
      await ask(q);
      return textOf(await calls());
    };

    // a new document: preview, 确认上线, and the next question finds it in the tier
    const preview = await upload("hydrogen.txt", HYDROGEN);
    const ok = buttonsOf(preview).find((b) => b.text === "确认上线");
    expect(ok?.callback_data).toMatch(/^adm:ok:/);
    const published = await adminPresses(ok!.callback_data!);
    expect(published).toContain("✅ 已上线");
    expect(published).toContain(`${before.documents + 1}份文件`);
    expect(await answer("加氢站建设补助")).toContain("氢能产业");
    const live = await tierSource(shards);
    expect(live.version).not.toBe(before.version);
    const added = (await live.head(100)).documents.find((d) => d.title.includes("氢能产业"))!;

    // the same title again: offered as a replacement of the live one, which it replaces
    const again = await upload("hydrogen-2.txt", HYDROGEN.replace("100万元", "150万元"));
    expect(again.params.text).toContain(added.title);
    const replace = buttonsOf(again).find((b) => b.text === "替换旧文件并上线");
    const replaced = await adminPresses(replace!.callback_data!);
    expect(replaced).toContain("已替换");
    expect(await answer("加氢站建设补助")).toContain("150万元");
    expect((await tierSource(shards)).documents).toBe(before.documents + 1);

    // /remove: 确认下线, and the document is gone from answers
    const current = (await (await tierSource(shards)).head(100)).documents.find((d) => d.title.includes("氢能产业"))!;
    await reset();
    await adminSays(`/remove ${current.id}`);
    const confirm = buttonsOf((await calls()).at(-1)).find((b) => b.text === "确认下线");
    expect(await adminPresses(confirm!.callback_data!)).toContain("✅ 已下线");
    expect(await answer("加氢站建设补助")).not.toContain("氢能产业");
    expect((await tierSource(shards)).documents).toBe(before.documents);

    // a tier that cannot be opened: the admin is told, nothing changes
    await reset();
    await post({ update_id: nextUpdateId++, message: { message_id: nextMessageId++, date: 1763800000, chat: ADMIN_CHAT, from: ADMIN, document: await fileFor("hydrogen-3.txt", new TextEncoder().encode(HYDROGEN), "text/plain") } }, { SEARCH_TIER: "TIER_0,TIER_9" });
    expect(textOf(await calls())).toBe(`${LIBRARY_UNAVAILABLE}资料库没有变化。`);

    // /rollback: back to the version before the removal
    await reset();
    await adminSays("/rollback");
    const back = buttonsOf((await calls()).at(-1)).find((b) => b.text === "确认回退");
    expect(await adminPresses(back!.callback_data!)).toContain("✅ 已回退到");
    expect(await answer("加氢站建设补助")).toContain("150万元");

    // /learn: a pair an admin confirmed goes into the tier's learned questions, and lifts its clause
    const db = d1Db((env as unknown as { DB: D1Database }).DB);
    await db.prepare("DELETE FROM confirmed_pairs").run();
    const { second } = await runnerUp(library, CONFIRMED_QUESTION);
    const firstFound = async () => (await searchSource(await tierSource(shards), CONFIRMED_QUESTION, { k: 5, now: new Date() })).results[0]?.id;
    expect(await firstFound()).not.toBe(second);
    await confirmPair(db, { question: CONFIRMED_QUESTION, clauseId: second, snippet: "", adminId: 42, now: new Date() });
    await reset();
    await adminSays("/learn");
    expect(textOf(await calls())).toContain("✅ 已重建资料库索引");
    expect(await firstFound()).toBe(second);
    expect((await pendingPairs(db)).ids).toEqual([]);
  });
});
