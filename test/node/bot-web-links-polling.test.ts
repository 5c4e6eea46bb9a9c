// PUBLIC_BASE_URL on Node (`npm start` with BOT_TOKEN, long polling; the settings from
// process.env): the answers and inline results link to the web pages, and a bad value is said
// at start and in /healthz, then ignored (the bot answers without links). Against the Bot API
// stand-in served over HTTP, which refuses what Telegram would (test/support/bot-api-stand-in.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_BOT_TOKEN, type RecordedCall } from "../support/bot-api-stand-in.js";
import { startStandInServer, type StandInServer } from "../support/bot-api-stand-in-server.js";
import { runScript, until, type Run } from "../support/node-process.js";

const USER = { id: 1001, is_bot: false, first_name: "王", language_code: "zh-hans" };
const CHAT = { id: 1001, type: "private", first_name: "王" };
const QUESTION = "我能申请哪些技改补贴";
let messageId = 100;
const text = (t: string) => ({ message: { message_id: messageId++, date: Math.floor(Date.now() / 1000), chat: CHAT, from: USER, text: t } });
const inline = (query: string) => ({ inline_query: { id: `iq${messageId++}`, from: USER, query, offset: "" } });

interface Button {
  text: string;
  url?: string;
  callback_data?: string;
}
const buttonsOf = (c: RecordedCall) => ((c.params.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat();

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Started extends Run {
  port: number;
}

function start(env: Record<string, string>): Started {
  const data = mkdtempSync(join(tmpdir(), "zct-links-"));
  dirs.push(data);
  const port = 21000 + Math.floor(Math.random() * 4000);
  return { ...runScript("src/node.ts", ["--port", String(port)], { DATA_DIR: data, ...env }), port };
}

let api: StandInServer;
beforeAll(async () => {
  api = await startStandInServer();
});
afterAll(async () => {
  await api?.close();
});

/** Queues a question and an inline query; returns the answer's messages and the inline answer, once sent. */
async function askBoth(): Promise<{ answer: RecordedCall[]; inlineAnswer: RecordedCall }> {
  await api.control.queueUpdates([text(QUESTION), inline("技改补贴")]);
  return until("the answer and the inline results", async () => {
    const answer = await api.control.calls("sendMessage");
    const [inlineAnswer] = await api.control.calls("answerInlineQuery");
    return answer.length > 0 && inlineAnswer ? { answer, inlineAnswer } : undefined;
  });
}

describe("npm start with PUBLIC_BASE_URL", () => {
  let bot: Started;
  beforeAll(async () => {
    await api.control.reset();
    bot = start({ BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_API_ROOT: api.url, PUBLIC_BASE_URL: "https://zct.example.org/" });
    await until("the bot to poll", () => (/is polling/.test(bot.out()) ? true : undefined));
  });
  afterAll(() => {
    bot?.child.kill("SIGKILL");
  });

  it("answers with 在网页中打开 and 来源文件 to the web pages, and inline results with the clause's page", async () => {
    const { answer, inlineAnswer } = await askBoth();
    expect(answer.every((c) => c.ok)).toBe(true);
    const last = buttonsOf(answer.at(-1)!);
    expect(last.at(-1)).toEqual({ text: "在网页中打开", url: "https://zct.example.org/q?q=%E6%88%91%E8%83%BD%E7%94%B3%E8%AF%B7%E5%93%AA%E4%BA%9B%E6%8A%80%E6%94%B9%E8%A1%A5%E8%B4%B4" });
    expect(last.find((b) => b.text.startsWith("来源文件"))!.url).toMatch(/^https:\/\/zct\.example\.org\/d\/[0-9a-z_]+$/);
    expect(inlineAnswer.ok).toBe(true);
    const results = inlineAnswer.params.results as { reply_markup: { inline_keyboard: Button[][] }; input_message_content: { message_text: string } }[];
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      const [[button]] = r.reply_markup.inline_keyboard;
      expect(button.text).toBe("打开条款");
      expect(button.url).toMatch(/^https:\/\/zct\.example\.org\/c\/[0-9a-z_]+%3A[\d.]+$/);
      expect(r.input_message_content.message_text.split("\n").at(-1)).toBe(`网页：${button.url}`);
    }
    expect(bot.out()).not.toContain("PUBLIC_BASE_URL");
  });
});

describe("npm start with a bad PUBLIC_BASE_URL", () => {
  let bot: Started;
  beforeAll(async () => {
    await api.control.reset();
    bot = start({ BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_API_ROOT: api.url, PUBLIC_BASE_URL: "http://localhost:8787/" });
    await until("the bot to poll", () => (/is polling/.test(bot.out()) ? true : undefined));
  });
  afterAll(() => {
    bot?.child.kill("SIGKILL");
  });

  it("says so at start and in /healthz, and answers without links", async () => {
    expect(bot.out()).toContain("bot: PUBLIC_BASE_URL must name a public host (Telegram refuses link buttons to localhost or a host without a dot) (ignored: answers carry no web links)");
    const health = (await (await fetch(`http://127.0.0.1:${bot.port}/healthz`)).json()) as { bot: { error?: string } };
    expect(health.bot.error).toContain("PUBLIC_BASE_URL must name a public host");
    const { answer, inlineAnswer } = await askBoth();
    expect(answer.every((c) => c.ok)).toBe(true);
    expect(String(answer[0].params.text)).toContain(`问：${QUESTION}`);
    expect(answer.flatMap(buttonsOf).every((b) => b.callback_data && !b.url)).toBe(true);
    expect(answer.flatMap(buttonsOf).find((b) => b.text.startsWith("来源文件"))!.callback_data).toMatch(/^d:/);
    expect(JSON.stringify(inlineAnswer.params)).not.toMatch(/网页：|"url"|reply_markup|link_preview_options/);
  });
});
