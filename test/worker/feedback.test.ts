// 👍 / 👎 under every answer, in workerd through the real webhook route and the Bot API stand-in:
// the vote stored in D1 against the clause ids shown and the question, the reason of a 👎 in one
// tap, a repeated tap not counted twice, /stats showing them, /privacy and /forget.
import { env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bundledIndex } from "../../src/search/bundled-index.js";
import { decodeButton, indexVersion } from "../../src/bot/callback-data.js";
import { hitAt } from "../../src/bot/positions.js";
import { ALREADY_REASON, ALREADY_VOTED, ASK_REASON, THANKS } from "../../src/bot/feedback.js";
import { ADMIN, buttonsOf, calls, post, press, reset, sentTexts, text } from "../support/telegram-updates.js";
import { audited, captureLogs } from "../support/logs.js";

const DB = (env as unknown as { DB: D1Database }).DB;
const ALICE = { id: 5001, is_bot: false, first_name: "李四", language_code: "zh-hans" };
const BOB = { id: 5002, is_bot: false, first_name: "王五", language_code: "zh-hans" };

interface FeedbackRow {
  user_id: number;
  question: string;
  clause_ids: string;
  vote: number;
  reason: string | null;
  index_version: string;
}
const feedbackOf = async (userId: number) => (await DB.prepare("SELECT * FROM feedback WHERE user_id = ? ORDER BY id").bind(userId).all<FeedbackRow>()).results;
const count = async (table: "answers" | "feedback", userId: number) =>
  (await DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE user_id = ?`).bind(userId).first<{ n: number }>())!.n;

/** Asks as a user; returns the answer's buttons and the clause ids its 查看原文 buttons show. */
async function ask(user: typeof ALICE, question: string) {
  await reset();
  expect((await post(text(user, question))).status).toBe(200);
  const last = (await calls("sendMessage")).at(-1)!;
  const buttons = buttonsOf(last);
  const index = bundledIndex();
  const shown = buttons
    .filter((b) => b.text.startsWith("查看原文"))
    .map((b) => {
      const decoded = decodeButton(b.callback_data);
      if (!decoded.ok || decoded.action.kind !== "clause") throw new Error(`not a clause button: ${b.callback_data}`);
      expect(decoded.version).toBe(indexVersion(index.manifest.contentHash));
      return hitAt(index, decoded.action.clause)!.id;
    });
  const up = buttons.find((b) => b.text === "👍 有用")!;
  const down = buttons.find((b) => b.text === "👎 没用")!;
  return { buttons, shown, up: up?.callback_data, down: down?.callback_data };
}

const callbackTexts = async () => (await calls("answerCallbackQuery")).map((c) => c.params.text as string | undefined);

beforeAll(async () => {
  await DB.prepare("DELETE FROM feedback").run();
  await DB.prepare("DELETE FROM answers").run();
  await DB.prepare("DELETE FROM confirmed_pairs").run();
});
beforeEach(() => reset());

describe("👍 / 👎 on answers", () => {
  it("puts both buttons on an answer, and records a 👍 once against the question and the clauses shown", async () => {
    const a = await ask(ALICE, "企业上市有什么支持");
    expect(a.shown.length).toBeGreaterThan(0);
    expect(a.up).toMatch(/^f:[0-9a-z]+:u$/);
    expect(a.down).toMatch(/^f:[0-9a-z]+:d$/);
    // on the same row, after the answer's own buttons
    const rows = (await calls("sendMessage")).at(-1)!.params.reply_markup.inline_keyboard as { text: string }[][];
    expect(rows.find((r) => r.some((b) => b.text === "👍 有用"))!.map((b) => b.text)).toEqual(["👍 有用", "👎 没用"]);

    await reset();
    await post(press(ALICE, a.up!));
    expect(await callbackTexts()).toEqual([THANKS]);
    await post(press(ALICE, a.up!));
    await post(press(ALICE, a.down!));
    expect(await callbackTexts()).toEqual([THANKS, ALREADY_VOTED, ALREADY_VOTED]);
    expect(await calls("sendMessage")).toEqual([]);
    const rows2 = await feedbackOf(ALICE.id);
    expect(rows2).toHaveLength(1);
    expect(rows2[0]).toMatchObject({ question: "企业上市有什么支持", vote: 1, reason: null, index_version: indexVersion(bundledIndex().manifest.contentHash) });
    expect(JSON.parse(rows2[0].clause_ids)).toEqual(a.shown);
  });

  it("asks why after a 👎, takes the reason in one tap, once", async () => {
    const a = await ask(BOB, "十堰的企业贷款贴息怎么申请");
    await reset();
    await post(press(BOB, a.down!));
    expect(await callbackTexts()).toEqual([THANKS]);
    const [askWhy] = await calls("sendMessage");
    expect(askWhy.params.text).toBe(ASK_REASON);
    const reasons = buttonsOf(askWhy);
    expect(reasons.map((b) => b.text)).toEqual(["不相关", "已过时", "引用错误", "没找到我要的"]);
    for (const b of reasons) expect(new TextEncoder().encode(b.callback_data).length).toBeLessThanOrEqual(64);

    await reset();
    await post(press(BOB, reasons[1].callback_data));
    expect(await callbackTexts()).toEqual(["谢谢，已记录：已过时。我们会据此改进。"]);
    const [edited] = await calls("editMessageText");
    expect(edited.params.text).toBe("谢谢，已记录：已过时。我们会据此改进。");
    expect(edited.params.reply_markup).toBeUndefined();
    // a second reason, or another 👎, changes nothing
    await post(press(BOB, reasons[0].callback_data));
    await post(press(BOB, a.down!));
    expect((await callbackTexts()).slice(1)).toEqual([ALREADY_REASON, ALREADY_VOTED]);
    const rows = await feedbackOf(BOB.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ question: "十堰的企业贷款贴息怎么申请", vote: -1, reason: "outdated" });
    expect(JSON.parse(rows[0].clause_ids)).toEqual(a.shown);
  });

  it("a reason pressed by someone who did not vote 👎 is not recorded", async () => {
    const a = await ask(ALICE, "新认定的高新技术企业有什么奖励");
    const reason = a.down!.replace(/:d$/, ":0");
    await reset();
    await post(press(ALICE, reason));
    expect(await callbackTexts()).toEqual([ALREADY_REASON]);
    expect((await feedbackOf(ALICE.id)).filter((r) => r.question === "新认定的高新技术企业有什么奖励")).toEqual([]);
  });

  it("/stats shows 👍 and 👎, the clauses with the most 👎 and why, and the questions with 👎", async () => {
    const b = await ask(BOB, "我能申请哪些技改补贴");
    await post(press(BOB, b.down!));
    const [askWhy] = (await calls("sendMessage")).filter((c) => c.params.text === ASK_REASON);
    await post(press(BOB, buttonsOf(askWhy)[0].callback_data));
    await reset();
    await post(text(ADMIN, "/stats"));
    const stats = (await sentTexts()).join("\n");
    // from the tests above: ALICE 👍 on 企业上市; BOB 👎 已过时 on 十堰…, 👎 不相关 on 技改补贴
    expect(stats).toContain("回答评价：👍 1 次，👎 2 次。");
    expect(stats).toContain("被点 👎 最多的条款（原因）：");
    // each clause shown by its document and path, with its id
    for (const id of b.shown) expect(stats).toContain(`[${id}]`);
    expect(stats).toMatch(/（👎 1次：已过时 1）/);
    expect(stats).toMatch(/（👎 1次：不相关 1）/);
    expect(stats).toContain("被点 👎 的问题：");
    expect(stats).toContain("十堰的企业贷款贴息怎么申请（👎 1次：已过时 1）");
    expect(stats).toContain("我能申请哪些技改补贴（👎 1次：不相关 1）");
    expect(stats).not.toContain("企业上市有什么支持（👎");
  });

  it("/stats lists the 👍 answers, and an admin confirms a clause of one as the right answer, once", async () => {
    const logs = captureLogs();
    const alices = JSON.parse((await feedbackOf(ALICE.id))[0].clause_ids) as string[];
    await post(text(ADMIN, "/stats"));
    const liked = (await calls("sendMessage")).find((c) => String(c.params.text).startsWith("<b>被点 👍 的回答</b>"))!;
    expect(liked.params.text).toContain("1. 企业上市有什么支持");
    const confirms = buttonsOf(liked);
    expect(confirms.map((b) => b.text)).toEqual(alices.map((_, j) => `确认为正确答案 1${"①②③"[j]}`));
    for (const id of alices) expect(liked.params.text).toContain(`[${id}]`);

    // not an admin: refused, nothing recorded
    await reset();
    await post(press(BOB, confirms[0].callback_data));
    expect(await callbackTexts()).toEqual(["抱歉，你没有权限执行这个操作。"]);
    expect(logs.info).toContain("refused telegram:button confirm: telegram:5002 is not an admin");
    expect((await DB.prepare("SELECT count(*) AS n FROM confirmed_pairs").first<{ n: number }>())!.n).toBe(0);

    await post(press(ADMIN, confirms[0].callback_data));
    await post(press(ADMIN, confirms[0].callback_data));
    expect((await callbackTexts()).slice(1)).toEqual(["已确认为正确答案①", "这一对已经确认过了。"]);
    const pairs = (await DB.prepare("SELECT question, clause_id, snippet, confirmed_by FROM confirmed_pairs").all<{ snippet: string }>()).results;
    expect(pairs).toEqual([{ question: "企业上市有什么支持", clause_id: alices[0], snippet: expect.any(String), confirmed_by: ADMIN.id }]);
    const index = bundledIndex();
    const clause = [...Array(index.manifest.clauses).keys()].map((p) => hitAt(index, p)!).find((h) => h.id === alices[0])!;
    expect(pairs[0].snippet.length).toBeGreaterThan(5);
    expect(clause.text.startsWith(pairs[0].snippet)).toBe(true);
    expect(audited(logs).map((a) => [a.action, a.ok, a.detail])).toEqual([["confirm answer", true, `"企业上市有什么支持" → ${alices[0]}`]]);
  });
});

describe("privacy", () => {
  it("/privacy says in Chinese what is kept and for how long", async () => {
    await post(text(ALICE, "/privacy"));
    const [reply] = await sentTexts();
    expect(reply).toContain("Telegram 用户编号");
    expect(reply).toContain("30 天后自动删除");
    expect(reply).toContain("400 天");
    expect(reply).toContain("订阅");
    expect(reply).toContain("/forget");
  });

  it("/forget deletes the user's answers and feedback after a confirmation, and no one else's", async () => {
    expect(await count("answers", ALICE.id)).toBeGreaterThan(0);
    expect(await count("feedback", ALICE.id)).toBe(1);
    const bobs = [await count("answers", BOB.id), await count("feedback", BOB.id)];
    const answers = await count("answers", ALICE.id);
    await post(text(ALICE, "/forget"));
    const [confirm] = await calls("sendMessage");
    expect(confirm.params.text).toContain(`${answers} 条提问记录、1 条评价`);
    const [yes, no] = buttonsOf(confirm);
    expect([yes.text, no.text]).toEqual(["确认删除", "取消"]);
    // nothing deleted before the button
    expect(await count("answers", ALICE.id)).toBe(answers);
    await post(press(ALICE, no.callback_data));
    expect((await calls("editMessageText")).at(-1)!.params.text).toBe("已取消，没有删除任何记录。");
    expect(await count("answers", ALICE.id)).toBe(answers);

    await post(press(ALICE, yes.callback_data));
    expect((await calls("editMessageText")).at(-1)!.params.text).toContain(`已删除与你相关的全部记录（共 ${answers + 1} 条）`);
    expect(await count("answers", ALICE.id)).toBe(0);
    expect(await count("feedback", ALICE.id)).toBe(0);
    expect([await count("answers", BOB.id), await count("feedback", BOB.id)]).toEqual(bobs);
    await reset();
    await post(text(ALICE, "/forget"));
    expect(await sentTexts()).toEqual(["我们没有保存与你相关的记录，无需删除。"]);
  });
});
