// Local entry (Node): serves the same Hono app as the worker, over index/ read from disk, and
// with BOT_TOKEN the same bot with long polling.
//   npm start [-- --port N] [--host H] [--index DIR]
//   DATA_DIR: where published versions, uploads, statistics and deferred replies are kept (one
//   `npm start` per folder: server.lock)
import { serve } from "@hono/node-server";
import type { Server } from "node:http";
import { join, resolve } from "node:path";
import { parseArgs, type ParsedArgs } from "./cli/args.js";
import { REPO_ROOT } from "./cli/paths.js";
import { createApp } from "./http/app.js";
import { IndexDirError, readIndexDir } from "./node/index-dir.js";
import type { ManageDeps } from "./manage/deps.js";
import { fileStore } from "./store/file-store.js";
import { BUNDLED, versionPrefix } from "./store/index-versions.js";
import { createLiveIndex } from "./store/live-index.js";
import { tierFiles } from "./node/tier-files.js";
import { botApi, createBot } from "./bot/bot.js";
import { readBotConfig, readPublicBaseUrl } from "./bot/config.js";
import { createRefusalCounter } from "./manage/refusals.js";
import { drainStoreReplies, storeReplies } from "./manage/replies.js";
import { sweep } from "./manage/sweep.js";
import { sendReminders, unsubscribeChat } from "./subscriptions/subscriptions.js";
import { memoryLibrary, tierLibrary } from "./bot/library.js";
import { lockDataDir } from "./node/data-lock.js";
import { migrate, openSqliteFile, readMigrations } from "./db/sqlite-file.js";
import { threadParsers } from "./node/extract-thread.js";
import { jsonClientErrors } from "./node/http-errors.js";
import { oneAtATimePerChat, startPolling } from "./node/polling.js";
import { log } from "./shared/log.js";

