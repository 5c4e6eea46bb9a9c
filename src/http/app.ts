// The Hono app: JSON API and health, the same on the edge (worker.ts) and in Node (node.ts).
import { Hono } from "hono";
import { composeAnswer } from "../answer/compose.js";
import { coverageOf, renderText } from "../answer/render-text.js";
import type { LoadedIndex } from "../search/load-index.js";
import { publicResponse, search } from "../search/engine.js";
import type { ManageDeps } from "../manage/deps.js";
import { getLive, postIndex, postRollback } from "./admin-api.js";
import { botStatus, handleWebhook, newWebhookState } from "./telegram-webhook.js";
import { readQuery, SearchParams, validationError, type ApiError } from "./validate.js";

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
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const now = deps.now ?? (() => new Date());

  const envOf = (c: { env: unknown }) => deps.env?.() ?? ((c.env ?? {}) as Record<string, unknown>);
  const webhook = newWebhookState();

  app.get("/healthz", async (c) => {
    const index = await deps.index();
    const manage = deps.manage?.(envOf(c));
    return c.json({ status: "ok", index: index.manifest, version: deps.version?.() ?? "bundled", store: manage ? "bound" : "none", bot: botStatus(envOf(c)) });
  });

  app.post("/telegram/webhook", (c) => {
    const env = envOf(c);
    return handleWebhook(c, env, { index: deps.index, now, manage: () => deps.manage?.(env) }, webhook);
  });

  app.get("/admin/index", (c) => getLive(c, envOf(c), deps.manage?.(envOf(c))));
  app.post("/admin/index", (c) => postIndex(c, envOf(c), deps.manage?.(envOf(c))));
  app.post("/admin/rollback", (c) => postRollback(c, envOf(c), deps.manage?.(envOf(c))));

  app.get("/api/search", async (c) => {
    const params = parseParams(c.req.url);
    if (!params.ok) return c.json(params.error, 400);
    const index = await deps.index();
    const response = await search(index, params.value.q, { k: params.value.k });
    return c.json(publicResponse(response));
  });

  app.get("/api/answer", async (c) => {
    const params = parseParams(c.req.url);
    if (!params.ok) return c.json(params.error, 400);
    const index = await deps.index();
    const response = await search(index, params.value.q, { k: params.value.k });
    const answer = composeAnswer(response, index.documentsById, { now: now(), queryWords: response.words });
    return c.json({ ...answer, text: renderText(answer, coverageOf(index.documents)) });
  });

  app.notFound((c) => c.json({ error: "not_found", message: `no route for ${c.req.method} ${new URL(c.req.url).pathname}` } satisfies ApiError, 404));
  app.onError((err, c) => {
    console.error("request failed", c.req.method, c.req.url, err);
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
