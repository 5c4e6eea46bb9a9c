// `npm start` with a bot: a reply Telegram refuses for now waits in the data folder (outbox/)
// and is sent later — also after the process was killed and started again — and only one
// `npm start` may use a data folder at a time.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_BOT_TOKEN } from "../support/bot-api-stand-in.js";
import { startStandInServer, type StandInServer } from "../support/bot-api-stand-in-server.js";
import { ROOT } from "./helpers.js";

const USER = { id: 1001, is_bot: false, first_name: "王" };
const ask = (t: string) => ({ message: { message_id: 1, date: 1, chat: { id: 1001, type: "private", first_name: "王" }, from: USER, text: t } });
const dirs: string[] = [];
const children: ChildProcess[] = [];
const servers: StandInServer[] = [];
afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  for (const s of servers) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function start(data: string, env: Record<string, string> = {}) {
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/node.ts"), "--port", String(25000 + Math.floor(Math.random() * 1000))], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATA_DIR: data, ...env },
  });
  children.push(child);
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, out: () => out, exited };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, out: () => string, ms = 40_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; output:\n${out()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const folder = () => {
  const d = mkdtempSync(join(tmpdir(), "zct-outbox-"));
  dirs.push(d);
  return d;
};

describe("npm start: a reply Telegram refuses for now", () => {
  it("waits in outbox/, survives a kill, and is sent by the next start", async () => {
    const api = await startStandInServer();
    servers.push(api);
    const data = folder();
    const env = { BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_API_ROOT: api.url, REPLY_RETRY_BASE_SECONDS: "2" };
    const first = start(data, env);
    await until("polling", () => /is polling/.test(first.out()), first.out);
    // the answer's first send and its two in-line retries fail
    await api.control.fail({ method: "sendMessage", times: 3, error_code: 502, description: "Bad Gateway" });
    await api.control.queueUpdates(ask("我能申请哪些技改补贴"));
    await until("the reply set aside", () => /reply deferred: update \d+/.test(first.out()), first.out);
    first.child.kill("SIGKILL");
    await first.exited;
    expect(readdirSync(join(data, "outbox")).filter((f) => f.endsWith(".json"))).toHaveLength(1);
    expect((await api.control.calls("sendMessage")).filter((c) => c.ok)).toEqual([]);

    // the lock of the killed process is taken over; the reply goes out
    const second = start(data, env);
    const sent = await until("the deferred answer", async () => {
      const ok = (await api.control.calls("sendMessage")).filter((c) => c.ok);
      return ok.length > 0 ? ok : undefined;
    }, second.out);
    expect(sent.map((c) => String(c.params.text)).join("\n")).toContain("问：我能申请哪些技改补贴");
    await until("the outbox emptied", () => readdirSync(join(data, "outbox")).filter((f) => f.endsWith(".json")).length === 0, second.out);
    expect(second.out()).toMatch(/reply delivered on try 2: update \d+/);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    expect(existsSync(join(data, "server.lock"))).toBe(false);
  }, 90_000);
});

describe("one npm start per data folder", () => {
  it("a second one is refused, saying who holds the folder; the first keeps serving", async () => {
    const data = folder();
    const first = start(data);
    await until("the first to serve", () => /API on http:\/\/127\.0\.0\.1:(\d+)/.exec(first.out())?.[1], first.out);
    const port = /API on http:\/\/127\.0\.0\.1:(\d+)/.exec(first.out())![1];
    const second = start(data);
    expect(await second.exited).toBe(2);
    expect(second.out()).toContain(`another npm start is using the data folder ${data} (pid ${first.child.pid}`);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }, 60_000);
});
