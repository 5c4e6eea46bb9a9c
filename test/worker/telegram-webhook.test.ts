// The Telegram bot end to end inside workerd: real-shaped updates posted to the real webhook
// route, the Bot API root pointed at the local stand-in (test/support/bot-api-stand-in.ts),
// and assertions on what the bot sent.
import { SELF, env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { captureLogs } from "../support/logs.js";

const API = "https://botapi.test";
const SECRET = (env as Record<string, string>).WEBHOOK_SECRET;
const BOT = JSON.parse((env as Record<string, string>).BOT_INFO) as { id: number; username: string };
const USER = { id: 1001, is_bot: false, first_name: "张三", language_code: "zh-hans" };
const PRIVATE = { id: 1001, type: "private", first_name: "张三" };
const GROUP = { id: -100200300, type: "supergroup", title: "园区企业服务群" };

interface Call {
  method: string;
  params: Record<string, any>;
}

let nextUpdateId = Math.floor(Math.random() * 1e6) * 100;
let nextMessageId = 1;

/** secret null: no header at all. */
async function post(update: object, secret: string | null = SECRET, body?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret !== null) headers["x-telegram-bot-api-secret-token"] = secret;
  return SELF.fetch("https://example.com/telegram/webhook", { method: "POST", headers, body: body ?? JSON.stringify(update) });
}

function message(text: string, chat: object = PRIVATE, extra: object = {}) {
  return { message_id: nextMessageId++, date: 1763800000, chat, from: USER, text, ...extra };
}

const textUpdate = (text: string, chat?: object, extra?: object) => ({ update_id: nextUpdateId++, message: message(text, chat, extra) });
const commandUpdate = (command: string, rest = "", chat?: object) =>
  textUpdate(`${command}${rest ? " " + rest : ""}`, chat, { entities: [{ type: "bot_command", offset: 0, length: command.length }] });

async function calls(): Promise<Call[]> {
  return (await (await fetch(`${API}/__control/calls`)).json()) as Call[];
}

const sent = async (method = "sendMessage") => (await calls()).filter((c) => c.method === method);
const buttonsOf = (call: Call) => (call.params.reply_markup?.inline_keyboard ?? []).flat() as { text: string; callback_data: string }[];

async function lastAnswerButtons(): Promise<{ text: string; callback_data: string }[]> {
  const messages = await sent();
  return buttonsOf(messages.at(-1)!);
}

beforeEach(async () => {
  await fetch(`${API}/__control/reset`, { method: "POST" });
});

describe("webhook: who may post and what", () => {
  it("refuses a missing or wrong secret with 401 and sends nothing", async () => {
    expect((await post(textUpdate("技改补贴"), null)).status).toBe(401);
    const wrong = await post(textUpdate("技改补贴"), "not-the-secret");
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: "unauthorized" });
    expect(await calls()).toEqual([]);
  });

  it("answers 400 to a body that is not an update", async () => {
    for (const body of ["{not json", "[]", '{"hello":1}', '{"update_id":"x","message":{}}', '{"update_id":5}']) {
      const res = await post({}, SECRET, body);
      expect(res.status, body).toBe(400);
      expect(await res.json()).toMatchObject({ error: "invalid_request" });
    }
    expect(await calls()).toEqual([]);
  });

  it("answers a repeated update_id once", async () => {
    const update = textUpdate("新认定高新技术企业有什么奖励");
    expect((await post(update)).status).toBe(200);
    const again = await post(update);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect((await sent()).length).toBeGreaterThanOrEqual(1);
    const count = (await sent()).length;
    await post(update);
    expect((await sent()).length).toBe(count);
  });
});

