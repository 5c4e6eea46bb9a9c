// npm run demo:bot [-- "问题"]
// The bot end to end on this machine, with no token, no account and no network: starts the
// Bot API stand-in (test/support/bot-api-stand-in-server.ts, a local api.telegram.org) and the
// worker under `wrangler dev` (TELEGRAM_API_ROOT pointing at the stand-in), waits until both
// answer, posts a question to /telegram/webhook as Telegram would (a private-chat message with
// the secret header), waits for the bot's sendMessage to reach the stand-in, prints the reply
// as the user would read it, and stops both (also on an error and on Ctrl-C).
//
// wrangler dev is started and stopped by test/support/wrangler-dev.ts (shared with the browser
// test): in its own process group, so that stopping it also stops its workerd; it reads only a
// settings file written here (--env-file: a .dev.vars with a real token is not read), keeps its
// local R2 and queue state in a temporary folder (--persist-to), uses its own dev registry (so no
// other `wrangler dev` on the machine is connected to it), and sends no telemetry, checks for no
// update and fetches no Request.cf data.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseTelegramHtml, TEST_BOT_TOKEN, TEST_BOT_USER, type RecordedCall } from "../test/support/bot-api-stand-in.js";
import { startStandInServer, type StandInServer } from "../test/support/bot-api-stand-in-server.js";
import {
  freePort,
  killWranglerDevNow,
  startWranglerDev,
  stopWranglerDev,
  waitFor,
  waitForHealthz,
  WranglerDevError,
  type WranglerDev,
} from "../test/support/wrangler-dev.js";

const DEFAULT_QUESTION = "我能申请哪些技改补贴";
const WEBHOOK_SECRET = "demo-webhook-secret";
const USER = { id: 1001, is_bot: false, first_name: "王", language_code: "zh-hans" };
/** How long wrangler may take to answer /healthz (the first run bundles the worker). */
const READY_MS = 90_000;
/** How long the bot may take to answer the question. */
const REPLY_MS = 30_000;

const USAGE = `用法：npm run demo:bot [-- "你的问题"]

在本机演示政策通机器人的完整一问一答，不需要 Telegram 账号、机器人 token 或网络：
  1. 启动本地的 Bot API 替身（代替 api.telegram.org，test/support/bot-api-stand-in-server.ts）；
  2. 用 wrangler dev 启动 worker（TELEGRAM_API_ROOT 指向替身）；
  3. 像 Telegram 一样把用户的问题 POST 到 /telegram/webhook（带 secret 请求头）；
  4. 等机器人的 sendMessage 到达替身，把回复以纯文本打印出来；
  5. 停止 wrangler dev 和替身（出错或按 Ctrl-C 时也会停止）。

不给问题时问“${DEFAULT_QUESTION}”。例如：
  npm run demo:bot
  npm run demo:bot -- "小微企业有哪些税收优惠"
`;

const say = (line = "") => process.stdout.write(line + "\n");
// A reader that stops early (npm run demo:bot | head) must not cut the cleanup short.
process.stdout.on("error", () => {});

class DemoError extends Error {}

