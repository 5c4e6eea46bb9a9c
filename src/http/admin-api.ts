// The admin HTTP API, for `npm run publish:index` (an index built offline) and for operators:
//   GET  /admin/index           the live version and the ones /rollback can go back to
//   POST /admin/index           { files: { "manifest.json": "...", ... }, note? } → publish
//   POST /admin/rollback        back to the previous version
// Authorization: Bearer <ADMIN_TOKEN>; without a usable ADMIN_TOKEN (adminTokenProblem) the API
// is off (503). Every call is audited; a wrong token is counted (src/manage/refusals.ts), and a
// client that keeps guessing is locked out for a while (./failed-auth.ts).
import type { Context as HonoContext } from "hono";
import * as z from "zod/mini";
import { audit } from "../manage/audit.js";
import type { ManageDeps } from "../manage/deps.js";
import { publishFiles, rollback } from "../manage/publish.js";
import { PublishError, readLive } from "../store/index-versions.js";
import { registerSecret } from "../shared/log.js";
import { clientAddress, type FailedAuth } from "./failed-auth.js";
import { sameSecret } from "./telegram-webhook.js";
import type { ApiError } from "./validate.js";
import type { ReplyQueue } from "../bot/outbox.js";
import { readPublicBaseUrl } from "../bot/config.js";
import { noticesAfterPublish } from "../subscriptions/subscriptions.js";
import { memoryLibrary } from "../bot/library.js";

const PublishBody = z.object({
  files: z.record(z.string(), z.string()),
  note: z.optional(z.string().check(z.maxLength(500))),
});

type Handler = (c: HonoContext, env: Record<string, unknown>, manage: ManageDeps | undefined, limiter: FailedAuth, replies?: ReplyQueue) => Promise<Response>;

/**
 * Why ADMIN_TOKEN cannot be used, or undefined when it can: at least 24 characters, printable
 * and without spaces, and not a repetition of a few characters (at least 10 different ones).
 * `openssl rand -hex 32` gives one.
 */
export function adminTokenProblem(token: unknown): string | undefined {
  if (typeof token !== "string" || token === "") return "set ADMIN_TOKEN";
  if (token.length < 24) return "ADMIN_TOKEN is shorter than 24 characters";
  if (!/^[\x21-\x7e]+$/.test(token)) return "ADMIN_TOKEN must be printable ASCII without spaces";
  if (new Set(token).size < 10) return "ADMIN_TOKEN repeats a few characters (it needs at least 10 different ones)";
  return undefined;
}

const guarded =
  (action: string, run: (c: HonoContext, m: ManageDeps, more: { env: Record<string, unknown>; replies?: ReplyQueue }) => Promise<Response>): Handler =>
  async (c, env, manage, limiter, replies) => {
    const problem = adminTokenProblem(env.ADMIN_TOKEN);
    if (problem) return c.json({ error: "unavailable", message: `the admin API is off: ${problem} (e.g. openssl rand -hex 32)` } satisfies ApiError, 503);
    const token = env.ADMIN_TOKEN as string;
    registerSecret(token);
    const client = clientAddress(c);
    const wait = limiter.lockedFor(client);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      return c.json({ error: "too_many_requests", message: `too many wrong tokens from this address; try again in ${wait} s` } satisfies ApiError, 429);
    }
    const given = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (!sameSecret(given, token)) {
      limiter.failed(client);
      await manage?.refusals.count(manage.store, `api:${action}`, `missing or wrong bearer token from ${client}`);
      return c.json({ error: "unauthorized", message: "missing or wrong Authorization: Bearer token" } satisfies ApiError, 401);
    }
    if (!manage) return c.json({ error: "unavailable", message: "no store is bound (R2 binding STORE, or DATA_DIR on Node)" } satisfies ApiError, 503);
    return run(c, manage, { env, replies });
  };

/** Whether answers come from the search tier (SEARCH_TIER on the edge, SEARCH_TIER_FILES on Node): a publish here would not reach users. */
const tierMode = (env: Record<string, unknown>) => [env.SEARCH_TIER, env.SEARCH_TIER_FILES].some((v) => typeof v === "string" && v.trim() !== "");

const TIER_MODE: ApiError = {
  error: "tier_mode",
  message: "answers come from the search tier (SEARCH_TIER): a publish or rollback here would not reach users; publish a whole library to the tier with npm run index -- --tier-sql OUT --switch or npm run publish:index -- --tier, or change it from the chat (uploads, /remove, /rollback, /learn)",
};

export const getLive = guarded("live", async (c, m) => c.json(await readLive(m.store, m.bundled)));

export const postIndex = guarded("publish", async (c, m, { env, replies }) => {
  if (tierMode(env)) {
    await audit(m.store, { by: "api", action: "publish", ok: false, detail: "refused: answers come from the search tier" });
    return c.json(TIER_MODE, 409);
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return c.json({ error: "invalid_request", message: "the body is not JSON" } satisfies ApiError, 400);
  }
  const parsed = PublishBody.safeParse(body);
  if (!parsed.success) return c.json({ error: "invalid_request", message: "expected { files: { name: text }, note? }" } satisfies ApiError, 400);
  try {
    const { entry, index, added } = await publishFiles(m, parsed.data.files, "api", parsed.data.note ?? "npm run publish:index");
    await audit(m.store, { by: "api", action: "publish", ok: true, detail: `${entry.id}: ${entry.documents} documents, ${entry.clauses} clauses` });
    // subscribers hear of the documents that are new or changed, as after a publish from the chat
    const links = readPublicBaseUrl(env);
    const notified = await noticesAfterPublish({ db: m.db, queue: replies, library: memoryLibrary(index), now: m.now(), base: links.ok ? links.base : undefined }, added.map((d) => d.id));
    return c.json({ ok: true, version: entry, changed: added.map((d) => d.id), ...(notified === undefined ? {} : { notified }) });
  } catch (e) {
    await audit(m.store, { by: "api", action: "publish", ok: false, detail: (e as Error).message });
    if (!(e instanceof PublishError)) throw e;
    const status = e.step === "check" ? 400 : e.step === "unchanged" || e.step === "conflict" ? 409 : 500;
    return c.json({ error: `publish_${e.step}`, message: e.message } satisfies ApiError, status);
  }
});

export const postRollback = guarded("rollback", async (c, m, { env }) => {
  if (tierMode(env)) {
    await audit(m.store, { by: "api", action: "rollback", ok: false, detail: "refused: answers come from the search tier" });
    return c.json(TIER_MODE, 409);
  }
  try {
    const { from, to } = await rollback(m);
    await audit(m.store, { by: "api", action: "rollback", ok: true, detail: `${from.id} → ${to.id}` });
    return c.json({ ok: true, from, to });
  } catch (e) {
    await audit(m.store, { by: "api", action: "rollback", ok: false, detail: (e as Error).message });
    if (!(e instanceof PublishError)) throw e;
    return c.json({ error: "rollback_unavailable", message: e.message } satisfies ApiError, 409);
  }
});
