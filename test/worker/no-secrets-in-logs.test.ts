// No log line holds the bot token, whatever fails: every call to the Bot API refused (500), or
// the Bot API not reachable at all. Every console call of the worker (same isolate as the
// tests) is captured, objects included (walked for every string they hold, as a log sink that
// serialises them would), and searched for the token.
import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/http/app.js";
import { createRefusalCounter } from "../../src/manage/refusals.js";
import { bundledIndex } from "../../src/search/bundled-index.js";
import { createLiveIndex } from "../../src/store/live-index.js";
import { r2Store } from "../../src/store/r2-store.js";
import { SAMPLE_POLICY } from "../fixtures/sample-policy.js";
import { standIn, TEST_BOT_TOKEN, UNREACHABLE_HOST } from "../support/bot-api-stand-in.js";
import { ADMIN, documentMessage, fileFor, post, press, reset, SECRET, text, USER } from "../support/telegram-updates.js";

const SECRET_PART = TEST_BOT_TOKEN.split(":")[1];

/** Every string a logged value holds (own properties, nested, cycles cut). */
function strings(value: unknown, seen = new Set<unknown>(), depth = 0): string[] {
  if (typeof value === "string") return [value];
  if (typeof value !== "object" || value === null || seen.has(value) || depth > 8) return value === undefined ? [] : [String(value)];
  seen.add(value);
  const out: string[] = value instanceof Error ? [value.name, value.message, value.stack ?? ""] : [];
  for (const key of Object.getOwnPropertyNames(value)) {
    try {
      out.push(...strings((value as Record<string, unknown>)[key], seen, depth + 1));
    } catch {
      // a getter that throws
    }
  }
  return out;
}

let lines: string[] = [];
beforeEach(async () => {
  await reset();
  lines = [];
  for (const level of ["log", "error", "warn", "info", "debug"] as const)
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.flatMap((a) => strings(a)).join(" ")));
});
afterEach(() => vi.restoreAllMocks());

const updates = async (send: (u: object) => Response | Promise<Response>) => {
  const responses = [
    await send(text(USER, "我能申请哪些技改补贴")),
    await send(text(USER, "/start")),
    await send(press(USER, "c:00000000:1")),
    await send({ inline_query: { id: "iq-secret", from: USER, query: "技改补贴", offset: "" } }),
    await send(documentMessage(ADMIN, await fileFor("policy.txt", new TextEncoder().encode(SAMPLE_POLICY)))),
  ];
  for (const r of responses) expect(r.status).toBe(200);
};

function expectNoToken() {
  const all = lines.join("\n");
  expect(all).not.toContain(TEST_BOT_TOKEN);
  expect(all).not.toContain(SECRET_PART);
  expect(all).not.toContain(SECRET);
}

describe("no log line holds the token", () => {
  it("when Telegram refuses every call", async () => {
    await standIn.fail({ method: "*", times: 1000, error_code: 500, description: "Internal Server Error" });
    await updates(post);
    expectNoToken();
    // and the lines still say what failed: the update, the method, Telegram's code and description
    const all = lines.join("\n");
    expect(all).toMatch(/update \d+/);
    expect(all).toMatch(/update \d+: answerCallbackQuery failed, the reply goes on without it: 500 Internal Server Error/);
    expect(all).toMatch(/reply deferred: update \d+: 1 call\(s\) \(sendMessage\), last error sendMessage: 500 Internal Server Error/);
  }, 30_000);

  it("when the Bot API cannot be reached", async () => {
    const bindings = { ...(env as Record<string, unknown>), TELEGRAM_API_ROOT: `https://${UNREACHABLE_HOST}` };
    const store = r2Store((env as unknown as { STORE: R2Bucket }).STORE);
    const live = createLiveIndex({ store: () => store, bundled: bundledIndex, checkEveryMs: 0 });
    const app = createApp({ index: () => live.get(), manage: () => ({ store, live, bundled: bundledIndex, now: () => new Date(), refusals: createRefusalCounter() }) });
    let id = 900_000;
    const send = (u: object) =>
      app.fetch(
        new Request("https://example.com/telegram/webhook", {
          method: "POST",
          headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
          body: JSON.stringify({ update_id: id++, ...u }),
        }),
        bindings,
      );
    await updates(send);
    expectNoToken();
    expect(lines.join("\n")).toMatch(/HttpError: Network request for '\w+' failed!/);
  });
});
