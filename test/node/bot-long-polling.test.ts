// The bot from Node (`npm start` with BOT_TOKEN): long polling against the Bot API
// stand-in served over HTTP, and `npm run webhook:set` registering the webhook with it.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_BOT_TOKEN, type RecordedCall } from "../support/bot-api-stand-in.js";
import { startStandInServer, type StandInServer } from "../support/bot-api-stand-in-server.js";
import { textPdf } from "../support/hostile-files.js";
import { runScript, until, type Run } from "../support/node-process.js";
import { ROOT } from "./helpers.js";

const USER = { id: 1001, is_bot: false, first_name: "王", language_code: "zh-hans" };
const CHAT = { id: 1001, type: "private", first_name: "王" };
let messageId = 100;
const text = (t: string) => ({ message: { message_id: messageId++, date: Math.floor(Date.now() / 1000), chat: CHAT, from: USER, text: t, ...(t.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: t.split(" ")[0].length }] } : {}) } });

const data = mkdtempSync(join(tmpdir(), "zct-polling-"));
afterAll(() => rmSync(data, { recursive: true, force: true }));

// its own data folder: one npm start per folder (server.lock)
const run = (script: string, args: string[], env: Record<string, string>): Run => runScript(script, args, { DATA_DIR: data, ...env });

let api: StandInServer;
beforeAll(async () => {
  api = await startStandInServer();
});
afterAll(async () => {
  await api?.close();
});

describe("npm start with BOT_TOKEN: long polling", () => {
  let bot: Run;
  const port = 19000 + Math.floor(Math.random() * 1000);
  beforeAll(async () => {
    bot = run("src/node.ts", ["--port", String(port)], { BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_API_ROOT: api.url, ADMIN_IDS: "42" });
    await until("the bot to poll", () => (/is polling/.test(bot.out()) ? true : undefined));
  });
  afterAll(() => {
    bot?.child.kill("SIGKILL");
  });

  it("asks who it is, drops any webhook, then polls with the update types it handles", async () => {
    expect(bot.out()).toContain("bot @zhengcetong_test_bot is polling Telegram at http://127.0.0.1:");
    const calls = await api.control.calls();
    const methods = calls.map((c) => c.method);
    expect(methods.slice(0, 3)).toEqual(["setMyCommands", "getMe", "deleteWebhook"]);
    expect(calls[0].ok).toBe(true);
    expect((calls[0].params.commands as { command: string }[]).map((c) => c.command)).toEqual(["start", "ask", "docs", "deadlines", "subscribe", "subscriptions", "help", "privacy"]);
    const poll = calls.find((c) => c.method === "getUpdates")!;
    expect(methods.indexOf("getUpdates")).toBeGreaterThan(methods.indexOf("deleteWebhook"));
    expect(poll.params.allowed_updates).toEqual(["message", "edited_message", "callback_query", "inline_query"]);
    expect(Number(poll.params.timeout)).toBeGreaterThan(0);
    // polling needs no webhook secret: /healthz says the bot is configured, without one
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { bot: { configured: boolean; error?: string } };
    expect(health.bot).toEqual({ configured: true });
  });

  it("answers a question sent in a private chat with cited clauses", async () => {
    const [id] = (await api.control.queueUpdates(text("我能申请哪些技改补贴"))).queued;
    const sent = await until("the answer", async () => {
      const s = await api.control.calls("sendMessage");
      return s.length > 0 ? s : undefined;
    });
    const answer = sent.map((c) => String(c.params.text)).join("\n");
    expect(sent.every((c) => c.ok && c.params.chat_id === CHAT.id && c.params.parse_mode === "HTML")).toBe(true);
    expect(answer).toContain("问：我能申请哪些技改补贴");
    expect(answer).toMatch(/【1】《[^》]+》/);
    // the next poll confirms the update: offset moves past it, so Telegram would not resend it
    const next = await until("a poll after the update", async () =>
      (await api.control.calls("getUpdates")).find((c: RecordedCall) => Number(c.params.offset) === id + 1),
    );
    expect(next.ok).toBe(true);
  });

  it("answers /start and a sticker, each once", async () => {
    const before = (await api.control.calls("sendMessage")).length;
    await api.control.queueUpdates([text("/start"), { message: { message_id: messageId++, date: 1, chat: CHAT, from: USER, sticker: { file_id: "s", file_unique_id: "s", type: "regular", width: 512, height: 512, is_animated: false, is_video: false } } }]);
    const sent = await until("two replies", async () => {
      const s = (await api.control.calls("sendMessage")).slice(before);
      return s.length >= 2 ? s : undefined;
    });
    expect(String(sent[0].params.text)).toContain("政策通");
    expect(String(sent[1].params.text)).toMatch(/文字/);
    await new Promise((r) => setTimeout(r, 500));
    expect((await api.control.calls("sendMessage")).length).toBe(before + 2);
  });

  it("keeps serving the HTTP API beside the bot, and stops cleanly on SIGTERM", async () => {
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { status: string };
    expect(health.status).toBe("ok");
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
  });
});

