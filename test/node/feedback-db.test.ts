// The database on Node: a SQLite file (sql.js) with the same migrations as D1, and `npm start`
// (long polling) recording 👍/👎 in DATA_DIR/db.sqlite.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openSqliteFile, readMigrations } from "../../src/db/sqlite-file.js";
import { feedbackStats, forgetUser, giveReason, keptFor, pruneFeedback, recordAnswer, vote } from "../../src/feedback/feedback.js";
import { TEST_BOT_TOKEN } from "../support/bot-api-stand-in.js";
import { startStandInServer, type StandInServer } from "../support/bot-api-stand-in-server.js";
import { runScript, until, type Run } from "../support/node-process.js";
import { ROOT, SEEDS } from "./helpers.js";
import { confirmPair } from "../../src/feedback/confirmed.js";
import { readQuestionFile } from "../../src/eval/questions.js";
import { learnFrom } from "../../src/eval/learn.js";
import { readCorpus } from "../../src/ingest/build/corpus.js";
import { readSynonyms } from "../../src/ingest/build/synonyms.js";
import { buildIndex } from "../../src/ingest/build/index.js";
import { loadIndexText } from "../../src/search/load-index.js";
import { corpusStats } from "../../src/search/stats.js";
import { readFileSync } from "node:fs";

const MIGRATIONS = readMigrations(join(ROOT, "migrations"));
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "zct-db-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the SQLite file", () => {
  it("takes the D1 migrations once, records them as wrangler does, and keeps its rows across opens", async () => {
    // this file's tables come from the first two; later migrations add their own
    const names = MIGRATIONS.map((m) => m.name);
    expect(names.slice(0, 2)).toEqual(["0001_feedback.sql", "0002_confirmed_pairs.sql"]);
    const path = join(tmp(), "db.sqlite");
    const db = await openSqliteFile(path);
    expect(await migrate(db, MIGRATIONS)).toEqual(names);
    // recorded as wrangler records them, in order
    expect((await db.prepare("SELECT id, name FROM d1_migrations ORDER BY id").all()).map((r) => r.name)).toEqual(names);
    const tables = (await db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all<{ name: string }>()).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(["answers", "confirmed_pairs", "d1_migrations", "feedback"]));
    const now = new Date("2026-11-20T03:00:00Z");
    const id = await recordAnswer(db, { userId: 7, question: "技改补贴", clauseIds: ["a:1", "b:2"], indexVersion: "abcd1234", now });
    expect(await vote(db, { answerId: id, userId: 7, vote: -1, now })).toBe("recorded");
    db.close();

    const again = await openSqliteFile(path);
    expect(await migrate(again, MIGRATIONS)).toEqual([]);
    expect(await vote(again, { answerId: id, userId: 7, vote: 1, now })).toBe("repeated");
    expect(await vote(again, { answerId: id + 99, userId: 7, vote: 1, now })).toBe("unknown");
    expect(await giveReason(again, { answerId: id, userId: 7, reason: "outdated" })).toBe("recorded");
    expect(await giveReason(again, { answerId: id, userId: 7, reason: "irrelevant" })).toBe("repeated");
    const stats = await feedbackStats(again, "2026-11-19T16:00:00.000Z", "2026-11-20T16:00:00.000Z");
    expect(stats).toEqual({
      up: 0,
      down: 1,
      clauses: [
        { clauseId: "a:1", down: 1, reasons: { outdated: 1 } },
        { clauseId: "b:2", down: 1, reasons: { outdated: 1 } },
      ],
      questions: [{ question: "技改补贴", down: 1, reasons: { outdated: 1 } }],
    });
    // saved by renaming a temporary file: none left beside it
    expect(readdirSync(join(path, ".."))).toEqual(["db.sqlite"]);
    expect(await keptFor(again, 7)).toEqual({ answers: 1, feedback: 1 });
    expect(await forgetUser(again, 7)).toBe(2);
    expect(await keptFor(again, 7)).toEqual({ answers: 0, feedback: 0 });
    again.close();
  });

  it("a batch is all or nothing, and the file keeps what was there before a failed one", async () => {
    const path = join(tmp(), "db.sqlite");
    const db = await openSqliteFile(path);
    await migrate(db, MIGRATIONS);
    const insert = (user: number) => db.prepare("INSERT INTO answers (user_id, question, clause_ids, index_version, created_at) VALUES (?, 'q', '[]', 'v', 't')").bind(user);
    await db.batch([insert(1)]);
    await expect(db.batch([insert(2), db.prepare("INSERT INTO feedback (answer_id) VALUES (1)")])).rejects.toThrow(/NOT NULL/);
    expect(await db.prepare("SELECT user_id FROM answers").all()).toEqual([{ user_id: 1 }]);
    db.close();
    const reopened = await openSqliteFile(path);
    expect(await reopened.prepare("SELECT user_id FROM answers").all()).toEqual([{ user_id: 1 }]);
    reopened.close();
  });

  it("the sweep drops answers nobody rated after 30 days and feedback after 400", async () => {
    const db = await openSqliteFile(undefined);
    await migrate(db, MIGRATIONS);
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
    const old = await recordAnswer(db, { userId: 1, question: "旧的", clauseIds: ["x:1"], indexVersion: "v", now: day(0) });
    const rated = await recordAnswer(db, { userId: 1, question: "评过的", clauseIds: ["x:1"], indexVersion: "v", now: day(0) });
    await vote(db, { answerId: rated, userId: 1, vote: 1, now: day(0) });
    await recordAnswer(db, { userId: 1, question: "新的", clauseIds: ["x:1"], indexVersion: "v", now: day(20) });
    expect(await pruneFeedback(db, day(40))).toBe(1);
    expect((await db.prepare("SELECT question FROM answers ORDER BY id").all()).map((r) => r.question)).toEqual(["评过的", "新的"]);
    expect(old).toBeLessThan(rated);
    // feedback past 400 days goes, and with it the answer it kept
    expect(await pruneFeedback(db, day(401))).toBe(3);
    expect(await db.prepare("SELECT count(*) AS n FROM answers").first()).toEqual({ n: 0 });
    db.close();
  });
});

