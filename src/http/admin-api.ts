// The admin HTTP API, for `npm run publish:index` (an index built offline) and for operators:
//   GET  /admin/index           the live version and the ones /rollback can go back to
//   POST /admin/index           { files: { "manifest.json": "...", ... }, note? } → publish
//   POST /admin/rollback        back to the previous version
// Authorization: Bearer <ADMIN_TOKEN> (a secret of at least 24 characters); without
// ADMIN_TOKEN set the API is off (503). Every call is audited.
import type { Context as HonoContext } from "hono";
import * as z from "zod/mini";
import { audit } from "../manage/audit.js";
import type { ManageDeps } from "../manage/deps.js";
import { publishFiles, rollback } from "../manage/publish.js";
import { PublishError, readLive } from "../store/index-versions.js";
import { sameSecret } from "./telegram-webhook.js";
import type { ApiError } from "./validate.js";

const PublishBody = z.object({
  files: z.record(z.string(), z.string()),
  note: z.optional(z.string().check(z.maxLength(500))),
});

type Handler = (c: HonoContext, env: Record<string, unknown>, manage: ManageDeps | undefined) => Promise<Response>;

const guarded =
  (action: string, run: (c: HonoContext, m: ManageDeps) => Promise<Response>): Handler =>
  async (c, env, manage) => {
    const token = typeof env.ADMIN_TOKEN === "string" ? env.ADMIN_TOKEN : "";
    if (token.length < 24) return c.json({ error: "unavailable", message: "the admin API is off: set ADMIN_TOKEN (at least 24 characters)" } satisfies ApiError, 503);
    const given = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (!sameSecret(given, token)) {
      await audit(manage?.store, { by: "api", action, ok: false, detail: "missing or wrong bearer token" });
      return c.json({ error: "unauthorized", message: "missing or wrong Authorization: Bearer token" } satisfies ApiError, 401);
    }
    if (!manage) return c.json({ error: "unavailable", message: "no store is bound (R2 binding STORE, or DATA_DIR on Node)" } satisfies ApiError, 503);
    return run(c, manage);
  };

export const getLive = guarded("live", async (c, m) => c.json(await readLive(m.store, m.bundled)));

export const postIndex = guarded("publish", async (c, m) => {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return c.json({ error: "invalid_request", message: "the body is not JSON" } satisfies ApiError, 400);
  }
  const parsed = PublishBody.safeParse(body);
  if (!parsed.success) return c.json({ error: "invalid_request", message: "expected { files: { name: text }, note? }" } satisfies ApiError, 400);
  try {
    const { entry } = await publishFiles(m, parsed.data.files, "api", parsed.data.note ?? "npm run publish:index");
    await audit(m.store, { by: "api", action: "publish", ok: true, detail: `${entry.id}: ${entry.documents} documents, ${entry.clauses} clauses` });
    return c.json({ ok: true, version: entry });
  } catch (e) {
    await audit(m.store, { by: "api", action: "publish", ok: false, detail: (e as Error).message });
    if (!(e instanceof PublishError)) throw e;
    const status = e.step === "check" ? 400 : e.step === "unchanged" || e.step === "conflict" ? 409 : 500;
    return c.json({ error: `publish_${e.step}`, message: e.message } satisfies ApiError, status);
  }
});

export const postRollback = guarded("rollback", async (c, m) => {
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
