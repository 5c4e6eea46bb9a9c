// Subscriptions in workerd through the real webhook route and the Bot API stand-in: /subscribe,
// /subscriptions (取消 buttons), /unsubscribe, 订阅此类政策 under an answer; an admin's publish
// (upload, 确认上线, or POST /admin/index from npm run publish:index) notifies the subscribers the new document answers — through the REPLIES
// queue, whose consumer (this worker's `queue` handler, run by Miniflare) sends — and not one
// whose topic the document does not really cover; a deadline reminder from the scheduled event
// 7 days before; a failed notice retried and delivered; a subscriber who blocked the bot
// unsubscribed; /forget deleting subscriptions.
import { createScheduledController, env, SELF } from "cloudflare:test";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/worker.js";
import { d1Db } from "../../src/db/d1.js";
import { queueReplies } from "../../src/manage/replies.js";
import { bundledIndex } from "../../src/search/bundled-index.js";
import { r2Store } from "../../src/store/r2-store.js";
import { memoryLibrary } from "../../src/bot/library.js";
import { enqueueNotices, matchSubscription, noticeDelays, noticeCalls, subscribe, type Subscription } from "../../src/subscriptions/subscriptions.js";
import { SUBSCRIBE_BUTTON, SUBSCRIBE_USAGE } from "../../src/bot/subscriptions.js";
import { DEADLINE_POLICY } from "../fixtures/deadline-checks.js";
import { standIn, TEST_WORKER_BINDINGS } from "../support/bot-api-stand-in.js";
import { rebuildIndex } from "../../src/ingest/build/rebuild.js";
import { loadIndexText } from "../../src/search/load-index.js";
import { switchTier, writeTierVersion } from "../../src/tier/publish.js";
import { loadVersion, readLive } from "../../src/store/index-versions.js";
import { ADMIN, buttonsOf, calls, documentMessage, fileFor, post, press, reset, sentTexts, text, type Call } from "../support/telegram-updates.js";
import { until as untilAnswered } from "../support/until.js";

// a document no subscription before this test covers, published through the admin API
const SRDI_POLICY = [
  "己市专精特新企业培育办法",
  "己市经济和信息化局",
  "2026年10月1日",
  "第一条 对新认定的省级专精特新中小企业，给予一次性奖励20万元。",
  "第二条 对新认定的国家级专精特新“小巨人”企业，给予一次性奖励50万元。",
  "第三条 本办法自2026年11月1日起施行，有效期三年。",
].join("\n");

const DB = (env as unknown as { DB: D1Database }).DB;
const db = d1Db(DB);
const store = r2Store((env as unknown as { STORE: R2Bucket }).STORE);
const ANNA = { id: 7001, is_bot: false, first_name: "安娜", language_code: "zh-hans" };
const BEN = { id: 7002, is_bot: false, first_name: "本", language_code: "zh-hans" };
const CARL = { id: 7003, is_bot: false, first_name: "卡尔", language_code: "zh-hans" };
const DORA = { id: 7004, is_bot: false, first_name: "朵拉", language_code: "zh-hans" };
const ERIN = { id: 7005, is_bot: false, first_name: "艾琳", language_code: "zh-hans" };

interface SubRow {
  id: number;
  user_id: number;
  chat_id: number;
  topic: string;
  region: string;
}
const subsOf = async (userId: number) => (await DB.prepare("SELECT * FROM subscriptions WHERE user_id = ? ORDER BY id").bind(userId).all<SubRow>()).results;

let logged: string[] = [];
beforeAll(async () => {
  await DB.prepare("DELETE FROM subscription_reminders").run();
  await DB.prepare("DELETE FROM subscriptions").run();
});
beforeEach(async () => {
  await reset();
  logged = [];
  for (const level of ["log", "error", "warn", "info"] as const) vi.spyOn(console, level).mockImplementation((...args) => void logged.push(args.map(String).join(" ")));
});
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  const keys = (await store.list("")).map((e) => e.key);
  if (keys.length) await store.delete(keys);
});

