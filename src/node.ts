// Local entry (Node): serves the same Hono app as the worker, over index/ read from disk.
//   npm start [-- --port N] [--index DIR]   (DATA_DIR: where published versions and uploads are kept)
import { serve } from "@hono/node-server";
import { resolve } from "node:path";
import { parseArgs } from "./cli/args.js";
import { REPO_ROOT } from "./cli/paths.js";
import { createApp } from "./http/app.js";
import { readIndexDir } from "./node/index-dir.js";
import type { ManageDeps } from "./manage/deps.js";
import { localParsers } from "./ingest/extract/binary-parsers.js";
import { fileStore } from "./store/file-store.js";
import { createLiveIndex } from "./store/live-index.js";
import { BOT_UPDATES, createBot } from "./bot/bot.js";
import { readBotConfig } from "./bot/config.js";
import { BOT_COMMANDS } from "./bot/texts.js";

const args = parseArgs(process.argv.slice(2), { values: ["port", "index"] });
const port = Number(args.values.port?.[0] ?? process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`invalid port: ${args.values.port?.[0] ?? process.env.PORT}`);
  process.exit(2);
}
const bundled = readIndexDir(resolve(args.values.index?.[0] ?? resolve(REPO_ROOT, "index")));
// Published versions, uploads and statistics live in a data folder (DATA_DIR, default ./data).
const store = fileStore(resolve(process.env.DATA_DIR ?? resolve(REPO_ROOT, "data")));
const checkSeconds = Number(process.env.INDEX_CHECK_SECONDS ?? 5);
if (!Number.isFinite(checkSeconds) || checkSeconds < 0) {
  console.error(`invalid INDEX_CHECK_SECONDS: ${process.env.INDEX_CHECK_SECONDS} (seconds, 0 or more)`);
  process.exit(2);
}
const live = createLiveIndex({ store: () => store, bundled: () => bundled, checkEveryMs: checkSeconds * 1000 });
const manage: ManageDeps = { store, live, bundled: () => bundled, now: () => new Date(), parsers: localParsers };
const index = await live.get();
const app = createApp({ index: () => live.get(), env: () => process.env, manage: () => manage, version: () => live.version() });
serve({ fetch: app.fetch, port }, (info) => {
  console.log(`政策通 API on http://localhost:${info.port}  (${index.manifest.documents} documents, ${index.manifest.clauses} clauses, version ${live.version()})`);
  console.log(`  try: curl 'http://localhost:${info.port}/api/answer?q=${encodeURIComponent("我能申请哪些技改补贴")}'`);
});

// With BOT_TOKEN set, the same bot runs here with long polling: no public URL needed.
if (process.env.BOT_TOKEN) {
  const config = readBotConfig(process.env, { webhook: false });
  if (!config.ok) {
    console.error(`bot not started: ${config.error}`);
    process.exit(2);
  }
  const bot = createBot(config.config, { index: () => live.get(), now: () => new Date(), manage: () => manage });
  await bot.api.setMyCommands(BOT_COMMANDS).catch((e: Error) => console.error(`could not set the command menu: ${e.message}`));
  // bot.start() asks getMe (unless BOT_INFO is set), drops any webhook, then polls.
  void bot.start({
    allowed_updates: BOT_UPDATES,
    onStart: (me) => console.log(`bot @${me.username} is polling Telegram${config.config.apiRoot ? ` at ${config.config.apiRoot}` : ""}`),
  });
  const stop = () => void bot.stop().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
