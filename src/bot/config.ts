// Bot configuration from the environment (worker bindings, .dev.vars, or process.env),
// validated with zod/mini: a missing or malformed setting is a clear error, never a crash
// in the middle of an update.
import type { UserFromGetMe } from "grammy/types";
import * as z from "zod/mini";
import { registerSecret } from "../shared/log.js";

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
}

export type ConfigResult = { ok: true; config: BotConfig } | { ok: false; error: string };

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
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => i.message).join("; ") };
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
    },
  };
}
