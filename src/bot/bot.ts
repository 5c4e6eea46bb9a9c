// The bot: grammY with the composers of src/bot/, the Bot API root from the configuration
// (a self-hosted server, or the tests' stand-in), a deadline on every call, 429/5xx retries,
// replies Telegram refuses for now handed to a reply queue (./outbox.ts), and errors logged
// without secrets, never thrown back to the webhook.
import { Api, Bot, type Context, type MiddlewareFn } from "grammy";
import type { BotConfig } from "./config.js";
import type { BotDeps } from "./answering.js";
import { admin } from "./admin/admin.js";
import { buttons } from "./buttons.js";
import { conversation } from "./conversation.js";
import { feedback } from "./feedback.js";
import { privacy } from "./privacy.js";
import { subscriptions } from "./subscriptions.js";
import { inline } from "./inline.js";
import { outbox } from "./outbox.js";
import { retryTransformer, type RetryOptions } from "./retry.js";
import { timeoutTransformer } from "./timeout.js";
import { log } from "../shared/log.js";

/** The update types the bot handles (for setWebhook and long polling). */
export const BOT_UPDATES = ["message", "edited_message", "callback_query", "inline_query"] as const;

export interface CreateBotOptions {
  retry?: RetryOptions;
  log?: (message: string, error?: unknown) => void;
  /** Middleware that runs before everything else (Node's long polling: one update per chat at a time). */
  first?: MiddlewareFn<Context>[];
}

/** grammY's client options: the API root, no webhook replies, a backstop deadline (each call has its own, ./timeout.ts). */
const clientOptions = (config: BotConfig) => ({ ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}), canUseWebhookReply: () => false, timeoutSeconds: 90 });

export function createBot(config: BotConfig, deps: BotDeps, options: CreateBotOptions = {}): Bot {
  const report = options.log ?? ((message, error) => log.error(message, error));
  const bot = new Bot(config.token, { ...(config.botInfo ? { botInfo: config.botInfo } : {}), client: clientOptions(config) });
  bot.api.config.use(timeoutTransformer(), retryTransformer(options.retry));
  bot.use(...(options.first ?? []), outbox(() => deps.replies?.()));
  // the web pages' base (PUBLIC_BASE_URL) comes with the configuration, the same on the edge and on Node
  const botDeps: BotDeps = { ...deps, publicBaseUrl: config.publicBaseUrl };
  bot.use(admin(config, botDeps), feedback(botDeps), privacy(botDeps), subscriptions(botDeps), buttons(botDeps), inline(botDeps), conversation(botDeps));
  // err is a BotError: it carries the context and, with it, the token; only its cause is logged
  bot.catch((err) => report(`telegram update ${err.ctx.update.update_id} failed`, err.error));
  return bot;
}

/** A bare Bot API client (deadline, no retries): what delivers deferred replies. */
export function botApi(config: BotConfig): Api {
  const api = new Api(config.token, clientOptions(config));
  api.config.use(timeoutTransformer());
  return api;
}