/** What the user reads: Telegram's rendering of the HTML (tags dropped, entities decoded). */
function plain(call: RecordedCall): string {
  const text = String(call.params.text ?? "");
  const parsed = call.params.parse_mode === "HTML" ? parseTelegramHtml(text) : undefined;
  const body = parsed?.ok ? parsed.text : text;
  const markup = call.params.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined;
  const buttons = (markup?.inline_keyboard ?? []).map((row) => row.map((b) => `[${b.text}]`).join(" "));
  return buttons.length > 0 ? `${body}\n\n按钮：${buttons.join("\n      ")}` : body;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    say(USAGE);
    return 0;
  }
  const unknown = args.find((a) => a.startsWith("-"));
  if (unknown) {
    process.stderr.write(`不认识的选项：${unknown}\n\n${USAGE}`);
    return 2;
  }
  const question = args.join(" ").trim() || DEFAULT_QUESTION;

  const dir = mkdtempSync(join(tmpdir(), "zct-demo-bot-"));
  let api: StandInServer | undefined;
  let wrangler: WranglerDev | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (wrangler) await stopWranglerDev(wrangler);
      await api?.close();
      rmSync(dir, { recursive: true, force: true });
    })());
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // npm, tsx and the terminal may each pass the same Ctrl-C on: the first one counts
    if (interrupted) return;
    interrupted = true;
    say(`\n收到 ${signal}，正在停止 wrangler dev 和 Bot API 替身……`);
    void stop().then(() => {
      say("已停止。");
      process.exit(signal === "SIGINT" ? 130 : 143);
    });
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // last resort, should this process end any other way: no wrangler or workerd is left behind
  process.once("exit", () => killWranglerDevNow(wrangler));

  try {
    say("政策通 · 本地演示：不连 Telegram，不需要 token，也不联网。");
    api = await startStandInServer();
    await waitFor("Bot API 替身", 5_000, async () => ((await api!.control.calls()) ? true : undefined));
    say(`· Bot API 替身（代替 api.telegram.org）：${api.url}`);

    const [port, inspectorPort] = [await freePort(), await freePort()];
    const started = Date.now();
    say("· 正在启动 wrangler dev ……");
    // The worker's settings, as .dev.vars would hold them; the token is the stand-in's, not a real one.
    wrangler = startWranglerDev({
      dir,
      port,
      inspectorPort,
      envLines: [
        `BOT_TOKEN=${TEST_BOT_TOKEN}`,
        `WEBHOOK_SECRET=${WEBHOOK_SECRET}`,
        `TELEGRAM_API_ROOT=${api.url}`,
        `BOT_INFO='${JSON.stringify(TEST_BOT_USER)}'`,
      ],
    });
    const w = wrangler;
    const health = await waitForHealthz(w, READY_MS);
    if (!health.bot?.configured) throw new DemoError(`worker 里的机器人没有配置好：${health.bot?.error ?? "未知原因"}`);
    say(`· worker（wrangler dev）：${w.url}，${((Date.now() - started) / 1000).toFixed(1)} 秒就绪；索引 ${health.index?.documents ?? "?"} 份文件、${health.index?.clauses ?? "?"} 条条款`);

    say("");
    say(`用户提问：${question}`);
    const asked = Date.now();
    const update = {
      update_id: 100000 + Math.floor(Math.random() * 800000),
      message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: USER.id, type: "private", first_name: USER.first_name }, from: USER, text: question },
    };
    const logged = w.output().length;
    const response = await fetch(`${w.url}/telegram/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET },
      body: JSON.stringify(update),
      signal: AbortSignal.timeout(REPLY_MS),
    });
    if (response.status !== 200) throw new DemoError(`webhook 回答了 ${response.status}：${await response.text()}`);
    const sent = await waitFor(
      "机器人的回复（sendMessage）",
      REPLY_MS,
      async () => {
        const calls = await api!.control.calls("sendMessage");
        return calls.length > 0 ? calls : undefined;
      },
      // the worker logs an update it could not handle; no reply will come
      () => (new RegExp(`telegram update ${update.update_id}\\b.*failed`).test(w.output().slice(logged)) ? "机器人处理这条消息时出错（见下面 wrangler dev 的输出）" : undefined),
    );
    const refused = sent.filter((c) => !c.ok);
    say(`机器人回复（${Date.now() - asked} 毫秒，${sent.length} 条消息）：`);
    for (const call of sent) {
      say("────────────────────────────────");
      say(call.ok ? plain(call) : `（这条消息被 Telegram 拒绝：${call.description}）`);
    }
    say("────────────────────────────────");
    if (refused.length > 0) throw new DemoError(`${refused.length} 条回复被 Bot API 替身拒绝（Telegram 也会拒绝）`);
    await stop();
    say("");
    say("已停止 wrangler dev 和 Bot API 替身。");
    return 0;
  } catch (error) {
    // stopped by Ctrl-C: what failed then is only the stopping itself
    if (interrupted) return new Promise<number>(() => {});
    const message = error instanceof DemoError || error instanceof WranglerDevError ? error.message : `意外错误：${(error as Error)?.stack ?? String(error)}`;
    process.stderr.write(`\n演示失败：${message}\n`);
    const log = wrangler?.output().trim();
    if (log) process.stderr.write(`\nwrangler dev 的输出（最后 40 行）：\n${log.split("\n").slice(-40).join("\n")}\n`);
    await stop();
    process.stderr.write("已停止 wrangler dev 和 Bot API 替身。\n");
    return 1;
  }
}

process.exit(await main());
