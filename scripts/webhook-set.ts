// npm run webhook:set -- https://<your worker>/telegram/webhook
// Registers the webhook with Telegram: the URL, the secret Telegram must send back in
// X-Telegram-Bot-Api-Secret-Token, and the update types the bot uses. Reads BOT_TOKEN,
// WEBHOOK_SECRET and optional TELEGRAM_API_ROOT from the environment.
import { Api } from "grammy";
import { BOT_UPDATES } from "../src/bot/bot.js";
import { readBotConfig } from "../src/bot/config.js";
import { BOT_COMMANDS } from "../src/bot/texts.js";

const url = process.argv[2];
if (!url || !/^https:\/\/.+\/telegram\/webhook$/.test(url)) {
  console.error("usage: npm run webhook:set -- https://<host>/telegram/webhook");
  process.exit(2);
}
const config = readBotConfig(process.env);
if (!config.ok) {
  console.error(`cannot set the webhook: ${config.error}`);
  process.exit(2);
}
const api = new Api(config.config.token, config.config.apiRoot ? { apiRoot: config.config.apiRoot } : undefined);
await api.setWebhook(url, { secret_token: config.config.webhookSecret, allowed_updates: [...BOT_UPDATES], drop_pending_updates: false });
await api.setMyCommands(BOT_COMMANDS);
const info = await api.getWebhookInfo();
console.log(`webhook set: ${info.url} (pending updates: ${info.pending_update_count}, updates: ${(info.allowed_updates ?? []).join(", ")})`);
