// The bot: grammY with the composers of src/bot/, the Bot API root from the configuration
// (a self-hosted server, or the tests' stand-in), 429/5xx retries, and errors logged, never
// thrown back to the webhook.
import { Bot } from "grammy";
import type { BotConfig } from "./config.js";
import type { BotDeps } from "./answering.js";
import { admin } from "./admin/admin.js";
import { buttons } from "./buttons.js";
import { conversation } from "./conversation.js";
import { inline } from "./inline.js";
import { retryTransformer, type RetryOptions } from "./retry.js";

/** The update types the bot handles (for setWebhook and long polling). */
export const BOT_UPDATES = ["message", "edited_message", "callback_query", "inline_query"] as const;

export interface CreateBotOptions {
  retry?: RetryOptions;
  log?: (message: string, error?: unknown) => void;
}

export function createBot(config: BotConfig, deps: BotDeps, options: CreateBotOptions = {}): Bot {
  const log = options.log ?? ((message, error) => console.error(message, error));
  const bot = new Bot(config.token, {
    ...(config.botInfo ? { botInfo: config.botInfo } : {}),
    client: { ...(config.apiRoot ? { apiRoot: config.apiRoot } : {}), canUseWebhookReply: () => false },
  });
  bot.api.config.use(retryTransformer(options.retry));
  bot.use(admin(config, deps), buttons(deps), inline(deps), conversation(deps));
  bot.catch((err) => log(`update ${err.ctx.update.update_id} failed: ${err.message}`, err.error));
  return bot;
}
