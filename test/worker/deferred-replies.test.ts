// Replies Telegram refuses for now are not lost: the webhook still answers 200 (and the update
// is marked seen, so Telegram will not redeliver it), and the reply goes to the REPLIES queue,
// whose consumer (this worker's `queue` handler, run locally by Miniflare) sends it later.
import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { botApi } from "../../src/bot/bot.js";
import { readBotConfig } from "../../src/bot/config.js";
import type { DeferredReplies } from "../../src/bot/outbox.js";
import { deliverReplies, MAX_REPLY_ATTEMPTS, queueReplies } from "../../src/manage/replies.js";
import { standIn } from "../support/bot-api-stand-in.js";
import { calls, post, press, reset, text, USER } from "../support/telegram-updates.js";
import { until as untilAnswered } from "../support/until.js";

const config = readBotConfig(env as Record<string, unknown>);
if (!config.ok) throw new Error(config.error);

let logged: string[] = [];
beforeEach(async () => {
  await reset();
  logged = [];
  for (const level of ["log", "error", "warn", "info"] as const) vi.spyOn(console, level).mockImplementation((...args) => void logged.push(args.map(String).join(" ")));
});
afterEach(() => vi.restoreAllMocks());

const until = <T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> => untilAnswered(what, probe, { ms, every: 100, context: () => logged.join("\n") });

const delivered = async () => (await calls("sendMessage")).filter((c) => c.ok).map((c) => String(c.params.text));

describe("a reply Telegram refuses for now", () => {
  it("5xx past the in-line retries: answered later from the queue, all of it, in order", async () => {
    // the answer as it goes out when nothing fails
    await post(text(USER, "我能申请哪些技改补贴"));
    const expected = await delivered();
    expect(expected.length).toBeGreaterThan(0);
    await reset();

    await standIn.fail({ method: "sendMessage", times: 3, error_code: 502, description: "Bad Gateway" });
    const res = await post(text(USER, "我能申请哪些技改补贴"));
    expect(res.status).toBe(200);
    expect(await delivered()).toEqual([]);
    const later = await until("the deferred answer", async () => {
      const d = await delivered();
      return d.length >= expected.length ? d : undefined;
    });
    expect(later).toEqual(expected);
    expect(logged.join("\n")).toMatch(/reply deferred: update \d+/);
  });

  it("a button whose acknowledgement Telegram refuses still gets its answer", async () => {
    await standIn.fail({ method: "answerCallbackQuery", times: 10, error_code: 500, description: "Internal Server Error" });
    expect((await post(press(USER, "q:00000000:0"))).status).toBe(200);
    expect((await delivered()).join("\n")).toContain("问：我能申请哪些技改补贴");
    expect(logged.join("\n")).toMatch(/update \d+: answerCallbackQuery failed, the reply goes on without it: 500 Internal Server Error/);
  });

  it("a 429 asking to wait longer than the webhook can: sent after that wait", async () => {
    await standIn.fail({ method: "sendMessage", times: 1, error_code: 429, description: "Too Many Requests: retry after 6", retry_after: 6 });
    const started = Date.now();
    expect((await post(text(USER, "/help"))).status).toBe(200);
    const sent = await until("the deferred help", async () => ((await delivered()).length > 0 ? Date.now() : undefined), 20_000);
    expect(sent - started).toBeGreaterThanOrEqual(5_000);
  }, 30_000);

  it("is queued with the delay Telegram asks for, or the backoff", async () => {
    const sent: { body: unknown; delay?: number }[] = [];
    const queue = queueReplies({ send: async (body: unknown, o?: { delaySeconds?: number }) => void sent.push({ body, delay: o?.delaySeconds }) } as unknown as Queue, 30);
    const job: DeferredReplies = { updateId: 7, calls: [], attempt: 1, lastError: "x" };
    await queue.defer({ ...job, retryAfter: 120 });
    await queue.defer(job);
    await queue.defer({ ...job, attempt: 3 });
    await queue.defer({ ...job, attempt: 20 });
    expect(sent.map((s) => s.delay)).toEqual([120, 30, 120, 3600]);
  });

  it("still refused after the last try: logged with its update id, then dropped", async () => {
    await standIn.fail({ method: "sendMessage", times: 100, error_code: 500, description: "Internal Server Error" });
    let job: DeferredReplies | undefined = { updateId: 4242, calls: [{ method: "sendMessage", payload: { chat_id: USER.id, text: "迟到的回答" } }], attempt: 1, lastError: "500" };
    while (job) job = await deliverReplies(job, botApi(config.config));
    // the update's own try, then MAX - 1 from the queue
    expect((await calls("sendMessage")).length).toBe(MAX_REPLY_ATTEMPTS - 1);
    expect(logged.join("\n")).toContain(`reply lost after ${MAX_REPLY_ATTEMPTS} tries: update 4242: sendMessage to ${USER.id}`);
  });

  it("refused for good (400, 403): that call is dropped and logged, the rest still go", async () => {
    await standIn.fail({ method: "sendMessage", times: 1, error_code: 403, description: "Forbidden: bot was blocked by the user" });
    const job: DeferredReplies = {
      updateId: 99,
      calls: [
        { method: "sendMessage", payload: { chat_id: USER.id, text: "一" } },
        { method: "sendMessage", payload: { chat_id: USER.id, text: "二" } },
      ],
      attempt: 2,
      lastError: "502",
    };
    expect(await deliverReplies(job, botApi(config.config))).toBeUndefined();
    expect(await delivered()).toEqual(["二"]);
    expect(logged.join("\n")).toContain("reply dropped: update 99: sendMessage will not be accepted: Telegram sendMessage: 403 Forbidden: bot was blocked by the user");
  });
});
