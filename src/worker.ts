// Edge entry (Cloudflare Workers): the Hono app over the live index: the one an admin last
// published to the R2 bucket (binding STORE), else the index bundled with the worker. Beside
// `fetch`: `queue` delivers the bot's replies that Telegram refused for now (binding REPLIES),
// and `scheduled` (a Cron Trigger, hourly) sweeps the store (src/manage/sweep.ts).
import { botApi } from "./bot/bot.js";
import { readBotConfig, readPublicBaseUrl } from "./bot/config.js";
import type { ReplyQueue } from "./bot/outbox.js";
import { d1Db } from "./db/d1.js";
import { createApp } from "./http/app.js";
import { serviceParsers, type ServiceFetcher } from "./ingest/extract/service-parsers.js";
import type { ManageDeps } from "./manage/deps.js";
import { createRefusalCounter } from "./manage/refusals.js";
import { consumeReplies, queueReplies } from "./manage/replies.js";
import { sweep } from "./manage/sweep.js";
import { sendReminders, unsubscribeChat } from "./subscriptions/subscriptions.js";
import { memoryLibrary, tierLibrary } from "./bot/library.js";
import { bundledIndex } from "./search/bundled-index.js";
import { log } from "./shared/log.js";
import type { BlobStore } from "./store/blob-store.js";
import { BUNDLED, versionPrefix } from "./store/index-versions.js";
import { createLiveIndex, DEFAULT_CHECK_MS } from "./store/live-index.js";
import { r2Store } from "./store/r2-store.js";
import type { PageCache } from "./web/routes.js";
import { tierReader } from "./tier/source.js";

type Env = Record<string, unknown>;

// One per isolate: the bucket binding is the same object for every request.
let store: BlobStore | undefined;
let checkEveryMs = DEFAULT_CHECK_MS;
const live = createLiveIndex({ store: () => store, bundled: bundledIndex, checkEveryMs: () => checkEveryMs });
let manage: ManageDeps | undefined;

function bind(env: Env): ManageDeps | undefined {
  const bucket = env.STORE as R2Bucket | undefined;
  if (!bucket) return undefined;
  if (!store) {
    store = r2Store(bucket);
    const seconds = Number(env.INDEX_CHECK_SECONDS);
    if (Number.isFinite(seconds) && seconds >= 0) checkEveryMs = seconds * 1000;
    const extractor = env.EXTRACTOR as ServiceFetcher | undefined;
    manage = { store, live, bundled: bundledIndex, now: () => new Date(), parsers: extractor ? serviceParsers(extractor) : undefined, refusals: createRefusalCounter() };
    // D1 (binding DB): feedback on answers; its schema is migrations/, applied with wrangler d1 migrations apply
    const database = env.DB as D1Database | undefined;
    if (database) manage.db = d1Db(database);
  }
  return manage;
}

/** The REPLIES queue, when bound; REPLY_RETRY_BASE_SECONDS (default 30) is the first retry's delay. */
function replies(env: Env): ReplyQueue | undefined {
  const queue = env.REPLIES as Queue | undefined;
  const base = Number(env.REPLY_RETRY_BASE_SECONDS ?? 30);
  return queue ? queueReplies(queue, Number.isFinite(base) && base >= 0 ? base : 30) : undefined;
}

// /healthz names what is served: the index built into this worker (index/ at deploy), or a published version in STORE
const served = (version: string) => (version === BUNDLED ? { from: "worker-bundle" as const } : { from: "store" as const, path: versionPrefix(version) });
// Rendered web pages, kept in this data centre's cache under keys that hold the index version
// (src/web/routes.ts): a repeated answer is served without searching again.
const pageCache: PageCache = {
  match: async (key) => (await caches.default.match(key)) ?? undefined,
  put: (key, response) => caches.default.put(key, response),
};
// The search tier (src/tier/), when SEARCH_TIER names its D1 bindings ("TIER_0,TIER_1"): /api/search,
// /api/answer and the bot's answers (with their buttons and inline mode) read the library from there
// instead of from the index in this isolate.
// SEARCH_TIER_SHORT_LIST (optional): lists of at most this many postings come with a question's
// first round (src/tier/source.ts SHORT_LIST); "Infinity" reads every list in full (the bench's
// reference for parity at sizes the in-memory engine cannot hold).
let tier: { names: string; reader: ReturnType<typeof tierReader> } | undefined;
function searchTier(env: Env) {
  const names = typeof env.SEARCH_TIER === "string" ? env.SEARCH_TIER.trim() : "";
  if (!names) return undefined;
  const short = typeof env.SEARCH_TIER_SHORT_LIST === "string" && env.SEARCH_TIER_SHORT_LIST.trim() ? Number(env.SEARCH_TIER_SHORT_LIST) : undefined;
  if (short !== undefined && !(short >= 0)) throw new Error(`SEARCH_TIER_SHORT_LIST is not a number of postings: ${env.SEARCH_TIER_SHORT_LIST}`);
  if (tier?.names !== names) {
    const shards = names.split(",").map((name) => {
      const binding = env[name.trim()] as D1Database | undefined;
      if (!binding) throw new Error(`SEARCH_TIER names ${name.trim()}, which is not a D1 binding of this worker`);
      return d1Db(binding);
    });
    tier = { names, reader: tierReader(shards, short === undefined ? {} : { shortList: short }) };
  }
  return tier.reader.source();
}

const app = createApp({ index: () => live.get(), manage: bind, version: () => live.version(), served, replies, pageCache, searchSource: searchTier });

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    bind(env);
    return app.fetch(request, env, ctx);
  },

  async queue(batch: MessageBatch<unknown>, env: Env) {
    const config = readBotConfig(env, { webhook: false });
    const queue = replies(env);
    if (!config.ok || !queue) {
      log.error(`reply queue: cannot deliver ${batch.messages.length} deferred repl(ies): ${config.ok ? "no REPLIES binding" : config.error}; retried later`);
      return batch.retryAll({ delaySeconds: 300 });
    }
    // a subscriber who blocked the bot (403 on a notice) is unsubscribed
    const db = bind(env)?.db;
    await consumeReplies(batch, botApi(config.config), queue, db ? (chatId) => unsubscribeChat(db, chatId) : undefined);
  },

  async scheduled(controller: ScheduledController, env: Env) {
    const deps = bind(env);
    if (!deps) return log.error("sweep: no STORE binding, nothing to sweep");
    // deadline reminders for subscribers go through the reply queue, as notices do
    const queue = replies(env);
    const db = deps.db;
    const base = readPublicBaseUrl(env);
    // from the search tier when one is configured, as the bot's answers are
    const library = async () => {
      const tier = searchTier(env);
      return tier ? tierLibrary(await tier) : memoryLibrary(await live.get());
    };
    const reminders = db && queue ? async (now: Date) => sendReminders({ db, queue, library: await library(), now, base: base.ok ? base.base : undefined }) : undefined;
    // the Cron Trigger's own time is the sweep's "now" (a test passes the day it needs)
    const now = new Date(controller.scheduledTime);
    await sweep({ ...deps, now: () => now }, { reminders });
  },
};