describe("npm start with a malformed BOT_TOKEN", () => {
  it("says what is wrong and exits 2 without calling Telegram", async () => {
    await api.control.reset();
    const bad = run("src/node.ts", ["--port", String(20000 + Math.floor(Math.random() * 1000))], { BOT_TOKEN: "not-a-token", TELEGRAM_API_ROOT: api.url });
    expect(await bad.exited).toBe(2);
    expect(bad.out()).toContain("bot not started: BOT_TOKEN does not look like a bot token");
    expect(await api.control.calls()).toEqual([]);
  });
});

describe("npm run webhook:set", () => {
  const env = () => ({ BOT_TOKEN: TEST_BOT_TOKEN, WEBHOOK_SECRET: "s3cret-for-the-webhook", TELEGRAM_API_ROOT: api.url });

  it("registers the URL, the secret and the update types, and prints what Telegram holds", async () => {
    await api.control.reset();
    const set = run("scripts/webhook-set.ts", ["https://zhengcetong.example.workers.dev/telegram/webhook"], env());
    expect(await set.exited).toBe(0);
    const [call] = await api.control.calls("setWebhook");
    expect(call.ok).toBe(true);
    expect(call.params).toMatchObject({
      url: "https://zhengcetong.example.workers.dev/telegram/webhook",
      secret_token: "s3cret-for-the-webhook",
      allowed_updates: ["message", "edited_message", "callback_query", "inline_query"],
    });
    const [menu] = await api.control.calls("setMyCommands");
    expect(menu.ok).toBe(true);
    expect((menu.params.commands as { command: string }[]).map((c) => c.command)).toEqual(["start", "ask", "docs", "deadlines", "subscribe", "subscriptions", "help", "privacy"]);
    expect(set.out()).toContain("webhook set: https://zhengcetong.example.workers.dev/telegram/webhook");
    expect(set.out()).toContain("updates: message, edited_message, callback_query, inline_query");
  });

  it("refuses a URL that is not the worker's https webhook route, or a missing secret, before calling Telegram", async () => {
    await api.control.reset();
    const http = run("scripts/webhook-set.ts", ["http://example.com/telegram/webhook"], env());
    expect(await http.exited).toBe(2);
    expect(http.out()).toContain("usage: npm run webhook:set");
    const { WEBHOOK_SECRET: _, ...noSecret } = env();
    const missing = run("scripts/webhook-set.ts", ["https://x.example/telegram/webhook"], noSecret);
    expect(await missing.exited).toBe(2);
    expect(missing.out()).toContain("WEBHOOK_SECRET is not set");
    expect(await api.control.calls()).toEqual([]);
  });
});

describe("npm start with BOT_TOKEN: one slow update does not hold up the others", () => {
  it("a user's question is answered while an admin's large PDF is still being read", async () => {
    await api.control.reset();
    const bot = run("src/node.ts", ["--port", String(26000 + Math.floor(Math.random() * 1000))], { BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_API_ROOT: api.url, ADMIN_IDS: "42", DATA_DIR: mkdtempSync(join(tmpdir(), "zct-slow-")) });
    try {
      await until("the bot to poll", () => (/is polling/.test(bot.out()) ? true : undefined));
      // ~480 pages of text: parsed in a worker thread, which takes a while
      const seed = readFileSync(join(ROOT, "seeds", readdirSync(join(ROOT, "seeds")).find((f) => f.endsWith(".txt"))!), "utf8");
      const pdf = textPdf(seed.repeat(Math.ceil(280_000 / seed.length)).slice(0, 280_000), { name: "大文件.pdf" });
      const file = await api.control.file("大文件.pdf", pdf.bytes);
      const ADMIN = { id: 42, is_bot: false, first_name: "管理员" };
      await api.control.queueUpdates([
        { message: { message_id: messageId++, date: 1, chat: { id: 42, type: "private", first_name: "管理员" }, from: ADMIN, document: { file_id: file.file_id, file_unique_id: file.file_unique_id, file_name: "大文件.pdf", file_size: file.file_size } } },
        text("我能申请哪些技改补贴"),
      ]);
      const sent = await until("both replies", async () => {
        const s = (await api.control.calls("sendMessage")).filter((c) => c.ok);
        return s.some((c) => c.params.chat_id === 42) && s.some((c) => c.params.chat_id === CHAT.id) ? s : undefined;
      }, 60_000);
      const first = sent.findIndex((c) => c.params.chat_id === CHAT.id);
      const admin = sent.findIndex((c) => c.params.chat_id === 42);
      expect(first).toBeLessThan(admin);
      expect(String(sent[first].params.text)).toContain("问：我能申请哪些技改补贴");
    } finally {
      bot.child.kill("SIGKILL");
    }
  }, 90_000);
});
