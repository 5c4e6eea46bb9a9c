// `npm start` with a bot token: no line it prints holds the token, whatever fails — Telegram
// refusing every call, the Bot API going away while the bot polls, or never being reachable
// (on Node a failed fetch's own message is "request to …/bot<TOKEN>/getUpdates failed").
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_BOT_TOKEN } from "../support/bot-api-stand-in.js";
import { startStandInServer } from "../support/bot-api-stand-in-server.js";
import { ROOT } from "./helpers.js";

const SECRET_PART = TEST_BOT_TOKEN.split(":")[1];
const USER = { id: 1001, is_bot: false, first_name: "王" };
const question = { message: { message_id: 1, date: 1, chat: { id: 1001, type: "private", first_name: "王" }, from: USER, text: "技改补贴" } };
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function start(apiRoot: string) {
  const data = mkdtempSync(join(tmpdir(), "zct-secrets-"));
  dirs.push(data);
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/node.ts"), "--port", String(22000 + Math.floor(Math.random() * 1000))], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATA_DIR: data, BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_API_ROOT: apiRoot, REPLY_RETRY_BASE_SECONDS: "0" },
  });
  children.push(child);
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  return { child, out: () => out };
}

async function until(what: string, probe: () => boolean, out: () => string, ms = 40_000) {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; output:\n${out()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const expectNoToken = (out: string) => {
  expect(out).not.toContain(TEST_BOT_TOKEN);
  expect(out).not.toContain(SECRET_PART);
};

describe("npm start: no log line holds the token", () => {
  it("when Telegram refuses every send, then goes away while the bot polls", async () => {
    const api = await startStandInServer();
    await api.control.fail({ method: "*", except: ["getUpdates", "getMe", "deleteWebhook"], times: 10_000, error_code: 500, description: "Internal Server Error" });
    const bot = start(api.url);
    await until("polling", () => /is polling/.test(bot.out()), bot.out);
    await api.control.queueUpdates(question);
    await until("the reply set aside", () => /reply deferred: update \d+/.test(bot.out()), bot.out);
    await api.close();
    await until("a failed poll reported", () => /Telegram cannot be reached \(getUpdates/.test(bot.out()), bot.out);
    await until("a deferred reply failing on the network", () => /HttpError/.test(bot.out()), bot.out, 20_000);
    expectNoToken(bot.out());
    expect(bot.out()).toMatch(/bot<redacted>|ECONNREFUSED/);
  }, 90_000);

  it("when the Bot API is never reachable", async () => {
    // a port nothing listens on
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const bot = start(`http://127.0.0.1:${port}`);
    await until("the start-up failure reported", () => /Telegram cannot be reached/.test(bot.out()), bot.out);
    expectNoToken(bot.out());
    // the HTTP API serves meanwhile
    expect(bot.out()).toContain("政策通 API on http://127.0.0.1:");
  }, 60_000);
});