describe("private chat", () => {
  it("answers a question with cited clauses, HTML the Bot API accepts, and buttons", async () => {
    const res = await post(textUpdate("我能申请哪些技改补贴"));
    expect(res.status).toBe(200);
    const messages = await sent();
    expect(messages.length).toBeGreaterThanOrEqual(1);
    for (const m of messages) {
      expect(m.params.chat_id).toBe(PRIVATE.id);
      expect(m.params.parse_mode).toBe("HTML");
    }
    const text = messages.map((m) => m.params.text).join("\n");
    expect(text).toContain("问：我能申请哪些技改补贴");
    // each document's citation once, above its clauses
    expect(text).toMatch(/【1】《[^》]+》/);
    expect(text).toContain("技术改造");
    const buttons = await lastAnswerButtons();
    expect(buttons.some((b) => b.text.startsWith("查看原文"))).toBe(true);
    expect(buttons.some((b) => b.text.startsWith("来源文件"))).toBe(true);
    for (const b of buttons) expect(new TextEncoder().encode(b.callback_data).length).toBeLessThanOrEqual(64);
  });

  it("says plainly when nothing relevant is found and lists what it covers", async () => {
    await post(textUpdate("今天天气怎么样"));
    const [m] = await sent();
    expect(m.params.text).toContain("没有找到");
    expect(m.params.text).toContain("《");
  });

  it("/start welcomes with what it knows and example questions as buttons that ask them", async () => {
    await post(commandUpdate("/start"));
    const [m] = await sent();
    expect(m.params.text).toContain("政策通");
    expect(m.params.text).toMatch(/收录 5 份文件/);
    const examples = buttonsOf(m);
    expect(examples.length).toBeGreaterThanOrEqual(3);
    await fetch(`${API}/__control/reset`, { method: "POST" });
    await post({ update_id: nextUpdateId++, callback_query: { id: "cb1", from: USER, chat_instance: "1", data: examples[0].callback_data, message: { message_id: 5, date: 1, chat: PRIVATE, text: "x" } } });
    expect((await sent("answerCallbackQuery")).length).toBe(1);
    expect((await sent()).map((c) => c.params.text).join("\n")).toContain(`问：${examples[0].text}`);
  });

  it("/help says how to ask, what it cannot do and that answers are not legal advice", async () => {
    await post(commandUpdate("/help"));
    const [m] = await sent();
    expect(m.params.text).toContain("不能做什么");
    expect(m.params.text).toContain("不构成法律意见");
  });

  it("/docs lists every document with its 文号, issuer and warnings", async () => {
    await post(commandUpdate("/docs"));
    const text = (await sent()).map((m) => m.params.text).join("\n");
    expect(text.match(/《/g)?.length).toBeGreaterThanOrEqual(5);
    expect(text).toContain("征求意见稿");
  });

  it("/docs shows each document's status; /deadlines says the seeds state no deadline", async () => {
    await post(commandUpdate("/docs"));
    const docs = (await sent()).map((m) => m.params.text).join("\n");
    expect(docs).toContain("状态：有效");
    expect(docs).toContain("状态：征求意见稿 · 已过期");
    expect(docs).toContain("状态：工作计划或汇报");
    await fetch(`${API}/__control/reset`, { method: "POST" });
    await post(commandUpdate("/deadlines"));
    expect((await sent()).map((m) => m.params.text)).toEqual(["收录的文件里没有找到写明申报、报送期限的条款。"]);
  });

  it("a sticker gets a one-line hint", async () => {
    await post({ update_id: nextUpdateId++, message: { message_id: nextMessageId++, date: 1, chat: PRIVATE, from: USER, sticker: { file_id: "s", file_unique_id: "s", type: "regular", width: 512, height: 512, is_animated: false, is_video: false } } });
    const [m] = await sent();
    expect(m.params.text).toContain("只能读文字");
  });

  it("an edited question is answered again", async () => {
    await post({ update_id: nextUpdateId++, edited_message: { ...message("高新技术企业认定奖励"), edit_date: 1763800100 } });
    expect((await sent()).map((m) => m.params.text).join("\n")).toContain("问：高新技术企业认定奖励");
  });
});

describe("buttons", () => {
  async function press(data: string, messageText = "问：我能申请哪些技改补贴\n…") {
    await fetch(`${API}/__control/reset`, { method: "POST" });
    const res = await post({ update_id: nextUpdateId++, callback_query: { id: `cb${nextUpdateId}`, from: USER, chat_instance: "1", data, message: { message_id: 9, date: 1, chat: PRIVATE, text: messageText } } });
    expect(res.status).toBe(200);
    return { answers: await sent("answerCallbackQuery"), messages: await sent() };
  }

  it("查看原文, 更多结果 and 来源文件 each send what they say", async () => {
    await post(textUpdate("我能申请哪些技改补贴"));
    const buttons = await lastAnswerButtons();
    const view = buttons.find((b) => b.text.startsWith("查看原文"))!;
    const clause = await press(view.callback_data);
    expect(clause.answers).toHaveLength(1);
    expect(clause.messages.map((m) => m.params.text).join("\n")).toContain("出处：");

    const more = buttons.find((b) => b.text === "更多结果");
    expect(more).toBeDefined();
    const next = await press(more!.callback_data);
    expect(next.messages.map((m) => m.params.text).join("\n")).toContain("问：我能申请哪些技改补贴");

    const source = buttons.find((b) => b.text.startsWith("来源文件"))!;
    const card = await press(source.callback_data);
    expect(card.messages[0].params.text).toMatch(/《[^》]+》/);
    expect(card.messages[0].params.text).toMatch(/发文机关|文号/);
  });

  it("the answer shows the relevant clause only; 更多结果 reaches the clauses left out", async () => {
    const question = "直购电和富余电量政策";
    const ranked = (await (await SELF.fetch(`https://example.com/api/search?q=${encodeURIComponent(question)}&k=5`)).json()) as { results: { label: string; text: string; score: number }[] };
    expect(ranked.results).toHaveLength(5);
    await post(textUpdate(question));
    const answer = (await sent()).map((m) => m.params.text).join("\n");
    expect(answer).toContain("落实直购电和富余电量政策");
    const buttons = await lastAnswerButtons();
    // one clause shown: one 查看原文, unnumbered
    expect(buttons.filter((b) => b.text.startsWith("查看原文")).map((b) => b.text)).toEqual(["查看原文"]);
    const more = buttons.find((b) => b.text === "更多结果")!;
    expect(more).toBeDefined();
    const next = await press(more.callback_data, `问：${question}`);
    const page = next.messages.map((m) => m.params.text).join("\n");
    expect(page).toContain(`问：${question}`);
    // the next page: the clauses ranked second to fourth, though they scored too low for the answer
    for (const r of ranked.results.slice(1, 4)) expect(page).toContain(r.label);
    expect(page).not.toContain("落实直购电和富余电量政策");
  });

  it("a button from before the index changed gets a clear reply, not an error", async () => {
    const { answers, messages } = await press("c:00000000:1");
    expect(answers).toHaveLength(1);
    expect(answers[0].params.text).toContain("资料库已经更新");
    expect(answers[0].params.show_alert).toBe(true);
    expect(messages).toEqual([]);
  });

  it("data the bot did not make gets a clear reply", async () => {
    const { answers } = await press("garbage-data");
    expect(answers[0].params.text).toContain("无法识别");
  });
});

