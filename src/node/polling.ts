// Node: the bot with long polling, through grammY's runner: updates are handled concurrently
// (a file being processed for one admin does not hold up everyone else's questions), one at a
// time per chat (sequentialize), so a conversation keeps its order. If Telegram cannot be
// reached at start, the HTTP API keeps serving and the bot tries again with backoff.
import { run, sequentialize, type RunnerHandle } from "@grammyjs/runner";
import type { Bot, Context, Transformer } from "grammy";
import { BOT_UPDATES } from "../bot/bot.js";
import { BOT_COMMANDS } from "../bot/texts.js";
import { describeError, isApiError, log } from "../shared/log.js";

/** Updates of one chat (or, for inline queries, one user) are handled one after another. */
export const oneAtATimePerChat = sequentialize<Context>((ctx) => String(ctx.chat?.id ?? `user:${ctx.from?.id ?? "?"}`));

export interface Polling {
  stop(): Promise<void>;
}

/**
 * Failed calls to Telegram while starting and polling, logged here once a minute at most: grammY
 * retries getMe without a word, and the runner is silent (its own log line would print the error
 * whole, the token with it).
 */
function logFailedPolls(): Transformer {
  const WATCHED = new Set(["getUpdates", "getMe", "deleteWebhook"]);
  let loggedAt = -Infinity;
  let missed = 0;
  return async (prev, method, payload, signal) => {
    if (!WATCHED.has(method)) return prev(method, payload, signal);
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok) report(method, `${result.error_code} ${result.description}`);
      return result;
    } catch (e) {
      if (!signal?.aborted) report(method, describeError(e));
      throw e;
    }
  };
  function report(method: string, what: string) {
    missed++;
    if (Date.now() - loggedAt < 60_000) return;
    log.error(`bot: Telegram cannot be reached (${method}, ${missed} failure(s) since the last report; retrying with backoff): ${what}`);
    loggedAt = Date.now();
    missed = 0;
  }
}

export function startPolling(bot: Bot, o: { apiRoot?: string; sleep?: (ms: number) => Promise<void> } = {}): Polling {
  const sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  let runner: RunnerHandle | undefined;
  let stopped = false;
  bot.api.config.use(logFailedPolls());

  async function start() {
    await bot.api.setMyCommands(BOT_COMMANDS).catch((e) => log.error("could not set the command menu", e));
    // grammY's init retries network failures and 5xx by itself; what it gives up on, this loop retries
    for (let wait = 1000; !stopped; wait = Math.min(wait * 2, 60_000)) {
      try {
        await bot.init(); // getMe, unless BOT_INFO gave it
        await bot.api.deleteWebhook();
        break;
      } catch (e) {
        if (isApiError(e) && e.error_code < 500 && e.error_code !== 429) return log.error("bot: not started, Telegram refused it", e);
        log.error(`bot: could not start (trying again in ${wait / 1000} s)`, e);
        await sleep(wait);
      }
    }
    if (stopped) return;
    runner = run(bot, { runner: { fetch: { allowed_updates: [...BOT_UPDATES] }, silent: true, retryInterval: "exponential" } });
    log.info(`bot @${bot.botInfo.username} is polling Telegram${o.apiRoot ? ` at ${o.apiRoot}` : ""}`);
    runner.task()?.catch((e) => {
      // only 401 (token revoked) or 409 (another poller or a webhook) end the runner
      log.error("bot: long polling stopped", e);
      process.exitCode = 1;
    });
  }
  const started = start();

  return {
    async stop() {
      stopped = true;
      await started.catch(() => undefined);
      if (runner?.isRunning()) await runner.stop();
    },
  };
}