describe("npm start (long polling) records feedback in DATA_DIR/db.sqlite", () => {
  const USER = { id: 3003, is_bot: false, first_name: "赵", language_code: "zh-hans" };
  const CHAT = { id: 3003, type: "private", first_name: "赵" };
  let api: StandInServer;
  let bot: Run;
  const data = tmp();
  beforeAll(async () => {
    api = await startStandInServer();
    bot = runScript("src/node.ts", ["--port", String(21000 + Math.floor(Math.random() * 1000))], { DATA_DIR: data, BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_API_ROOT: api.url });
    await until("the bot to poll", () => (/is polling/.test(bot.out()) ? true : undefined));
  });
  afterAll(async () => {
    bot?.child.kill("SIGKILL");
    await api?.close();
  });

  it("a 👎 and its reason, stored against the question and the clauses shown", async () => {
    expect(bot.out()).toContain("applied 0001_feedback.sql, 0002_confirmed_pairs.sql");
    await api.control.queueUpdates({ message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: CHAT, from: USER, text: "企业上市有什么支持" } });
    const answer = await until("the answer", async () => (await api.control.calls("sendMessage")).at(-1));
    const buttons = (answer.params.reply_markup as { inline_keyboard: { text: string; callback_data?: string }[][] }).inline_keyboard.flat();
    const down = buttons.find((b) => b.text === "👎 没用")!.callback_data!;
    const press = (data: string, id: string) => ({ callback_query: { id, from: USER, chat_instance: "1", data, message: { message_id: 1, date: 1, chat: CHAT, text: "x" } } });
    await api.control.queueUpdates([press(down, "cb1"), press(down, "cb2")]);
    const ask = await until("the reasons", async () => (await api.control.calls("sendMessage")).find((c) => c.params.text === "谢谢！哪里不对？点一下即可："));
    const reason = (ask.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat().find((b) => b.text === "引用错误")!;
    await api.control.queueUpdates(press(reason.callback_data, "cb3"));
    const answered = await until("three callback answers", async () => {
      const c = await api.control.calls("answerCallbackQuery");
      return c.length >= 3 ? c : undefined;
    });
    expect(answered.map((c) => c.params.text)).toEqual(["谢谢你的反馈！", "已经收到你对这条回答的反馈，不重复计算。", "谢谢，已记录：引用错误。我们会据此改进。"]);
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);

    expect(existsSync(join(data, "db.sqlite"))).toBe(true);
    const db = await openSqliteFile(join(data, "db.sqlite"));
    const rows = await db.prepare("SELECT user_id, question, clause_ids, vote, reason FROM feedback").all<{ clause_ids: string }>();
    expect(rows).toEqual([{ user_id: 3003, question: "企业上市有什么支持", clause_ids: expect.any(String), vote: -1, reason: "wrong_citation" }]);
    const [shown] = await db.prepare("SELECT clause_ids FROM answers").all<{ clause_ids: string }>();
    expect(JSON.parse(rows[0].clause_ids)).toEqual(JSON.parse(shown.clause_ids));
    expect(JSON.parse(shown.clause_ids).length).toBe(buttons.filter((b) => b.text.startsWith("查看原文")).length);
    db.close();
  });
});

