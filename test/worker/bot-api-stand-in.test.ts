// Smoke test of the Bot API stand-in (test/support/bot-api-stand-in.ts), from inside
// workerd with plain fetch: the outbound service routes https://botapi.test to it.
import { env } from "cloudflare:workers";
import { Api, InputFile } from "grammy";
import { beforeEach, describe, expect, it } from "vitest";
import { standIn, TEST_BOT_USER, TEST_WORKER_BINDINGS } from "../support/bot-api-stand-in.js";

const bindings = env as unknown as Record<string, string>;
const api = (method: string, token = bindings.BOT_TOKEN) => `${bindings.TELEGRAM_API_ROOT}/bot${token}/${method}`;
const call = async (method: string, params: Record<string, unknown> = {}, token?: string) => {
  const response = await fetch(api(method, token), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: await response.json<Record<string, any>>() };
};
const badRequest = (description: string | RegExp) => ({
  status: 400,
  body: { ok: false, error_code: 400, description: typeof description === "string" ? `Bad Request: ${description}` : expect.stringMatching(description) },
});
const entitiesError = /^Bad Request: can't parse entities: /;

beforeEach(async () => {
  await standIn.reset();
});

describe("worker bindings", () => {
  it("are the test settings", () => {
    expect(bindings.BOT_TOKEN).toBe("123456:TEST-token-for-the-stand-in-000000000");
    expect(bindings.WEBHOOK_SECRET).toBe("test-webhook-secret");
    expect(bindings.TELEGRAM_API_ROOT).toBe("https://botapi.test");
    expect(bindings.ADMIN_IDS).toBe("42");
    expect(JSON.parse(bindings.BOT_INFO)).toEqual(TEST_BOT_USER);
    expect(bindings).toMatchObject(TEST_WORKER_BINDINGS);
  });
});

