// Bot configuration from the environment (worker bindings, .dev.vars, or process.env),
// validated with zod/mini: a missing or malformed setting is a clear error, never a crash
// in the middle of an update.
import type { UserFromGetMe } from "grammy/types";
import * as z from "zod/mini";
import { registerSecret } from "../shared/log.js";
import { readPublicBaseUrl as readSiteBaseUrl } from "../web/config.js";
import type { BaseUrl } from "../web/links.js";

/** The getMe result; fields newer than this check are kept as they are. */
const BotInfo = z.looseObject({
  id: z.number(),
  is_bot: z.literal(true),
  first_name: z.string(),
  username: z.string().check(z.minLength(1)),
  can_join_groups: z.boolean(),
  can_read_all_group_messages: z.boolean(),
  supports_inline_queries: z.boolean(),
});

const json = (name: string) =>
  z.pipe(
    z.string(),
    z.transform((s: string, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.issues.push({ code: "custom", input: s, message: `${name} is not valid JSON` });
        return z.NEVER;
      }
    }),
  );

export const BotEnv = z.object({
  BOT_TOKEN: z.string({ error: "BOT_TOKEN is not set" }).check(z.regex(/^\d+:[\w-]{20,}$/, "BOT_TOKEN does not look like a bot token (digits:letters)")),
  WEBHOOK_SECRET: z
    .string({ error: "WEBHOOK_SECRET is not set" })
    .check(z.regex(/^[A-Za-z0-9_-]{1,256}$/, "WEBHOOK_SECRET must be 1–256 characters of A–Z, a–z, 0–9, _ and -")),
  BOT_INFO: z.optional(z.pipe(json("BOT_INFO"), BotInfo)),
  TELEGRAM_API_ROOT: z.optional(z.url({ error: "TELEGRAM_API_ROOT must be a URL" })),
  /** Comma-separated Telegram user ids of the admins (issue 5). */
  ADMIN_IDS: z.optional(z.string().check(z.regex(/^\s*(\d+\s*(,\s*\d+\s*)*)?$/, "ADMIN_IDS must be comma-separated user ids"))),
});

export interface BotConfig {
  token: string;
  webhookSecret: string;
  botInfo?: UserFromGetMe;
  apiRoot?: string;
  adminIds: number[];
  /** PUBLIC_BASE_URL, normalised (no trailing slash): the web pages the bot links to; undefined: no links. */
  publicBaseUrl?: BaseUrl;
}

/**
 * `ok: true` may carry `ignored`: optional settings that are wrong and left out (a bad
 * PUBLIC_BASE_URL: the bot answers without web links), for /healthz and the logs.
 */
export type ConfigResult = { ok: true; config: BotConfig; ignored?: string } | { ok: false; error: string };

/**
 * PUBLIC_BASE_URL for the bot's links: as the pages read it (src/web/config.ts), on a host with a
 * dot (Telegram refuses a button to "localhost" or any other name without one: BUTTON_URL_INVALID,
 * which would lose the whole answer).
 */
export function readPublicBaseUrl(env: Record<string, unknown>): { ok: true; base?: BaseUrl } | { ok: false; error: string } {
  const read = readSiteBaseUrl(env);
  if (!read.ok || !read.url) return read.ok ? { ok: true } : read;
  if (!read.url.hostname.includes(".")) return { ok: false, error: "PUBLIC_BASE_URL must name a public host (Telegram refuses link buttons to localhost or a host without a dot)" };
  return { ok: true, base: read.base };
}

/**
 * Reads the bot's settings; `ok: false` with every problem in one message. Long polling
 * (Node) needs no webhook secret: `{ webhook: false }`.
 */
export function readBotConfig(env: Record<string, unknown>, { webhook = true } = {}): ConfigResult {
  if (!webhook && (env.WEBHOOK_SECRET === undefined || env.WEBHOOK_SECRET === "")) env = { ...env, WEBHOOK_SECRET: "long-polling" };
  const pick = Object.fromEntries(
    ["BOT_TOKEN", "WEBHOOK_SECRET", "BOT_INFO", "TELEGRAM_API_ROOT", "ADMIN_IDS"].flatMap((k) => (env[k] === undefined || env[k] === "" ? [] : [[k, env[k]]])),
  );
  const parsed = BotEnv.safeParse(pick);
  const links = readPublicBaseUrl(env);
  const linksError = links.ok ? [] : [`${links.error} (ignored: answers carry no web links)`];
  if (!parsed.success) return { ok: false, error: [...parsed.error.issues.map((i) => i.message), ...linksError].join("; ") };
  const e = parsed.data;
  registerSecret(e.BOT_TOKEN);
  registerSecret(e.WEBHOOK_SECRET);
  return {
    ok: true,
    config: {
      token: e.BOT_TOKEN,
      webhookSecret: e.WEBHOOK_SECRET,
      botInfo: e.BOT_INFO as UserFromGetMe | undefined,
      apiRoot: e.TELEGRAM_API_ROOT?.replace(/\/+$/, ""),
      adminIds: (e.ADMIN_IDS ?? "").split(",").map((s) => s.trim()).filter(Boolean).map(Number),
      ...(links.ok && links.base ? { publicBaseUrl: links.base } : {}),
    },
    ...(linksError.length ? { ignored: linksError.join("; ") } : {}),
  };
}
