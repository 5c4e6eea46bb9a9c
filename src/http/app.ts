// The Hono app: JSON API, health and the web pages, the same on the edge (worker.ts) and in Node (node.ts).
import { Hono, type Context, type Handler } from "hono";
import type { LoadedIndex } from "../search/load-index.js";
import { publicResponse, search, searchSource } from "../search/engine.js";
import type { SearchSource } from "../search/source.js";
import type { TierVersion } from "../tier/source.js";
import type { ReplyQueue } from "../bot/outbox.js";
import type { ManageDeps } from "../manage/deps.js";
import { getLive, postIndex, postRollback } from "./admin-api.js";
import { botStatus, handleWebhook, newWebhookState } from "./telegram-webhook.js";
import { log } from "../shared/log.js";
import { failedAuthLimiter } from "./failed-auth.js";
import { readQuery, SearchParams, validationError, type ApiError } from "./validate.js";
import { answerFromSource, answerResponse } from "./answer-response.js";
import { wantsPage, webRoutes, type PageCache } from "../web/routes.js";

export interface AppDeps {
  /** The live index (loaded once, on first use). */
  index: () => LoadedIndex | Promise<LoadedIndex>;
  now?: () => Date;
  /** Settings (BOT_TOKEN…): Node passes process.env; on the edge the worker's bindings are used. */
  env?: () => Record<string, unknown>;
  /** Document management (store, live index); undefined when no store is bound. */
  manage?: (env: Record<string, unknown>) => ManageDeps | undefined;
  /** The version being served, for /healthz. */
  version?: () => string | undefined;
  /** Where a version's files come from, for /healthz: the bundled one's folder on Node (--index), the store's for a published one. */
  served?: (version: string) => ServedIndex;
  /** Where the bot's replies that Telegram refused for now wait (Queues on the edge, the data folder on Node). */
  replies?: (env: Record<string, unknown>) => ReplyQueue | undefined;
  /** Where rendered web pages are kept, keyed by index version (the Cache API on the edge; none on Node). */
  pageCache?: PageCache;
  /** How the bot gets its updates: the webhook (the edge, default) or long polling (Node), which needs no WEBHOOK_SECRET. */
  botUpdates?: "webhook" | "polling";
  /** The search tier (src/tier/), when one is configured: /api/search, /api/answer and the bot's answers read the library from it. */
  searchSource?: (env: Record<string, unknown>) => Promise<TierVersion> | undefined;
}

/** Where the index being served was read from. */
export interface ServedIndex {
  /** A folder read at start (Node: index/ or --index DIR), the index built into the worker, or a published version in the store. */
  from: "directory" | "worker-bundle" | "store";
  /** The folder (Node), or the store's key prefix of a published version. */
  path?: string;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const now = deps.now ?? (() => new Date());

  const envOf = (c: { env: unknown }) => deps.env?.() ?? ((c.env ?? {}) as Record<string, unknown>);
  const webhook = newWebhookState();
  const limiter = failedAuthLimiter();
  /** The methods each route answers, for 405's Allow header. */
  const methods = new Map<string, string[]>();
  const route = (method: "GET" | "POST", path: string, handler: Handler) => {
    app.on(method, path, handler);
    methods.set(path, [...(methods.get(path) ?? []), method]);
  };

  // Browsers must not guess a type for what the API answers.
  app.use(async (c, next) => {
    await next();
    c.res.headers.set("X-Content-Type-Options", "nosniff");
  });

  route("GET", "/healthz", async (c) => {
    const index = await deps.index();
    const manage = deps.manage?.(envOf(c));
    const version = deps.version?.() ?? "bundled";
    const served = { version, ...deps.served?.(version), contentHash: index.manifest.contentHash };
    const tier = await tierHealth(c);
    return c.json({ status: "ok", index: index.manifest, version, served, ...(tier ? { tier } : {}), store: manage ? "bound" : "none", bot: botStatus(envOf(c), { webhook: deps.botUpdates !== "polling" }) });
  });