describe("inline mode", () => {
  it("offers matching clauses as self-contained articles", async () => {
    await post({ update_id: nextUpdateId++, inline_query: { id: "iq1", from: USER, query: "技改补贴", offset: "" } });
    const [call] = await sent("answerInlineQuery");
    expect(call.params.inline_query_id).toBe("iq1");
    const results = call.params.results as { id: string; title: string; input_message_content: { message_text: string; parse_mode: string } }[];
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r.input_message_content.parse_mode).toBe("HTML");
      // standing alone: its path in bold, its document's citation under it
      expect(r.input_message_content.message_text).toMatch(/^<b>[^<]+<\/b>\n/);
      expect(r.input_message_content.message_text).toMatch(/\n出处：《[^》]+》/);
      expect(r.title.length).toBeLessThanOrEqual(64);
    }
  });
});

describe("groups", () => {
  it("ignores chatter, answers a mention, /ask and a reply to the bot", async () => {
    await post(textUpdate("大家好，今天开会", GROUP));
    expect(await calls()).toEqual([]);

    const text = `@${BOT.username} 技改补贴有哪些`;
    await post(textUpdate(text, GROUP, { entities: [{ type: "mention", offset: 0, length: BOT.username.length + 1 }] }));
    let messages = await sent();
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0].params.chat_id).toBe(GROUP.id);
    expect(messages[0].params.reply_parameters?.message_id).toBeDefined();
    expect(messages.map((m) => m.params.text).join("\n")).toContain("问：技改补贴有哪些");

    await fetch(`${API}/__control/reset`, { method: "POST" });
    await post(commandUpdate(`/ask@${BOT.username}`, "高新技术企业奖励", GROUP));
    messages = await sent();
    expect(messages.map((m) => m.params.text).join("\n")).toContain("问：高新技术企业奖励");

    await fetch(`${API}/__control/reset`, { method: "POST" });
    await post(textUpdate("那贷款贴息呢", GROUP, { reply_to_message: { message_id: 3, date: 1, chat: GROUP, from: { id: BOT.id, is_bot: true, first_name: "政策通", username: BOT.username }, text: "问：…" } }));
    expect((await sent()).length).toBeGreaterThan(0);
  });
});

describe("failures", () => {
  it("retries a 429 and a 5xx, then delivers", async () => {
    await fetch(`${API}/__control/fail`, { method: "POST", body: JSON.stringify({ method: "sendMessage", times: 1, error_code: 429, description: "Too Many Requests: retry after 1", retry_after: 1 }) });
    await fetch(`${API}/__control/fail`, { method: "POST", body: JSON.stringify({ method: "sendMessage", times: 1, error_code: 502, description: "Bad Gateway" }) });
    const res = await post(commandUpdate("/help"));
    expect(res.status).toBe(200);
    const attempts = await sent();
    expect(attempts.length).toBe(3);
  });

  it("a send that keeps failing is logged, and the webhook still answers 200", async () => {
    const logs = captureLogs();
    await fetch(`${API}/__control/fail`, { method: "POST", body: JSON.stringify({ method: "sendMessage", times: 10, error_code: 400, description: "Bad Request: chat not found" }) });
    const res = await post(commandUpdate("/help"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    // one line: the update, the method and what Telegram said (no token, no retries of a 400)
    expect(logs.errors).toHaveLength(1);
    expect(logs.errors[0]).toMatch(/^telegram update \d+ failed: update \d+: Telegram sendMessage: 400 Bad Request: chat not found/);
    expect(logs.errors[0]).not.toContain((env as Record<string, string>).BOT_TOKEN);
  });
});

describe("health", () => {
  it("/healthz says whether the bot is configured, without its secrets", async () => {
    const res = await SELF.fetch("https://example.com/healthz");
    const body = await res.json();
    expect(body).toMatchObject({ status: "ok", bot: { configured: true } });
    expect(JSON.stringify(body)).not.toContain(SECRET);
  });
});
