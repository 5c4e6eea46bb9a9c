// The bot's links to the web pages (issue 13), end to end inside workerd: real-shaped updates
// posted to the worker's webhook route with and without PUBLIC_BASE_URL, and what the Bot API
// stand-in (which refuses what Telegram would refuse: URL buttons that are not absolute
// http(s) on a host with a dot, keyboards over 100 buttons or 10 kB, text over 4096) recorded.
// With the setting: 在网页中打开 (the answer's page) on every message of an answer, 来源文件 to
// the document's page, 打开条款 and a last line 网页：… on inline results. Without it, or with
// a bad value (reported by /healthz), the bot sends exactly what it sent before the setting existed.
import { createExecutionContext, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { readBotConfig } from "../../src/bot/config.js";
import { decodeButton } from "../../src/bot/callback-data.js";
import { hitAt } from "../../src/bot/positions.js";
import { createApp } from "../../src/http/app.js";
import { bundledIndex } from "../../src/search/bundled-index.js";
import type { LoadedIndex } from "../../src/search/load-index.js";
import { r2Store } from "../../src/store/r2-store.js";
import worker from "../../src/worker.js";
import {
  buttonsOf,
  GROUP,
  indexWithLongPolicy,
  inlineUpdate,
  INLINE_QUERY,
  LONG_QUESTION,
  pressUpdate,
  QUESTION,
  runLongScenarios,
  runScenarios,
  step,
  textUpdate,
  type Button,
  type Poster,
  type Sent,
  sameAnswerIds,
} from "../support/bot-scenarios.js";

const bindings = env as unknown as Record<string, unknown>;
const SECRET = bindings.WEBHOOK_SECRET as string;
const BASE = "https://zct.example.org/";
const ORIGIN = "https://zct.example.org";

type Env = Record<string, unknown>;
const withBase = (value: string | undefined): Env => (value === undefined ? bindings : { ...bindings, PUBLIC_BASE_URL: value });

const webhookRequest = (update: object) =>
  new Request("https://example.com/telegram/webhook", {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    body: JSON.stringify(update),
  });

/** The deployed worker's webhook route, with these bindings. */
const workerPoster = (e: Env): Poster => async (update) => worker.fetch(webhookRequest(update), e, createExecutionContext());
/** The same app over the index with the long document. */
const longPoster = (index: LoadedIndex, e: Env): Poster => {
  const app = createApp({ index: () => index, env: () => e });
  return async (update) => app.fetch(webhookRequest(update), e);
};

async function healthzBot(e: Env): Promise<Record<string, unknown>> {
  const res = await worker.fetch(new Request("https://example.com/healthz"), e, createExecutionContext());
  expect(res.status).toBe(200);
  return ((await res.json()) as { bot: Record<string, unknown> }).bot;
}

/** A page of the worker at a link's path, as a browser asks for it. */
async function openPage(url: string): Promise<{ status: number; body: string }> {
  const res = await worker.fetch(new Request(`https://example.com${url.slice(ORIGIN.length)}`, { headers: { accept: "text/html" } }), withBase(BASE), createExecutionContext());
  return { status: res.status, body: await res.text() };
}

const rows = (call: Sent): Button[][] => call.params.reply_markup?.inline_keyboard ?? [];
const answerPage = (question: string) => `${ORIGIN}/q?q=${encodeURIComponent(question)}`;

/** What a button's callback data points at in this index: a clause id or a document id. */
function target(index: LoadedIndex, data: string): { clause?: string; document?: string } {
  const decoded = decodeButton(data);
  if (!decoded.ok) throw new Error(`not the bot's button data: ${data}`);
  const { action } = decoded;
  if (action.kind === "clause") return { clause: hitAt(index, action.clause)!.id };
  if (action.kind === "document") return { document: index.documents[action.document].id };
  return {};
}

const LINK_ROW = /^(在网页中打开|打开条款)$/;

/**
 * A call with the links taken out: rows of 在网页中打开 / 打开条款 dropped, a 来源文件 button
 * (URL or callback) reduced to its label and document, an inline result's link line, preview
 * option and keyboard removed, and the ids each run makes up (queries, the message replied to, answers of 👍/👎) left out.
 */
function withoutLinks(index: LoadedIndex, call: Sent): Sent {
  const params = structuredClone(call.params);
  delete params.callback_query_id;
  delete params.inline_query_id;
  if (params.reply_parameters) params.reply_parameters.message_id = typeof params.reply_parameters.message_id;
  if (params.reply_markup) {
    const kept = (params.reply_markup.inline_keyboard as Button[][])
      .filter((row) => !(row.length === 1 && LINK_ROW.test(row[0].text) && row[0].url))
      .map((row) =>
        row.map((b) => {
          if (!b.text.startsWith("来源文件")) return b;
          const document = b.url ? decodeURIComponent(b.url.slice(`${ORIGIN}/d/`.length)) : target(index, b.callback_data!).document;
          return { text: b.text, document };
        }),
      );
    if (kept.length === 0) delete params.reply_markup;
    else params.reply_markup = { inline_keyboard: kept };
  }
  for (const r of params.results ?? []) {
    delete r.reply_markup;
    delete r.input_message_content.link_preview_options;
    r.input_message_content.message_text = r.input_message_content.message_text.replace(/\n\n网页：\S+$/, "");
  }
  return sameAnswerIds({ method: call.method, params });
}

/** Every URL button: an absolute https address on the base, no double slash after the host. */
function expectGoodUrls(calls: Sent[]) {
  for (const call of calls) {
    const keyboards = [call.params.reply_markup, ...(call.params.results ?? []).map((r: { reply_markup?: unknown }) => r.reply_markup)].filter(Boolean);
    for (const keyboard of keyboards as { inline_keyboard: Button[][] }[]) {
      expect(keyboard.inline_keyboard.every((row) => row.length <= 8)).toBe(true);
      for (const b of keyboard.inline_keyboard.flat().filter((b) => b.url)) {
        expect(b.url!.startsWith(`${ORIGIN}/`), b.url).toBe(true);
        expect(b.url!.slice("https://".length), b.url).not.toContain("//");
        expect(new URL(b.url!).href).toBe(b.url);
      }
    }
  }
}

let index: LoadedIndex;
let longIndex: LoadedIndex;
let before: Record<string, Sent[]>;
let links: Record<string, Sent[]>;

beforeAll(async () => {
  // the worker serves the bundled index: nothing published in the store
  const store = r2Store(bindings.STORE as R2Bucket);
  const keys = (await store.list("")).map((e) => e.key);
  if (keys.length) await store.delete(keys);
  index = bundledIndex();
  longIndex = await indexWithLongPolicy();
  before = { ...(await runScenarios(workerPoster(bindings))), ...(await runLongScenarios(longPoster(longIndex, bindings))) };
  links = { ...(await runScenarios(workerPoster(withBase(BASE)))), ...(await runLongScenarios(longPoster(longIndex, withBase(BASE)))) };
}, 60_000);

const indexOf = (name: string) => (name.startsWith("long") ? longIndex : index);
/** The name of the run that pressed this button (runScenarios names them "press <n> <label>"). */
const pressed = (prefix: "" | "long ", label: string) => {
  const name = Object.keys(before).find((k) => k.startsWith(`${prefix}press `) && k.endsWith(` ${label}`));
  if (!name) throw new Error(`no ${prefix}press of ${label}`);
  return name;
};

describe("with PUBLIC_BASE_URL", () => {
  it("an answer carries 在网页中打开 to its page, and 来源文件 opens the document's page", () => {
    const [answer] = links.answer;
    expect(links.answer).toHaveLength(1);
    const keyboard = rows(answer);
    expect(keyboard.at(-1)).toEqual([
      { text: "在网页中打开", url: "https://zct.example.org/q?q=%E6%88%91%E8%83%BD%E7%94%B3%E8%AF%B7%E5%93%AA%E4%BA%9B%E6%8A%80%E6%94%B9%E8%A1%A5%E8%B4%B4" },
    ]);
    expect(keyboard.at(-1)![0].url).toBe(answerPage(QUESTION));
    // 来源文件: the same document the button pointed at without the setting, now its page
    const sources = keyboard.flat().filter((b) => b.text.startsWith("来源文件"));
    const old = buttonsOf(before.answer[0]).filter((b) => b.text.startsWith("来源文件"));
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.map((b) => b.text)).toEqual(old.map((b) => b.text));
    sources.forEach((b, i) => {
      expect(b.callback_data).toBeUndefined();
      expect(b.url).toBe(`https://zct.example.org/d/${encodeURIComponent(target(index, old[i].callback_data!).document!)}`);
    });
    expect(sources[0].url).toMatch(/^https:\/\/zct\.example\.org\/d\/[0-9a-z_]+$/);
    // the other buttons are what they were
    expect(sameAnswerIds(keyboard.flat().filter((b) => b.callback_data))).toEqual(sameAnswerIds(buttonsOf(before.answer[0]).filter((b) => !b.text.startsWith("来源文件"))));
    expectGoodUrls(Object.values(links).flat());
  });

  it("every message of an answer in several messages carries the page", () => {
    expect(links.long.length).toBeGreaterThan(1);
    const page = answerPage(LONG_QUESTION);
    for (const m of links.long.slice(0, -1)) expect(m.params.reply_markup).toEqual({ inline_keyboard: [[{ text: "在网页中打开", url: page }]] });
    const last = links.long.at(-1)!;
    expect(rows(last).at(-1)).toEqual([{ text: "在网页中打开", url: page }]);
    expect(rows(last).flat().find((b) => b.text === "来源文件")?.url).toBe("https://zct.example.org/d/long_policy");
    // the text is the same as without the setting, each message within Telegram's 4096
    expect(links.long.map((m) => m.params.text)).toEqual(before.long.map((m) => m.params.text));
  });

  it("更多结果's page carries the answer's page too", () => {
    for (const [name, question] of [[pressed("", "更多结果"), QUESTION], [pressed("long ", "更多结果"), LONG_QUESTION]]) {
      const page = links[name].filter((c) => c.method === "sendMessage");
      expect(page.length, name).toBeGreaterThan(0);
      expect(rows(page.at(-1)!).at(-1), name).toEqual([{ text: "在网页中打开", url: answerPage(question) }]);
    }
  });

  it("更多结果 links the whole question, though the message shows only its first line; from an older message, the question it shows", async () => {
    const question = "技改补贴\n贷款贴息怎么申请";
    const [answer] = await step(workerPoster(withBase(BASE)), textUpdate(question));
    const page = "https://zct.example.org/q?q=%E6%8A%80%E6%94%B9%E8%A1%A5%E8%B4%B4%0A%E8%B4%B7%E6%AC%BE%E8%B4%B4%E6%81%AF%E6%80%8E%E4%B9%88%E7%94%B3%E8%AF%B7";
    expect(rows(answer).at(-1)).toEqual([{ text: "在网页中打开", url: page }]);
    const more = buttonsOf(answer).find((b) => b.text === "更多结果")!;
    const next = (await step(workerPoster(withBase(BASE)), pressUpdate(more.callback_data!, answer))).filter((c) => c.method === "sendMessage");
    expect(next[0].params.text.split("\n")[0]).toBe("问：技改补贴");
    expect(rows(next.at(-1)!).at(-1)).toEqual([{ text: "在网页中打开", url: page }]);
    // a message sent before the setting: no page to reuse, the question its first line shows
    const old = before.answer[0];
    const fromOld = await step(workerPoster(withBase(BASE)), pressUpdate(buttonsOf(old).find((b) => b.text === "更多结果")!.callback_data!, old));
    expect(rows(fromOld.at(-1)!).at(-1)).toEqual([{ text: "在网页中打开", url: answerPage(QUESTION) }]);
  });

  it("查看原文 carries 打开条款 to the clause's page; a 来源文件 button from before the setting, the document's page", async () => {
    const views = Object.keys(links).filter((k) => / 查看原文/.test(k));
    expect(views.length).toBeGreaterThanOrEqual(4);
    for (const name of views) {
      const data = buttonsOf((name.startsWith("long") ? links.long : links.answer).at(-1)!)[Number(/press (\d+)/.exec(name)![1])].callback_data!;
      const clause = target(indexOf(name), data).clause!;
      const messages = links[name].filter((c) => c.method === "sendMessage");
      for (const m of messages) expect(m.params.reply_markup, name).toEqual({ inline_keyboard: [[{ text: "打开条款", url: `https://zct.example.org/c/${encodeURIComponent(clause)}` }]] });
      expect(messages.map((m) => m.params.text)).toEqual(before[name].filter((c) => c.method === "sendMessage").map((m) => m.params.text));
    }
    expect(links[pressed("long ", "查看原文 1")].at(-1)!.params.reply_markup.inline_keyboard[0][0].url).toMatch(/^https:\/\/zct\.example\.org\/c\/long_policy%3A\d+$/);
    // the answers no longer have a 来源文件 callback; one sent before still works, and links the page
    expect(Object.keys(links).some((k) => k.includes("来源文件"))).toBe(false);
    const old = buttonsOf(before.answer[0]).find((b) => b.text.startsWith("来源文件"))!;
    const card = (await step(workerPoster(withBase(BASE)), pressUpdate(old.callback_data!, before.answer[0]))).filter((c) => c.method === "sendMessage");
    const docId = target(index, old.callback_data!).document!;
    expect(card).toHaveLength(1);
    expect(card[0].params.text).toBe(before[pressed("", "来源文件")].find((c) => c.method === "sendMessage")!.params.text);
    expect(card[0].params.reply_markup).toEqual({ inline_keyboard: [[{ text: "在网页中打开", url: `https://zct.example.org/d/${docId}` }]] });
  });

  it("inline results carry 打开条款 and the clause's page as the message's last line, without a preview", () => {
    for (const name of ["inline", "long inline"]) {
      const [call] = links[name];
      const results = call.params.results as { id: string; reply_markup: { inline_keyboard: Button[][] }; input_message_content: Record<string, any> }[];
      expect(results.length, name).toBeGreaterThan(0);
      for (const r of results) {
        const decoded = decodeButton(`c:${r.id}`);
        const clause = decoded.ok && decoded.action.kind === "clause" ? hitAt(indexOf(name), decoded.action.clause)!.id : "";
        const url = `https://zct.example.org/c/${encodeURIComponent(clause)}`;
        expect(r.reply_markup).toEqual({ inline_keyboard: [[{ text: "打开条款", url }]] });
        const text: string = r.input_message_content.message_text;
        expect(text.endsWith(`\n\n网页：${url}`), text).toBe(true);
        expect(text.split("\n").at(-1)).toBe(`网页：${url}`);
        expect(r.input_message_content.link_preview_options).toEqual({ is_disabled: true });
        expect(r.input_message_content.parse_mode).toBe("HTML");
      }
    }
    expect((links.inline[0].params.results as unknown[]).length).toBe((before.inline[0].params.results as unknown[]).length);
  });

  it("encodes what the question holds: spaces, &, #, emoji, a line break; cut to the 200 characters the page takes, never inside an emoji", async () => {
    const post = workerPoster(withBase(BASE));
    const question = "技改 补贴&贷款贴息#申报 🚀";
    const [answer] = await step(post, textUpdate(question));
    const url = rows(answer).at(-1)![0].url!;
    expect(url).toBe("https://zct.example.org/q?q=%E6%8A%80%E6%94%B9%20%E8%A1%A5%E8%B4%B4%26%E8%B4%B7%E6%AC%BE%E8%B4%B4%E6%81%AF%23%E7%94%B3%E6%8A%A5%20%F0%9F%9A%80");
    expect(new URL(url).searchParams.get("q")).toBe(question);
    expect(new URL(url).hash).toBe("");
    const page = await openPage(url);
    expect(page.status).toBe(200);
    expect(page.body).toContain("技改 补贴&amp;贷款贴息#申报 🚀");

    const long = `我能申请哪些技改补贴${" 🚀".repeat(120)}`;
    const [longAnswer] = await step(post, textUpdate(long));
    const q = new URL(rows(longAnswer).at(-1)![0].url!).searchParams.get("q")!;
    expect([...q].length).toBeLessThanOrEqual(200);
    expect(q).toBe([...long].slice(0, 200).join("").trim());
    expect(q.endsWith("🚀")).toBe(true);
    // the page takes it (a question over 200 characters would get its "问题太长了" page)
    const longPage = await openPage(rows(longAnswer).at(-1)![0].url!);
    expect(longPage.status).toBe(200);
    expect(longPage.body).not.toContain("问题太长了");

    // in a group, /ask's question without the command
    const [group] = await step(post, textUpdate("/ask 高新技术企业奖励", GROUP));
    expect(rows(group).at(-1)).toEqual([{ text: "在网页中打开", url: answerPage("高新技术企业奖励") }]);
  });

  it("a base with a path keeps it, with or without a trailing slash, and never doubles a slash", async () => {
    for (const base of ["https://example.org/zct/", "https://example.org/zct", "https://Example.org/zct//"]) {
      const [answer] = await step(workerPoster(withBase(base)), textUpdate(QUESTION));
      expect(rows(answer).at(-1), base).toEqual([{ text: "在网页中打开", url: `https://example.org/zct/q?q=${encodeURIComponent(QUESTION)}` }]);
      expect(rows(answer).flat().find((b) => b.text.startsWith("来源文件"))!.url).toMatch(/^https:\/\/example\.org\/zct\/d\/[^/]+$/);
    }
    const [inline] = await step(workerPoster(withBase("http://zct.example.org:8080")), inlineUpdate(INLINE_QUERY));
    expect(inline.params.results[0].reply_markup.inline_keyboard[0][0].url).toMatch(/^http:\/\/zct\.example\.org:8080\/c\/[^/]+$/);
  });

  it("every link opens a page this app serves: the answer, the clause, the document", async () => {
    const longApp = createApp({ index: () => longIndex, env: () => withBase(BASE) });
    const opened = new Map<string, number>();
    for (const [name, calls] of Object.entries(links)) {
      for (const call of calls) {
        const keyboards = [call.params.reply_markup, ...(call.params.results ?? []).map((r: { reply_markup?: unknown }) => r.reply_markup)].filter(Boolean);
        for (const b of (keyboards as { inline_keyboard: Button[][] }[]).flatMap((k) => k.inline_keyboard.flat())) {
          if (!b.url || opened.has(b.url)) continue;
          const request = new Request(`https://example.com${b.url.slice(ORIGIN.length)}`, { headers: { accept: "text/html" } });
          const res = await (name.startsWith("long") ? longApp.fetch(request, withBase(BASE)) : worker.fetch(request, withBase(BASE), createExecutionContext()));
          const body = await res.text();
          opened.set(b.url, res.status);
          expect(res.status, b.url).toBe(200);
          expect(res.headers.get("content-type"), b.url).toMatch(/^text\/html/);
          if (b.text === "在网页中打开" && b.url.includes("/q?")) expect(body, b.url).toContain(new URL(b.url).searchParams.get("q")!);
        }
      }
    }
    const kinds = [...opened.keys()].map((u) => new URL(u).pathname.split("/")[1]);
    expect(new Set(kinds)).toEqual(new Set(["q", "c", "d"]));
  });

  it("adds the links and nothing else", () => {
    // the setting turns 来源文件 into a link: those presses exist only without it
    expect(Object.keys(links)).toEqual(Object.keys(before).filter((k) => !k.includes("来源文件")));
    for (const name of Object.keys(links)) {
      expect(links[name].map((c) => withoutLinks(indexOf(name), c)), name).toEqual(before[name].map((c) => withoutLinks(indexOf(name), c)));
    }
  });

  it("/healthz says the answers link to the web pages", async () => {
    expect(await healthzBot(withBase(BASE))).toEqual({ configured: true, webLinks: true });
  });
});

