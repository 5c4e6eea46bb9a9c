// POST /telegram/webhook: Telegram's updates. The secret header must match WEBHOOK_SECRET
// (401, bot untouched); a body that is not an update is a 400; a repeated update_id is
// answered once (per instance in memory, across instances through the store); an accepted update gets 200 even when handling it failed (the failure is
// logged), so that Telegram does not redeliver it into a storm.
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Context as HonoContext } from "hono";
import * as z from "zod/mini";
import type { BotDeps } from "../bot/answering.js";
import { createBot } from "../bot/bot.js";
import { readBotConfig, readPublicBaseUrl, type BotConfig, type ConfigResult } from "../bot/config.js";
import { log } from "../shared/log.js";
import type { ApiError } from "./validate.js";

const UpdateShape = z.looseObject({ update_id: z.int().check(z.nonnegative()) });

/** update_ids seen by this isolate, oldest first (bounded). */
const RECENT_LIMIT = 5000;

export interface WebhookState {
  bot?: { key: string; bot: Bot; ready?: Promise<void> };
  recent: Set<number>;
}

export const newWebhookState = (): WebhookState => ({ recent: new Set() });

export async function handleWebhook(c: HonoContext, env: Record<string, unknown>, deps: BotDeps, state: WebhookState) {
  const config = readBotConfig(env);
  if (!config.ok) return c.json({ error: "unavailable", message: `the bot is not configured: ${config.error}` } satisfies ApiError, 503);
  if (!sameSecret(c.req.header("x-telegram-bot-api-secret-token"), config.config.webhookSecret)) {
    return c.json({ error: "unauthorized", message: "missing or wrong X-Telegram-Bot-Api-Secret-Token" } satisfies ApiError, 401);
  }
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    return c.json({ error: "invalid_request", message: "the body is not JSON" } satisfies ApiError, 400);
  }
  const update = UpdateShape.safeParse(body);
  if (!update.success || Object.keys(update.data).length < 2) {
    return c.json({ error: "invalid_request", message: "the body is not a Telegram update (update_id and one update field)" } satisfies ApiError, 400);
  }
  const id = update.data.update_id;
  if (state.recent.has(id)) return c.json({ ok: true, duplicate: true });
  remember(state.recent, id);
  if (!(await claimUpdate(deps, config.config.token.split(":")[0], id))) return c.json({ ok: true, duplicate: true });
  try {
    const bot = botFor(state, config.config, deps);
    await bot.ready;
    await bot.bot.handleUpdate(update.data as unknown as Update);
  } catch (error) {
    log.error(`telegram update ${id} failed`, error);
  }
  return c.json({ ok: true });
}

/**
 * For /healthz: whether the bot's settings are usable, without revealing them. `webLinks`: the
 * answers link to the web pages (PUBLIC_BASE_URL set and valid); a bad PUBLIC_BASE_URL is an
 * `error` even when the bot works (it answers without links). With long polling (Node) the
 * webhook's secret is not needed.
 */
export function botStatus(env: Record<string, unknown>, { webhook = true } = {}): { configured: boolean; webLinks?: true; error?: string } {
  const config: ConfigResult = readBotConfig(env, { webhook });
  if (config.ok) return { configured: true, ...(config.config.publicBaseUrl ? { webLinks: true as const } : {}), ...(config.ignored ? { error: config.ignored } : {}) };
  const missing = env.BOT_TOKEN === undefined && env.WEBHOOK_SECRET === undefined;
  const links = readPublicBaseUrl(env);
  if (missing) return links.ok ? { configured: false } : { configured: false, error: links.error };
  return { configured: false, error: config.error };
}

function botFor(state: WebhookState, config: BotConfig, deps: BotDeps): NonNullable<WebhookState["bot"]> {
  const key = JSON.stringify([config.token, config.apiRoot, config.botInfo?.id, config.adminIds, config.publicBaseUrl]);
  if (state.bot?.key !== key) {
    const bot = createBot(config, deps);
    // Without BOT_INFO, the first update pays one getMe; with it, none.
    state.bot = { key, bot, ready: config.botInfo ? undefined : bot.init() };
    state.bot.ready?.catch(() => (state.bot = undefined));
  }
  return state.bot;
}

/**
 * Across instances: the first to write updates/<bot>/<update_id> (compare-and-swap, "only if
 * absent") handles the update; another instance that gets Telegram's retry answers it as a
 * duplicate. Without a store, or when the store fails, the update is handled (a rare double
 * answer beats a lost one). A lifecycle rule on the bucket expires these markers (docs/architecture.md, deploying).
 */
async function claimUpdate(deps: BotDeps, bot: string, id: number): Promise<boolean> {
  const store = deps.manage?.()?.store;
  if (!store) return true;
  try {
    return await store.putIfUnchanged(`updates/${bot}/${id}`, "", null);
  } catch (error) {
    log.error(`telegram update ${id}: could not record it as seen`, error);
    return true;
  }
}

function remember(recent: Set<number>, id: number): void {
  recent.add(id);
  if (recent.size > RECENT_LIMIT) recent.delete(recent.values().next().value!);
}

/**
 * Compares in a time that depends only on the expected secret's length: neither where the
 * strings differ nor the given string's length (a wrong length is not answered any faster).
 */
export function sameSecret(given: string | undefined, expected: string): boolean {
  const g = given ?? "";
  let diff = (given === undefined ? 1 : 0) | (g.length ^ expected.length);
  // charCodeAt past the end is NaN, which | 0 turns into 0: still one step per expected character
  for (let i = 0; i < expected.length; i++) diff |= (g.charCodeAt(i) | 0) ^ expected.charCodeAt(i);
  return diff === 0;
}