const until = <T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> => untilAnswered(what, probe, { ms, every: 100, context: () => logged.join("\n") });

/** Messages the stand-in accepted for a chat. */
const deliveredTo = async (chatId: number) => (await calls("sendMessage")).filter((c: Call) => c.ok && c.params.chat_id === chatId).map((c) => String(c.params.text));

async function buttonAt(label: string) {
  const withButton = (await calls("sendMessage")).filter((c) => buttonsOf(c).some((b) => b.text === label));
  expect(withButton.length, label).toBeGreaterThan(0);
  return buttonsOf(withButton.at(-1)!).find((b) => b.text === label)!.callback_data;
}

describe("subscriptions (workerd, through the webhook)", () => {
  it("/subscribe, /subscriptions with a 取消 button each, /unsubscribe one or all", async () => {
    await post(text(ANNA, "/subscribe"));
    expect(await sentTexts()).toEqual([SUBSCRIBE_USAGE]);
    await reset();
    await post(text(ANNA, "/subscribe 技改"));
    await post(text(ANNA, "/subscribe 十堰 智能化改造"));
    await post(text(ANNA, "/subscribe 技改"));
    const [first, second, again] = await sentTexts();
    expect(first).toContain("已订阅「技改」");
    expect(second).toContain("已订阅「十堰市 · 智能化改造」");
    expect(again).toContain("你已经订阅过「技改」了");
    expect((await subsOf(ANNA.id)).map((s) => [s.topic, s.region, s.chat_id])).toEqual([
      ["技改", "", ANNA.id],
      ["智能化改造", "十堰市", ANNA.id],
    ]);

    await reset();
    await post(text(ANNA, "/subscriptions"));
    const [list] = await calls("sendMessage");
    expect(list.params.text).toContain("1. 技改");
    expect(list.params.text).toContain("2. 十堰市 · 智能化改造");
    const cancel = buttonsOf(list);
    expect(cancel.map((b) => b.text)).toEqual(["取消 1", "取消 2"]);
    for (const b of cancel) expect(new TextEncoder().encode(b.callback_data).length).toBeLessThanOrEqual(64);

    await reset();
    await post(press(ANNA, cancel[0].callback_data));
    expect(await sentTexts()).toEqual(["已取消订阅「技改」。"]);
    expect((await subsOf(ANNA.id)).map((s) => s.topic)).toEqual(["智能化改造"]);
    // a second press of the same button
    await reset();
    await post(press(ANNA, cancel[0].callback_data));
    expect((await calls("answerCallbackQuery")).at(-1)!.params.text).toBe("这个订阅已经取消了。");

    await reset();
    await post(text(ANNA, "/subscribe 技改"));
    await post(text(ANNA, "/unsubscribe 技改"));
    expect((await sentTexts())[1]).toBe("已取消订阅「技改」。");
    await reset();
    await post(text(ANNA, "/unsubscribe"));
    expect(await sentTexts()).toEqual(["已取消全部订阅（1 个）。"]);
    expect(await subsOf(ANNA.id)).toEqual([]);
    await reset();
    await post(text(ANNA, "/subscriptions"));
    expect((await sentTexts())[0]).toContain("你还没有订阅");
  });

  it("订阅此类政策 under an answer subscribes to the question", async () => {
    await post(text(ANNA, "数字化改造有什么补助"));
    const data = await buttonAt(SUBSCRIBE_BUTTON);
    expect(data).toMatch(/^s:a:[0-9a-z]+$/);
    await reset();
    await post(press(ANNA, data));
    expect((await sentTexts())[0]).toContain("已订阅「数字化改造有什么补助」");
    expect((await subsOf(ANNA.id)).map((s) => s.topic)).toEqual(["数字化改造有什么补助"]);
  });

  it("a publish notifies the subscribers it answers, with the matching clause, and not a weak match", async () => {
    // BEN: a topic the new document covers; CARL: one the library answers from other documents
    // but the new one does not really cover
    await post(text(BEN, "/subscribe 数字化改造"));
    await post(text(CARL, "/subscribe 企业上市"));
    await reset();
    await post(documentMessage(ADMIN, await fileFor("digital.txt", new TextEncoder().encode(DEADLINE_POLICY), "text/plain")));
    await post(press(ADMIN, await buttonAt("确认上线")));
    const admin = (await sentTexts()).join("\n");
    expect(admin).toContain("✅ 已上线");
    // ANNA's question-topic and BEN's
    expect(admin).toContain("已通知订阅者：2 人");

    const [notice] = await until("BEN's notice", async () => {
      const d = await deliveredTo(BEN.id);
      return d.length ? d : undefined;
    });
    expect(notice).toContain("新政策上线");
    expect(notice).toContain("「数字化改造」");
    expect(notice).toContain("戊市关于支持中小企业数字化改造的若干措施");
    expect(notice).toContain("按改造投入的20%给予补助，最高50万元");
    const call = (await calls("sendMessage")).find((c) => c.ok && c.params.chat_id === BEN.id)!;
    expect(buttonsOf(call).map((b) => b.text)).toEqual(["取消此订阅"]);
    await until("ANNA's notice", async () => ((await deliveredTo(ANNA.id)).length ? true : undefined));
    // the weak match: the search answers 企业上市 from other documents, none from the new one
    await new Promise((r) => setTimeout(r, 1000));
    expect(await deliveredTo(CARL.id)).toEqual([]);
  });

  it("a publish through the admin API (npm run publish:index --url) notifies the subscribers of the new or changed documents only", async () => {
    // the library as served now (with the upload above) and one more document, built offline
    const live = await readLive(store, bundledIndex);
    expect(live.current.id).not.toBe("bundled");
    await post(text(ERIN, "/subscribe 专精特新 认定"));
    await reset();
    const files = (await rebuildIndex(await loadVersion(store, live.current.id), { add: [{ id: "u_srdi", source: "srdi.txt", text: SRDI_POLICY }] })).files;
    const response = await SELF.fetch("https://example.com/admin/index", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TEST_WORKER_BINDINGS.ADMIN_TOKEN}` },
      body: JSON.stringify({ files, note: "test" }),
    });
    expect(response.status).toBe(200);
    const body = await response.json<{ changed: string[]; notified: number }>();
    // the documents already served are not news; u_srdi is
    expect(body.changed).toEqual(["u_srdi"]);
    expect(body.notified).toBe(1);
    const [notice] = await until("ERIN's notice", async () => {
      const d = await deliveredTo(ERIN.id);
      return d.length ? d : undefined;
    });
    expect(notice).toContain("「专精特新 认定」");
    expect(notice).toContain("己市专精特新企业培育办法");
    await new Promise((r) => setTimeout(r, 1000));
    expect(await deliveredTo(BEN.id)).toEqual([]);
  });

  it("the scheduled event 7 days before a deadline reminds the subscriber once", async () => {
    // 每年6月30日前 报送…申报材料: the sweep on 2027-06-23 is 7 days before
    const controller = createScheduledController({ cron: "23 * * * *", scheduledTime: new Date("2027-06-23T01:00:00Z").getTime() });
    await worker.scheduled(controller, env as unknown as Record<string, unknown>);
    const reminder = await until("BEN's reminder", async () => {
      const d = (await deliveredTo(BEN.id)).filter((t) => t.includes("期限提醒"));
      return d.length ? d : undefined;
    });
    expect(reminder).toHaveLength(1);
    expect(reminder[0]).toContain("每年6月30日前");
    expect(reminder[0]).toContain("还有 7 天");
    expect(reminder[0]).toContain("报送上一年度数字化改造项目申报材料");
    const rows = await DB.prepare("SELECT deadline_date FROM subscription_reminders WHERE subscription_id = ?").bind((await subsOf(BEN.id))[0].id).all<{ deadline_date: string }>();
    expect(rows.results.map((r) => r.deadline_date)).toContain("2027-06-30");
    // an hour later: not again
    await reset();
    await worker.scheduled(createScheduledController({ cron: "23 * * * *", scheduledTime: new Date("2027-06-23T02:00:00Z").getTime() }), env as unknown as Record<string, unknown>);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await deliveredTo(BEN.id)).filter((t) => t.includes("期限提醒"))).toEqual([]);
    // 30 days before: nothing yet for a subscription of the monthly one (每月10日前 is 17 days away on 06-23)
    expect(JSON.stringify(rows.results)).not.toContain("2027-07-10");
  });

  it("with SEARCH_TIER, the reminders come from the tier's library", async () => {
    // a deadline only the tier's library states: 7 days before it, a reminder with SEARCH_TIER, none without
    const RESEARCH = `庚市关于支持企业加大研发投入的若干措施
庚政〔2026〕5号
一、对研发投入增长的企业，按增长部分的10%给予研发奖励，最高50万元。
二、申报程序。企业应于每年7月20日前报送上一年度研发投入专项审计报告。
庚市人民政府
2026年1月5日`;
    const library = loadIndexText((await rebuildIndex(bundledIndex(), { add: [{ id: "u_research", source: "research.txt", text: RESEARCH }] })).files);
    const shards = [d1Db((env as unknown as { TIER_0: D1Database }).TIER_0), d1Db((env as unknown as { TIER_1: D1Database }).TIER_1)];
    const v = `s${Date.now().toString(36)}`;
    await writeTierVersion(shards, library, v);
    await switchTier(shards[0], v, new Date());
    const FRAN = { id: 7006 };
    await subscribe(db, { userId: FRAN.id, chatId: FRAN.id, topic: "研发投入奖励", region: "", now: new Date() });
    const at = (iso: string) => createScheduledController({ cron: "23 * * * *", scheduledTime: new Date(iso).getTime() });
    await worker.scheduled(at("2027-07-13T01:00:00Z"), env as unknown as Record<string, unknown>);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await deliveredTo(FRAN.id)).filter((t) => t.includes("期限提醒"))).toEqual([]);
    await worker.scheduled(at("2027-07-13T02:00:00Z"), { ...env, SEARCH_TIER: "TIER_0,TIER_1" } as unknown as Record<string, unknown>);
    const reminder = await until("FRAN's reminder", async () => {
      const d = (await deliveredTo(FRAN.id)).filter((t) => t.includes("期限提醒"));
      return d.length ? d : undefined;
    });
    expect(reminder[0]).toContain("每年7月20日前");
    expect(reminder[0]).toContain("还有 7 天");
    expect(reminder[0]).toContain("庚市关于支持企业加大研发投入的若干措施");
  });

  it("a notice Telegram refuses for now is retried from the queue and delivered", async () => {
    const library = memoryLibrary(bundledIndex());
    const s = (await subscribe(db, { userId: DORA.id, chatId: DORA.id, topic: "企业上市", region: "", now: new Date() })) as { subscription: Subscription };
    const found = await matchSubscription(library, s.subscription, undefined, new Date());
    expect(found.hits.length).toBeGreaterThan(0);
    await standIn.fail({ method: "sendMessage", times: 2, error_code: 502, description: "Bad Gateway" });
    const queue = queueReplies((env as unknown as { REPLIES: Queue }).REPLIES, 0);
    const calls1 = noticeCalls(library, { subscription: s.subscription, ...found }, "测试通知", new Date());
    expect(await enqueueNotices(queue, [{ chatId: DORA.id, calls: calls1 }])).toBe(1);
    const delivered = await until("DORA's notice", async () => {
      const d = await deliveredTo(DORA.id);
      return d.length ? d : undefined;
    });
    expect(delivered[0]).toContain("测试通知");
    const refused = (await calls("sendMessage")).filter((c) => !c.ok && c.params.chat_id === DORA.id);
    expect(refused).toHaveLength(2);
    expect(await subsOf(DORA.id)).toHaveLength(1);
  });

  it("a subscriber who blocked the bot is unsubscribed", async () => {
    await standIn.fail({ method: "sendMessage", times: 1, error_code: 403, description: "Forbidden: bot was blocked by the user" });
    const [s] = await subsOf(DORA.id);
    const queue = queueReplies((env as unknown as { REPLIES: Queue }).REPLIES, 0);
    const job = [{ method: "sendMessage", payload: { chat_id: DORA.id, text: "测试通知" } }];
    await enqueueNotices(queue, [{ chatId: DORA.id, calls: job }]);
    await until("DORA unsubscribed", async () => ((await subsOf(DORA.id)).length === 0 ? true : undefined));
    expect(s.topic).toBe("企业上市");
    expect(await deliveredTo(DORA.id)).toEqual([]);
    expect(logged.join("\n")).toMatch(/chat 7004 blocked the bot; unsubscribed/);
  });

  it("notices go to the queue 100 a sendBatch, paced: the i-th waits ⌊i/25⌋ s", async () => {
    const batches: { body: unknown; delaySeconds?: number }[][] = [];
    const fake = { sendBatch: async (messages: { body: unknown; delaySeconds?: number }[]) => void batches.push(messages) } as unknown as Queue;
    const jobs = Array.from({ length: 230 }, (_, i) => ({ chatId: i + 1, calls: [{ method: "sendMessage", payload: { chat_id: i + 1, text: "通知" } }] }));
    expect(await enqueueNotices(queueReplies(fake, 30), jobs)).toBe(230);
    expect(batches.map((b) => b.length)).toEqual([100, 100, 30]);
    const delays = batches.flat().map((m) => m.delaySeconds);
    expect(delays.slice(0, 26)).toEqual([...Array(25).fill(0), 1]);
    expect(delays.at(-1)).toBe(9);
    expect(batches.flat().map((m) => (m.body as { subscriberChat: number }).subscriberChat)).toEqual(jobs.map((j) => j.chatId));
  });

  it("a chat's notices are a second apart, and no second holds more than the rate", () => {
    // chat 1 has three matching subscriptions, chat 2 two, among 60 other chats
    const chats = [1, 1, 2, ...Array.from({ length: 30 }, (_, i) => 100 + i), 1, 2, ...Array.from({ length: 30 }, (_, i) => 200 + i)];
    const delays = noticeDelays(chats, 25);
    const of = (chat: number) => delays.filter((_, i) => chats[i] === chat);
    expect(of(1)).toEqual([0, 1, 2]);
    expect(of(2)).toEqual([0, 1]);
    const perSecond = new Map<number, number>();
    for (const d of delays) perSecond.set(d, (perSecond.get(d) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(25);
    // nothing waits longer than the rate requires: 65 jobs fill three seconds
    expect(Math.max(...delays)).toBe(2);
  });

  it("/forget deletes the user's subscriptions too, and /privacy mentions them", async () => {
    await post(text(CARL, "/privacy"));
    expect((await sentTexts())[0]).toContain("你的订阅");
    await reset();
    expect(await subsOf(CARL.id)).toHaveLength(1);
    await post(text(CARL, "/forget"));
    const [confirm] = await calls("sendMessage");
    expect(confirm.params.text).toContain("1 个订阅");
    await post(press(CARL, buttonsOf(confirm)[0].callback_data));
    expect(await subsOf(CARL.id)).toEqual([]);
    expect(await subsOf(BEN.id)).toHaveLength(1);
  });
});