describe("without PUBLIC_BASE_URL", () => {
  it("sends what it sent before the setting existed: no URL button, no link line, 来源文件 a callback", () => {
    for (const [name, calls] of Object.entries(before)) {
      for (const call of calls) {
        expect(JSON.stringify(call.params), name).not.toContain("网页：");
        expect(JSON.stringify(call.params), name).not.toContain('"url"');
        if (call.method === "answerInlineQuery")
          for (const r of call.params.results) {
            expect(Object.keys(r).sort(), name).toEqual(["description", "id", "input_message_content", "title", "type"]);
            expect(Object.keys(r.input_message_content).sort(), name).toEqual(["message_text", "parse_mode"]);
            expect(r.input_message_content.message_text, name).toMatch(/\n\n以上内容摘自政策原文，仅供参考，不构成法律意见；申报前请以发文机关的最新规定为准。$/);
          }
      }
    }
    // only the last message of an answer has buttons; 来源文件 shows the card in the chat
    for (const m of before.long.slice(0, -1)) expect(Object.keys(m.params).sort()).toEqual(["chat_id", "parse_mode", "text"]);
    expect(buttonsOf(before.long.at(-1)!).every((b) => b.callback_data)).toBe(true);
    expect(buttonsOf(before.answer[0]).find((b) => b.text === "来源文件")!.callback_data).toMatch(/^d:/);
    for (const name of [pressed("", "查看原文 1"), pressed("", "来源文件")]) expect(before[name].find((c) => c.method === "sendMessage")!.params.reply_markup, name).toBeUndefined();
  });

  it("an empty PUBLIC_BASE_URL is no setting", async () => {
    expect(sameAnswerIds(await step(workerPoster(withBase("")), textUpdate(QUESTION)))).toEqual(sameAnswerIds(before.answer));
    expect(await healthzBot(withBase(""))).toEqual({ configured: true });
  });

  it("/healthz is as before", async () => {
    expect(await healthzBot(bindings)).toEqual({ configured: true });
  });
});