describe("npm run export:learned", () => {
  it("exports the confirmed pairs as seed questions that npm run index -- --learn takes", async () => {
    const dir = tmp();
    const path = join(dir, "db.sqlite");
    const db = await openSqliteFile(path);
    await migrate(db, MIGRATIONS);
    const now = new Date("2026-11-20T03:00:00Z");
    await confirmPair(db, { question: "城里的化工厂要搬到园区去吗", clauseId: "x:1", snippet: "危化品企业搬迁", adminId: 42, now });
    await confirmPair(db, { question: "城里的化工厂要搬到园区去吗", clauseId: "x:2", snippet: "危化品生产企业", adminId: 42, now });
    expect(await confirmPair(db, { question: "城里的化工厂要搬到园区去吗", clauseId: "x:1", snippet: "危化品企业搬迁", adminId: 43, now })).toBe("repeated");
    await confirmPair(db, { question: "今年打算让多少家厂子把业务放到云上", clauseId: "y:1", snippet: "新增上云企业100户", adminId: 42, now });
    db.close();

    const out = join(dir, "learned.json");
    const run = runScript("scripts/export-learned.ts", ["--db", path, "--out", out], {});
    expect(await run.exited).toBe(0);
    expect(run.out()).toContain(`2 个问题写入 ${out}`);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual([
      { id: "confirmed-1", q: "城里的化工厂要搬到园区去吗", doc: null, gold: ["危化品企业搬迁", "危化品生产企业"], kind: "paraphrase" },
      { id: "confirmed-4", q: "今年打算让多少家厂子把业务放到云上", doc: null, gold: ["新增上云企业100户"], kind: "paraphrase" },
    ]);
    // what --learn reads: the seed format, each question learned by the clauses its snippets are in
    expect(readQuestionFile(out).format).toBe("seeds");
    const index = loadIndexText((await buildIndex(readCorpus([SEEDS]), readSynonyms(join(SEEDS, "synonyms.tsv")), learnFrom([out]))).files);
    expect(corpusStats(index).learnedCount).toBe(2);

    // from the edge's D1: wrangler d1 execute --json output
    const rows = join(dir, "rows.json");
    writeFileSync(rows, JSON.stringify([{ results: [{ id: 7, question: "上市奖励多少", snippet: "上市" }], success: true, meta: {} }]));
    const fromD1 = runScript("scripts/export-learned.ts", ["--d1-json", rows], {});
    expect(await fromD1.exited).toBe(0);
    expect(JSON.parse(fromD1.out().slice(fromD1.out().indexOf("[")))).toEqual([{ id: "confirmed-7", q: "上市奖励多少", doc: null, gold: ["上市"], kind: "paraphrase" }]);
  });
});