describe("Bot API stand-in", () => {
  it("answers getMe with the test bot", async () => {
    const { status, body } = await call("getMe");
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, result: TEST_BOT_USER });
    expect(body.result).toMatchObject({ id: 7000000001, is_bot: true, username: "zhengcetong_test_bot", can_read_all_group_messages: false, supports_inline_queries: true });
  });

  it("records sendMessage with good HTML and answers a Message", async () => {
    const reply_markup = { inline_keyboard: [[{ text: "更多", callback_data: "more:1" }]] };
    const text = '<b>高新技术企业</b> 奖励 &lt;10万元&gt; &amp; <a href="https://example.com/?a=1&amp;b=2">原文</a> <tg-spoiler>x</tg-spoiler>';
    const first = await call("sendMessage", { chat_id: 1001, text, parse_mode: "HTML", reply_markup });
    expect(first.status).toBe(200);
    expect(first.body.ok).toBe(true);
    expect(first.body.result).toMatchObject({
      message_id: 1,
      chat: { id: 1001, type: "private" },
      from: { id: 7000000001, is_bot: true, username: "zhengcetong_test_bot" },
      text: "高新技术企业 奖励 <10万元> & 原文 x",
      reply_markup,
    });
    expect(first.body.result.entities).toEqual([
      { type: "bold", offset: 0, length: 6 },
      { type: "text_link", offset: 19, length: 2, url: "https://example.com/?a=1&b=2" },
      { type: "spoiler", offset: 22, length: 1 },
    ]);
    expect(first.body.result.date).toBeGreaterThan(1_700_000_000);

    const second = await call("sendMessage", { chat_id: 1001, text: "again" });
    expect(second.body.result.message_id).toBe(2);
    const group = await call("sendMessage", { chat_id: -100123, text: "hi" });
    expect(group.body.result).toMatchObject({ message_id: 1, chat: { id: -100123, type: "supergroup" } });

    const calls = await standIn.calls("sendMessage");
    expect(calls).toHaveLength(3);
    expect(calls[0]).toEqual({
      seq: 1,
      token: bindings.BOT_TOKEN,
      method: "sendMessage",
      params: { chat_id: 1001, text, parse_mode: "HTML", reply_markup },
      ok: true,
      status: 200,
    });
  });

  it("accepts every supported tag and numeric entities", async () => {
    const text =
      "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>t</strike><del>d</del>" +
      '<code>c</code><pre><code class="language-ts">p</code></pre><blockquote>q</blockquote>' +
      '<span class="tg-spoiler">x</span> &#20013;&#x6587; &quot;';
    const { status, body } = await call("sendMessage", { chat_id: 5, text, parse_mode: "HTML" });
    expect(status).toBe(200);
    expect(body.result.text).toBe('bsieunstdcpqx 中文 "');
    expect(body.result.entities).toContainEqual({ type: "pre", offset: 10, length: 1, language: "ts" });
  });

  it.each([
    ["an unsupported tag", "<foo>x</foo>"],
    ["an unclosed tag", "<b>bold"],
    ["mismatched tags", "<b><i>x</b></i>"],
    ["an end tag without start", "x</b>"],
    ["a bare &", "A & B"],
    ["an unknown named entity", "a&nbsp;b"],
    ["a bare <", "1 < 2"],
    ["a without href", "<a>x</a>"],
    ["span without the spoiler class", '<span class="x">y</span>'],
  ])("rejects HTML with %s", async (_, text) => {
    expect(await call("sendMessage", { chat_id: 1, text, parse_mode: "HTML" })).toEqual(badRequest(entitiesError));
    expect(await call("editMessageText", { chat_id: 1, message_id: 1, text, parse_mode: "HTML" })).toEqual(badRequest(entitiesError));
  });

  it("leaves text without parse_mode alone", async () => {
    const { body } = await call("sendMessage", { chat_id: 1, text: "1 < 2 & <foo>" });
    expect(body.result.text).toBe("1 < 2 & <foo>");
  });

  it("rejects empty and too long text by visible UTF-16 length", async () => {
    expect(await call("sendMessage", { chat_id: 1, text: "" })).toEqual(badRequest("message text is empty"));
    expect(await call("sendMessage", { chat_id: 1, text: "<b> </b>", parse_mode: "HTML" })).toEqual(badRequest("message text is empty"));
    expect(await call("sendMessage", { chat_id: 1, text: "x".repeat(4097) })).toEqual(badRequest("message is too long"));
    expect(await call("sendMessage", { chat_id: 1, text: "😀".repeat(2049) })).toEqual(badRequest("message is too long"));
    expect((await call("sendMessage", { chat_id: 1, text: `<b>${"x".repeat(4096)}</b>`, parse_mode: "HTML" })).status).toBe(200);
    expect((await call("sendMessage", { chat_id: 1, text: "&amp;".repeat(4096), parse_mode: "HTML" })).status).toBe(200);
  });

  it("rejects callback_data over 64 bytes", async () => {
    const keyboard = (data: string) => ({ inline_keyboard: [[{ text: "ok", callback_data: "a" }], [{ text: "x", callback_data: data }]] });
    expect(await call("sendMessage", { chat_id: 1, text: "x", reply_markup: keyboard("d".repeat(65)) })).toEqual(badRequest("BUTTON_DATA_INVALID"));
    expect(await call("sendMessage", { chat_id: 1, text: "x", reply_markup: keyboard("政".repeat(22)) })).toEqual(badRequest("BUTTON_DATA_INVALID"));
    expect((await call("sendMessage", { chat_id: 1, text: "x", reply_markup: keyboard("d".repeat(64)) })).status).toBe(200);
    expect(await call("editMessageText", { chat_id: 1, message_id: 1, text: "y", reply_markup: keyboard("d".repeat(65)) })).toEqual(
      badRequest("BUTTON_DATA_INVALID"),
    );
  });

  it("takes URL buttons to absolute http(s) addresses on a host with a dot, or tg:, and refuses the rest", async () => {
    const keyboard = (url: string) => ({ inline_keyboard: [[{ text: "ok", callback_data: "a" }], [{ text: "打开", url }]] });
    for (const url of ["https://zct.example.org/q?q=%E6%8A%80%E6%94%B9", "http://127.0.0.1:8787/c/x", "tg://resolve?domain=zhengcetong_test_bot"]) {
      const sent = await call("sendMessage", { chat_id: 1, text: "x", reply_markup: keyboard(url) });
      expect(sent.status, url).toBe(200);
      expect(sent.body.result.reply_markup).toEqual(keyboard(url));
    }
    for (const url of ["/q?q=x", "zct.example.org/q", "ftp://zct.example.org/", "javascript:alert(1)", "http://localhost:8787/q?q=x", "https://zct/d/1", ""])
      expect(await call("sendMessage", { chat_id: 1, text: "x", reply_markup: keyboard(url) }), url).toEqual(badRequest("BUTTON_URL_INVALID"));
    const inline = (url: string) => ({ type: "article", id: "1", title: "t", input_message_content: { message_text: "x" }, reply_markup: keyboard(url) });
    expect(await call("answerInlineQuery", { inline_query_id: "1", results: [inline("/c/1")] })).toEqual(badRequest("BUTTON_URL_INVALID"));
    expect((await call("answerInlineQuery", { inline_query_id: "1", results: [inline("https://zct.example.org/c/1")] })).status).toBe(200);
  });

  it("refuses a keyboard of more than 100 buttons or over 10 kB", async () => {
    const buttons = (n: number, url = "https://zct.example.org/") => ({ inline_keyboard: Array.from({ length: Math.ceil(n / 8) }, (_, r) => Array.from({ length: Math.min(8, n - 8 * r) }, (_, i) => ({ text: `${8 * r + i}`, url }))) });
    expect((await call("sendMessage", { chat_id: 1, text: "x", reply_markup: buttons(100) })).status).toBe(200);
    expect(await call("sendMessage", { chat_id: 1, text: "x", reply_markup: buttons(101) })).toEqual(badRequest("reply markup is too long"));
    const long = `https://zct.example.org/q?q=${"%E6%8A%80".repeat(400)}`;
    expect((await call("sendMessage", { chat_id: 1, text: "x", reply_markup: buttons(2, long) })).status).toBe(200);
    expect(await call("sendMessage", { chat_id: 1, text: "x", reply_markup: buttons(3, long) })).toEqual(badRequest("reply markup is too long"));
  });

  it("edits, and refuses an edit that changes nothing", async () => {
    await call("sendMessage", { chat_id: 9, text: "<b>a</b>", parse_mode: "HTML" });
    const edited = await call("editMessageText", { chat_id: 9, message_id: 1, text: "<b>b</b>", parse_mode: "HTML" });
    expect(edited.body.result).toMatchObject({ message_id: 1, chat: { id: 9 }, text: "b", entities: [{ type: "bold", offset: 0, length: 1 }] });
    expect(await call("editMessageText", { chat_id: 9, message_id: 1, text: "<b>b</b>", parse_mode: "HTML" })).toEqual(badRequest(/^Bad Request: message is not modified/));
  });

  it("validates answerInlineQuery results", async () => {
    const article = (id: string, message_text = "x") => ({ type: "article", id, title: "t", input_message_content: { message_text, parse_mode: "HTML" } });
    const many = Array.from({ length: 51 }, (_, i) => article(String(i)));
    expect(await call("answerInlineQuery", { inline_query_id: "1", results: many })).toEqual(badRequest("RESULTS_TOO_MUCH"));
    expect(await call("answerInlineQuery", { inline_query_id: "1", results: [article("i".repeat(65))] })).toEqual(badRequest("RESULT_ID_INVALID"));
    expect(await call("answerInlineQuery", { inline_query_id: "1", results: [article("1", "<b>x")] })).toEqual(badRequest(entitiesError));
    expect(await call("answerInlineQuery", { inline_query_id: "1", results: many.slice(0, 50) })).toEqual({ status: 200, body: { ok: true, result: true } });
  });

  it("answers true for the simple methods and 404 for unknown ones", async () => {
    for (const method of ["answerCallbackQuery", "deleteWebhook", "sendChatAction"])
      expect(await call(method, { callback_query_id: "1", chat_id: 1, action: "typing" })).toEqual({ status: 200, body: { ok: true, result: true } });
    expect((await call("setWebhook", { url: "https://example.com/telegram", secret_token: "s" })).body).toEqual({ ok: true, result: true });
    expect((await call("setMyCommands", { commands: [{ command: "start", description: "开始" }] })).body).toEqual({ ok: true, result: true });
    expect(await call("sendTelepathy")).toEqual({ status: 404, body: { ok: false, error_code: 404, description: "Not Found: method not found" } });
  });

  it("answers 401 to bad-token, and records the token", async () => {
    expect(await call("getMe", {}, "bad-token")).toEqual({ status: 401, body: { ok: false, error_code: 401, description: "Unauthorized" } });
    expect((await call("getMe", {}, "999:another")).status).toBe(200);
    expect((await standIn.calls()).map((c) => [c.token, c.status])).toEqual([
      ["bad-token", 401],
      ["999:another", 200],
    ]);
  });

  it("fails as programmed: 429 with retry_after, then succeeds", async () => {
    await standIn.fail({ method: "sendMessage", times: 2, error_code: 429, description: "Too Many Requests: retry after 3", retry_after: 3 });
    const tooMany = { status: 429, body: { ok: false, error_code: 429, description: "Too Many Requests: retry after 3", parameters: { retry_after: 3 } } };
    expect(await call("getMe")).toMatchObject({ status: 200 });
    expect(await call("sendMessage", { chat_id: 1, text: "a" })).toEqual(tooMany);
    expect(await call("sendMessage", { chat_id: 1, text: "a" })).toEqual(tooMany);
    expect(await call("sendMessage", { chat_id: 1, text: "a" })).toMatchObject({ status: 200, body: { ok: true } });
    expect((await standIn.calls("sendMessage")).map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it("reset clears calls and failure programs", async () => {
    await call("getMe");
    await standIn.fail({ method: "getMe", error_code: 500, description: "Internal Server Error" });
    expect(await standIn.calls()).toHaveLength(1);
    await standIn.reset();
    expect(await standIn.calls()).toEqual([]);
    expect((await call("getMe")).status).toBe(200);
    expect((await standIn.calls())[0].seq).toBe(1);
  });

  it("parses urlencoded, multipart and query-string params", async () => {
    await fetch(`${api("sendMessage")}?disable_notification=true`, {
      method: "POST",
      body: new URLSearchParams({ chat_id: "7", text: "form", reply_markup: JSON.stringify({ inline_keyboard: [[{ text: "a", callback_data: "b" }]] }) }),
    });
    const form = new FormData();
    form.set("chat_id", "-1007");
    form.set("text", "multi");
    form.set("doc", new File([new Uint8Array([1, 2, 3])], "a.bin", { type: "application/octet-stream" }));
    await fetch(api("sendMessage"), { method: "POST", body: form });
    const [urlencoded, multipart] = await standIn.calls();
    expect(urlencoded.params).toEqual({
      disable_notification: "true",
      chat_id: "7",
      text: "form",
      reply_markup: { inline_keyboard: [[{ text: "a", callback_data: "b" }]] },
    });
    expect(urlencoded.ok).toBe(true);
    expect(multipart.params).toEqual({ chat_id: "-1007", text: "multi", doc: { filename: "a.bin", contentType: "application/octet-stream", size: 3 } });
    expect(multipart.ok).toBe(true);
  });

  it("talks with grammY's Api, JSON and multipart", async () => {
    const bot = new Api(bindings.BOT_TOKEN, { apiRoot: bindings.TELEGRAM_API_ROOT });
    expect(await bot.getMe()).toEqual(TEST_BOT_USER);
    const sent = await bot.sendMessage(3, "<i>hi</i>", { parse_mode: "HTML", reply_markup: { inline_keyboard: [[{ text: "a", callback_data: "b" }]] } });
    expect(sent).toMatchObject({ message_id: 1, text: "hi" });
    await expect(bot.sendMessage(3, "<b>hi", { parse_mode: "HTML" })).rejects.toMatchObject({ error_code: 400, description: expect.stringMatching(entitiesError) });
    // an InputFile anywhere in the payload makes grammY send multipart/form-data
    await bot.raw.sendMessage({ chat_id: 3, text: "with file", reply_markup: { inline_keyboard: [[{ text: "a", callback_data: "c" }]] }, file: new InputFile(new Uint8Array([9, 9]), "f.bin") } as never);
    const last = (await standIn.calls()).at(-1)!;
    expect(last.ok).toBe(true);
    expect(last.params).toMatchObject({ chat_id: "3", text: "with file", reply_markup: { inline_keyboard: [[{ text: "a", callback_data: "c" }]] }, file: expect.stringMatching(/^attach:\/\//) });
    const fileKey = String(last.params.file).slice("attach://".length);
    expect(last.params[fileKey]).toEqual({ filename: "f.bin", contentType: "application/octet-stream", size: 2 });
  });

  it("blocks other outbound fetches clearly", async () => {
    const response = await fetch("https://api.telegram.org/bot1:x/getMe");
    expect(response.status).toBe(502);
    expect(await response.text()).toContain("Outbound fetch blocked in tests: GET https://api.telegram.org/bot1:x/getMe");
  });
});