describe("a bad PUBLIC_BASE_URL", () => {
  const BAD: [string, RegExp][] = [
    ["zct.example.org", /^PUBLIC_BASE_URL must be an absolute http\(s\) URL/],
    ["/zct", /^PUBLIC_BASE_URL must be an absolute http\(s\) URL/],
    ["ftp://zct.example.org/", /^PUBLIC_BASE_URL must be an absolute http\(s\) URL/],
    ["https://zct.example.org/?from=bot", /^PUBLIC_BASE_URL must not have a query \(\?…\) or a fragment \(#…\)/],
    ["https://zct.example.org/#top", /^PUBLIC_BASE_URL must not have a query/],
    ["https://admin:pw@zct.example.org/", /^PUBLIC_BASE_URL must not hold a user name or password/],
    ["http://localhost:8787/", /^PUBLIC_BASE_URL must name a public host \(Telegram refuses link buttons to localhost/],
  ];

  it("is reported by /healthz, the bot still configured", async () => {
    for (const [value, message] of BAD) {
      const bot = await healthzBot(withBase(value));
      expect(bot, value).toEqual({ configured: true, error: expect.stringMatching(message) });
      expect(bot.error, value).toMatch(/\(ignored: answers carry no web links\)$/);
    }
    // beside another problem, both are said
    const { BOT_TOKEN: _, ...noToken } = bindings;
    const bot = await healthzBot({ ...noToken, PUBLIC_BASE_URL: "ftp://x.example.org" });
    expect(bot).toEqual({ configured: false, error: expect.stringMatching(/^BOT_TOKEN is not set; PUBLIC_BASE_URL must be an absolute http\(s\) URL/) });
  });

  it("is ignored: the answers are what they are without it", async () => {
    const strip = (calls: Sent[]) => calls.map((c) => withoutLinks(index, c));
    for (const [value] of BAD) {
      const post = workerPoster(withBase(value));
      expect(sameAnswerIds(await step(post, textUpdate(QUESTION))), value).toEqual(sameAnswerIds(before.answer));
      expect(strip(await step(post, inlineUpdate(INLINE_QUERY))), value).toEqual(strip(before.inline));
    }
  });
});

describe("readBotConfig: PUBLIC_BASE_URL", () => {
  const base = (value: unknown) => {
    const r = readBotConfig({ ...bindings, PUBLIC_BASE_URL: value });
    if (!r.ok) throw new Error(r.error);
    return r.config.publicBaseUrl;
  };

  it("is normalised: no trailing slash, host as the URL parser writes it", () => {
    expect(base("https://zct.example.org/")).toBe("https://zct.example.org");
    expect(base("https://ZCT.Example.org")).toBe("https://zct.example.org");
    expect(base(" https://zct.example.org/zct/ ")).toBe("https://zct.example.org/zct");
    expect(base("http://zct.example.org:8080/a b/")).toBe("http://zct.example.org:8080/a%20b");
    expect(base("https://政策通.中国/")).toBe("https://xn--5bvr50cxvo.xn--fiqs8s");
    expect(base("https://zct.example.org:443/")).toBe("https://zct.example.org");
    expect(base(undefined)).toBeUndefined();
    expect(base("")).toBeUndefined();
  });

  it("a bad value does not stop the bot: ok, without links, and said in `ignored`", () => {
    const r = readBotConfig({ ...bindings, PUBLIC_BASE_URL: 42 });
    expect(r).toMatchObject({ ok: true, ignored: expect.stringMatching(/^PUBLIC_BASE_URL must be an absolute http\(s\) URL/) });
    expect(r.ok && r.config.publicBaseUrl).toBeUndefined();
    expect(readBotConfig(bindings)).not.toHaveProperty("ignored");
  });
});