// Whatever escapes is logged without secrets (Node's own report would print the error whole).
process.on("unhandledRejection", (e) => log.error("unhandled rejection", e));
process.on("uncaughtException", (e) => {
  log.error("uncaught exception", e);
  process.exit(1);
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
let args: ParsedArgs;
try {
  args = parseArgs(process.argv.slice(2), { values: ["port", "index", "host"] });
} catch (e) {
  fail(`${(e as Error).message}\n用法：npm start [-- --port N] [--host H] [--index 目录]`);
}
const port = Number(args.values.port?.[0] ?? process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`invalid port: ${args.values.port?.[0] ?? process.env.PORT}`);
// Loopback unless told otherwise: the admin API and the webhook are not for the whole network.
const host = args.values.host?.[0] ?? process.env.HOST ?? "127.0.0.1";
const checkSeconds = Number(process.env.INDEX_CHECK_SECONDS ?? 5);
if (!Number.isFinite(checkSeconds) || checkSeconds < 0) fail(`invalid INDEX_CHECK_SECONDS: ${process.env.INDEX_CHECK_SECONDS} (seconds, 0 or more)`);
const retryBase = Number(process.env.REPLY_RETRY_BASE_SECONDS ?? 30);
if (!Number.isFinite(retryBase) || retryBase < 0) fail(`invalid REPLY_RETRY_BASE_SECONDS: ${process.env.REPLY_RETRY_BASE_SECONDS} (seconds, 0 or more)`);
const botConfig = process.env.BOT_TOKEN ? readBotConfig(process.env, { webhook: false }) : undefined;
if (botConfig && !botConfig.ok) fail(`bot not started: ${botConfig.error}`);
// a bad optional setting (PUBLIC_BASE_URL) is left out, not fatal: said once here and in /healthz
if (botConfig?.ok && botConfig.ignored) log.error(`bot: ${botConfig.ignored}`);

const dataDir = resolve(process.env.DATA_DIR ?? resolve(REPO_ROOT, "data"));
const lock = lockDataDir(dataDir);
if (!lock.ok) {
  const h = lock.holder;
  fail(
    `another npm start is using the data folder ${dataDir}${h ? ` (pid ${h.pid} on ${h.host}, since ${h.since})` : ""}: ` +
      `stop it first, or give this one its own DATA_DIR. (If that process is gone for good, delete ${lock.path}.)`,
  );
}

const indexDir = resolve(args.values.index?.[0] ?? resolve(REPO_ROOT, "index"));
let bundled: ReturnType<typeof readIndexDir>;
try {
  bundled = readIndexDir(indexDir);
} catch (e) {
  if (!(e instanceof IndexDirError)) throw e;
  lock.release();
  fail(e.message);
}
const store = fileStore(dataDir);
// The SQL database (feedback on answers): DATA_DIR/db.sqlite, the same migrations as D1, applied here
const db = await openSqliteFile(join(dataDir, "db.sqlite"));
try {
  const applied = await migrate(db, readMigrations(resolve(REPO_ROOT, "migrations")));
  if (applied.length) log.info(`database ${db.path}: applied ${applied.join(", ")}`);
} catch (e) {
  lock.release();
  fail(`cannot prepare the database ${db.path}: ${(e as Error).message}`);
}
const live = createLiveIndex({ store: () => store, bundled: () => bundled, checkEveryMs: checkSeconds * 1000 });
const manage: ManageDeps = { store, live, bundled: () => bundled, now: () => new Date(), parsers: threadParsers(), refusals: createRefusalCounter(), db };
const replies = storeReplies(store, retryBase);
const index = await live.get();
// /healthz names the folder the served index was read from: --index DIR (or index/), or the published version's in DATA_DIR
const served = (version: string) =>
  version === BUNDLED ? { from: "directory" as const, path: indexDir } : { from: "store" as const, path: join(dataDir, ...versionPrefix(version).split("/")) };
// The search tier (src/tier/), when SEARCH_TIER_FILES names its SQLite files (shard 0 first): /api/search, /api/answer and the bot's answers read it
const tierPaths = (process.env.SEARCH_TIER_FILES ?? "").split(",").map((p) => p.trim()).filter(Boolean).map((p) => resolve(p));
const tier = tierPaths.length ? tierFiles(tierPaths) : undefined;
const app = createApp({
  index: () => live.get(),
  env: () => process.env,
  manage: () => manage,
  version: () => live.version(),
  served,
  replies: () => replies,
  botUpdates: "polling",
  ...(tier ? { searchSource: () => tier.source() } : {}),
});
const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  const shown = host.includes(":") ? `[${host}]` : host;
  log.info(`政策通 API on http://${shown}:${info.port}  (${index.manifest.documents} documents, ${index.manifest.clauses} clauses, version ${live.version()} from ${served(live.version() ?? BUNDLED).path})`);
  log.info(`  try: curl 'http://${shown}:${info.port}/api/answer?q=${encodeURIComponent("我能申请哪些技改补贴")}'`);
  if (tierPaths.length) log.info(`  /api/search, /api/answer and the bot's answers read the search tier in ${tierPaths.join(", ")} (SEARCH_TIER_FILES)`);
});
jsonClientErrors(server as Server);
(server as Server).once("error", (e: NodeJS.ErrnoException) => fail(`cannot listen on ${host}:${port}: ${e.code ?? e.message}${e.code === "EADDRINUSE" ? " (the port is taken: --port N)" : e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND" ? " (not an address of this machine: --host)" : ""}`));

// Background work: the sweep hourly (and a minute after start), deferred replies every 5 s.
const every = (ms: number, job: () => Promise<unknown>) => {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    job()
      .catch((e) => log.error("background job failed", e))
      .finally(() => (running = false));
  };
  return setInterval(tick, ms).unref();
};
const publicBase = readPublicBaseUrl(process.env);
// deadline reminders for subscribers go through the outbox, as notices do (src/subscriptions/)
// from the search tier when one is configured, as the bot's answers are
const reminders = async (now: Date) =>
  sendReminders({ db, queue: replies, library: tier ? tierLibrary(await tier.source()) : memoryLibrary(await live.get()), now, base: publicBase.ok ? publicBase.base : undefined });
const sweepNow = () => sweep(manage, { leftovers: () => store.sweepLeftovers(), reminders });
setTimeout(() => void sweepNow().catch((e) => log.error("sweep failed", e)), 60_000).unref();
every(3600_000, sweepNow);

let stopPolling: (() => Promise<void>) | undefined;
if (botConfig?.ok) {
  const config = botConfig.config;
  const bot = createBot(config, { index: () => live.get(), now: () => new Date(), manage: () => manage, replies: () => replies, ...(tier ? { tier: () => tier.source() } : {}) }, { first: [oneAtATimePerChat] });
  const api = botApi(config);
  every(5000, () => drainStoreReplies(store, api, replies, Date.now(), (chatId) => unsubscribeChat(db, chatId)));
  stopPolling = startPolling(bot, { apiRoot: config.apiRoot }).stop;
}

const stop = async () => {
  await stopPolling?.().catch((e) => log.error("bot: stopping failed", e));
  await manage.refusals.flush(store).catch(() => undefined);
  lock.release();
  process.exit(0);
};
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());
