// Subscriptions on Node, where the path differs from the edge: the SQLite file (sql.js) holds
// them, notices and reminders wait in the data folder's outbox/ and are sent by
// drainStoreReplies (npm start's 5 s timer), paced; a failed send is retried from the outbox, a
// 403 unsubscribes the chat; the sweep's reminder step runs with an injected "now".
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GrammyError, type Api } from "grammy";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, openSqliteFile, readMigrations, type SqliteFileDb } from "../../src/db/sqlite-file.js";
import { rebuildIndex } from "../../src/ingest/build/rebuild.js";
import { drainStoreReplies, noticePacer, storeReplies } from "../../src/manage/replies.js";
import { sweep } from "../../src/manage/sweep.js";
import { createRefusalCounter } from "../../src/manage/refusals.js";
import { bundledIndex } from "../../src/search/bundled-index.js";
import { loadIndexText } from "../../src/search/load-index.js";
import { fileStore } from "../../src/store/file-store.js";
import { memoryLibrary } from "../../src/bot/library.js";
import { matchSubscription, notifyPublish, parseSubscription, sendReminders, subscribe, subscriptionsOf, unsubscribeChat } from "../../src/subscriptions/subscriptions.js";
import { forgetUser } from "../../src/feedback/feedback.js";
import { DEADLINE_POLICY, NOW } from "../fixtures/deadline-checks.js";

const dir = mkdtempSync(join(tmpdir(), "zct-subs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const index = rebuildIndex(bundledIndex(), { add: [{ id: "u_digital", source: "digital.txt", text: DEADLINE_POLICY }] }, { now: NOW }).then((r) => loadIndexText(r.files));

async function openDb(): Promise<SqliteFileDb> {
  const db = await openSqliteFile(join(dir, "db.sqlite"));
  await migrate(db, readMigrations(join(process.cwd(), "migrations")));
  return db;
}

/** A Bot API that refuses what `refuse` says (once per chat), then accepts; records what it accepted. */
function fakeApi(refuse: Record<number, { error_code: number; description: string }> = {}) {
  const sent: Record<string, unknown>[] = [];
  const tried: number[] = [];
  const api = {
    raw: {
      sendMessage: async (p: Record<string, unknown>) => {
        const chat = Number(p.chat_id);
        tried.push(chat);
        const r = refuse[chat];
        delete refuse[chat];
        if (r) throw new GrammyError(`Call to 'sendMessage' failed! (${r.error_code}: ${r.description})`, { ok: false, ...r }, "sendMessage", p);
        sent.push(p);
        return {};
      },
    },
  } as unknown as Api;
  return { api, sent, tried };
}

describe("subscriptions on Node (SQLite file, outbox/)", () => {
  it("reads a topic and a region from the gazetteer", () => {
    expect(parseSubscription("十堰 智能化改造")).toEqual({ topic: "智能化改造", region: "十堰市" });
    expect(parseSubscription("技改")).toEqual({ topic: "技改", region: "" });
    expect(parseSubscription("十堰")).toBeUndefined();
  });

  it("a document of another city is not news for a subscription with a place", async () => {
    const bundled = bundledIndex();
    const shiyan = new Set(bundled.documents.filter((d) => d.region === "湖北省十堰市").map((d) => d.id));
    expect(shiyan.size).toBeGreaterThan(0);
    expect((await matchSubscription(memoryLibrary(bundled), { topic: "贷款贴息", region: "十堰市" }, shiyan, NOW)).hits.length).toBeGreaterThan(0);
    expect((await matchSubscription(memoryLibrary(bundled), { topic: "贷款贴息", region: "成都市" }, shiyan, NOW)).hits).toEqual([]);
  });

  it("a publish queues a notice in outbox/ for a matching topic only; a 5xx is retried, a 403 unsubscribes", async () => {
    const db = await openDb();
    const store = fileStore(join(dir, "store"));
    const queue = storeReplies(store, 0);
    await subscribe(db, { userId: 1, chatId: 1, topic: "数字化改造", region: "", now: NOW });
    await subscribe(db, { userId: 2, chatId: 2, topic: "企业上市", region: "", now: NOW });
    await subscribe(db, { userId: 3, chatId: 3, topic: "数字化改造 补助", region: "", now: NOW });
    expect(await notifyPublish({ db, queue, library: memoryLibrary(await index), now: NOW }, ["u_digital"])).toBe(2);
    expect((await store.list("outbox/")).length).toBe(2);

    // chat 1: a 502 first (retried later); chat 3 blocked the bot
    const { api, sent, tried } = fakeApi({ 1: { error_code: 502, description: "Bad Gateway" }, 3: { error_code: 403, description: "Forbidden: bot was blocked by the user" } });
    await drainStoreReplies(store, api, queue, Date.now() + 1000, (chat) => unsubscribeChat(db, chat));
    expect(tried.sort()).toEqual([1, 3]);
    expect(sent).toEqual([]);
    expect(await subscriptionsOf(db, 3)).toEqual([]);
    expect((await store.list("outbox/")).length).toBe(1);
    await drainStoreReplies(store, api, queue, Date.now() + 1000, (chat) => unsubscribeChat(db, chat));
    expect(sent.map((p) => p.chat_id)).toEqual([1]);
    expect(String(sent[0].text)).toContain("按改造投入的20%给予补助，最高50万元");
    expect(await store.list("outbox/")).toEqual([]);
    expect((await subscriptionsOf(db, 1)).length).toBe(1);
    db.close();
  });

  it("the sweep reminds 7 days before a matching clause's deadline, once", async () => {
    const db = await openDb();
    const store = fileStore(join(dir, "store2"));
    const queue = storeReplies(store, 0);
    const loaded = await index;
    const reminders = (now: Date) => sendReminders({ db, queue, library: memoryLibrary(loaded), now });
    const deps = { store, now: () => new Date("2027-06-23T01:00:00Z"), refusals: createRefusalCounter(), db };
    expect((await sweep(deps, { reminders })).reminders).toBe(1);
    expect((await sweep(deps, { reminders })).reminders).toBe(0);
    const { api, sent } = fakeApi();
    await drainStoreReplies(store, api, queue, Date.now() + 1000);
    expect(sent).toHaveLength(1);
    expect(sent[0].chat_id).toBe(1);
    expect(String(sent[0].text)).toContain("期限提醒");
    expect(String(sent[0].text)).toContain("每年6月30日前");
    // /forget takes the subscription and its reminders
    expect(await forgetUser(db, 1)).toBe(1);
    expect(await db.prepare("SELECT count(*) AS n FROM subscription_reminders").first<{ n: number }>()).toEqual({ n: 0 });
    db.close();
  });

  it("paces notices at 25 a second, other replies not at all", async () => {
    let t = 0;
    const waits: number[] = [];
    const pace = noticePacer(25, () => t, async (ms) => void (waits.push(ms), (t += ms)));
    for (let i = 0; i < 5; i++) await pace({ updateId: 0, calls: [], attempt: 0, lastError: "", subscriberChat: i });
    await pace({ updateId: 1, calls: [], attempt: 1, lastError: "" });
    expect(waits).toEqual([40, 40, 40, 40]);
  });
});