  /** For /healthz, when a search tier is configured: the live version answers come from, or why it cannot be read. */
  const tierHealth = async (c: Context): Promise<{ version: string; documents: number; clauses: number } | { error: string } | undefined> => {
    try {
      const tier = await deps.searchSource?.(envOf(c));
      return tier ? { version: tier.version, documents: tier.documents, clauses: tier.stats.size } : undefined;
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  };

  // the bot is made once (./telegram-webhook.ts) and kept; what it reads follows the settings of the request at hand
  let botEnv: Record<string, unknown> = {};
  const botDeps = { index: deps.index, now, manage: () => deps.manage?.(botEnv), replies: () => deps.replies?.(botEnv), tier: () => deps.searchSource?.(botEnv) };
  route("POST", "/telegram/webhook", (c) => {
    botEnv = envOf(c);
    return handleWebhook(c, botEnv, botDeps, webhook);
  });

  route("GET", "/admin/index", (c) => getLive(c, envOf(c), deps.manage?.(envOf(c)), limiter));
  route("POST", "/admin/index", (c) => postIndex(c, envOf(c), deps.manage?.(envOf(c)), limiter, deps.replies?.(envOf(c))));
  route("POST", "/admin/rollback", (c) => postRollback(c, envOf(c), deps.manage?.(envOf(c)), limiter));

  /** The search tier when one is configured (undefined: the index in the isolate), or the 503 to answer when it cannot be opened. */
  const openTier = async (c: Context): Promise<{ tier?: SearchSource; unavailable?: Response }> => {
    try {
      return { tier: await deps.searchSource?.(envOf(c)) };
    } catch (e) {
      // a tier that cannot be opened (a binding missing, nothing published, the database down): say so, log why
      log.error("search tier unavailable", e);
      return { unavailable: c.json({ error: "unavailable", message: "the search tier cannot be read now; try again later" } satisfies ApiError, 503) };
    }
  };

  route("GET", "/api/search", async (c) => {
    const params = parseParams(c.req.url);
    if (!params.ok) return c.json(params.error, 400);
    const { tier, unavailable } = await openTier(c);
    if (unavailable) return unavailable;
    const response = tier ? await searchSource(tier, params.value.q, { k: params.value.k, now: now() }) : await search(await deps.index(), params.value.q, { k: params.value.k, now: now() });
    return c.json(publicResponse(response));
  });

  route("GET", "/api/answer", async (c) => {
    const params = parseParams(c.req.url);
    if (!params.ok) return c.json(params.error, 400);
    const { tier, unavailable } = await openTier(c);
    if (unavailable) return unavailable;
    const options = { k: params.value.k, now: now() };
    return c.json(tier ? await answerFromSource(tier, params.value.q, options) : await answerResponse(await deps.index(), params.value.q, options));
  });

  // The web pages (src/web/): /, /q, /c/<clauseId>, /d/<docId>, /static/…
  const web = webRoutes(route, { index: deps.index, now, env: envOf, pageCache: deps.pageCache, tier: (c) => deps.searchSource?.(envOf(c)) });

  // A known route asked with another method: 405 and what it answers (HEAD goes with GET).
  for (const [path, allowed] of methods) {
    const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : [])].sort().join(", ");
    app.all(path, (c) => {
      c.header("Allow", allow);
      return c.json({ error: "method_not_allowed", message: `${c.req.method} is not allowed on ${path}; it answers ${allow}` } satisfies ApiError, 405);
    });
  }

  // a browser asking for a page gets the 404 page; everything else, JSON
  app.notFound((c) => (wantsPage(c) ? web.notFound(c) : c.json({ error: "not_found", message: `no route for ${c.req.method} ${new URL(c.req.url).pathname}` } satisfies ApiError, 404)));
  app.onError((err, c) => {
    log.error(`request failed: ${c.req.method} ${new URL(c.req.url).pathname}`, err);
    return c.json({ error: "internal_error", message: "the server failed to handle this request" } satisfies ApiError, 500);
  });
  return app;
}

function parseParams(url: string): { ok: true; value: SearchParams } | { ok: false; error: ApiError } {
  const query = readQuery(url);
  if (!query.ok) return query;
  const parsed = SearchParams.safeParse(query.params);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: validationError(parsed.error) };
}
