// Replies Telegram refuses for now are delivered later, not lost.
//
// A send that still fails after the short in-line retries (./retry.ts) — a 429 asking to wait
// longer than a webhook can, a 5xx, a network failure or a timeout — is set aside, with every
// later send to the same chat in the same update (so the messages of an answer keep their
// order), and handed to a reply queue when the update is done: Cloudflare Queues on the edge,
// a folder in the data store on Node. src/manage/replies.ts delivers them with backoff and logs,
// with the update id, what is still refused after the last try.
//
// The handler is told the send went through (a stand-in result): the bot's handlers do not read
// what a send returns, and a handler that threw would leave the answer's later messages unsent.
import type { Context, MiddlewareFn, Transformer } from "grammy";
import { describeError, isApiError, log } from "../shared/log.js";

/** Methods whose failure is worth a later try: what the user reads. */
const DEFERRABLE = new Set(["sendMessage", "editMessageText", "editMessageReplyMarkup"]);
/**
 * Acknowledgements that are worthless later (a button's spinner, "typing…"): a failure is
 * logged and the handler goes on, so the reply itself is still sent.
 */
const BEST_EFFORT = new Set(["answerCallbackQuery", "sendChatAction"]);

export interface DeferredCall {
  method: string;
  payload: Record<string, unknown>;
}

/** What a reply queue carries: the calls of one update still to deliver, in order. */
export interface DeferredReplies {
  updateId: number;
  calls: DeferredCall[];
  /** Tries made so far (the first was the update's own). */
  attempt: number;
  /** What Telegram said last, for the log. */
  lastError: string;
  /** At least this many seconds before the next try (a 429's retry_after). */
  retryAfter?: number;
  /** A first try not yet made (attempt 0: a subscription notice): seconds to wait for it, its place in the pacing. */
  delay?: number;
  /** A subscription notice to this chat: a 403 (the user blocked the bot) ends the chat's subscriptions. */
  subscriberChat?: number;
}

export interface ReplyQueue {
  /** Keeps the job for a later try, after backoffSeconds(job.attempt, job.retryAfter). */
  defer(job: DeferredReplies): Promise<void>;
  /** Many jobs at once (subscription notices): Cloudflare Queues' sendBatch, 100 a call, instead of one subrequest each. */
  deferMany?(jobs: DeferredReplies[]): Promise<void>;
}

type ApiResult = Awaited<ReturnType<Parameters<Transformer>[0]>>;

/** Telegram's answers that may pass later: 429 (wait) and 5xx. */
const forNow = (errorCode: number) => errorCode === 429 || errorCode >= 500;

/** A thrown failure that may pass later: Telegram's 429 or 5xx, or the network (an HttpError: refused, timed out). */
export function failsForNow(error: unknown): boolean {
  return isApiError(error) ? forNow(error.error_code) : (error as Error | undefined)?.name === "HttpError";
}

const chatOf = (payload: Record<string, unknown>) => String(payload.chat_id ?? payload.inline_message_id ?? "");

function standIn(method: string, payload: Record<string, unknown>): ApiResult {
  if (method !== "sendMessage") return { ok: true, result: true } as ApiResult;
  const message = { message_id: 0, date: Math.floor(Date.now() / 1000), chat: { id: payload.chat_id, type: "private" }, text: payload.text };
  return { ok: true, result: message } as unknown as ApiResult;
}

/**
 * Middleware that sets aside what cannot be delivered now and queues it when the update is
 * done (or logs it as lost when there is no queue).
 */
export function outbox(queue: () => ReplyQueue | undefined): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const updateId = ctx.update.update_id;
    const deferred: DeferredCall[] = [];
    const chats = new Set<string>();
    let lastError = "";
    let retryAfter: number | undefined;
    const transformer: Transformer = async (prev, method, payload, signal) => {
      const p = (payload ?? {}) as Record<string, unknown>;
      if (BEST_EFFORT.has(method)) return bestEffort(updateId, method, () => prev(method, payload, signal));
      if (!DEFERRABLE.has(method)) return prev(method, payload, signal);
      if (chats.has(chatOf(p))) {
        deferred.push({ method, payload: p });
        return standIn(method, p);
      }
      let result: ApiResult | undefined;
      try {
        result = await prev(method, payload, signal);
      } catch (e) {
        if (!failsForNow(e)) throw e;
        lastError = describeError(e);
      }
      if (result && (result.ok || !forNow(result.error_code))) return result;
      if (result && !result.ok) {
        lastError = `${method}: ${result.error_code} ${result.description}`;
        retryAfter = result.parameters?.retry_after ?? retryAfter;
      }
      chats.add(chatOf(p));
      deferred.push({ method, payload: p });
      return standIn(method, p);
    };
    ctx.api.config.use(transformer);
    try {
      await next();
    } finally {
      if (deferred.length > 0) await hand(queue(), { updateId, calls: deferred, attempt: 1, lastError, retryAfter });
    }
  };
}

async function bestEffort(updateId: number, method: string, call: () => Promise<ApiResult>): Promise<ApiResult> {
  let failure: string;
  try {
    const result = await call();
    if (result.ok) return result;
    failure = `${result.error_code} ${result.description}`;
  } catch (e) {
    failure = describeError(e);
  }
  log.error(`update ${updateId}: ${method} failed, the reply goes on without it: ${failure}`);
  return { ok: true, result: true } as ApiResult;
}

async function hand(queue: ReplyQueue | undefined, job: DeferredReplies): Promise<void> {
  const what = `update ${job.updateId}: ${job.calls.length} call(s) (${job.calls.map((c) => c.method).join(", ")}), last error ${job.lastError}`;
  if (!queue) return log.error(`reply lost (no reply queue configured): ${what}`);
  try {
    await queue.defer(job);
    log.info(`reply deferred: ${what}`);
  } catch (e) {
    log.error(`reply lost (the reply queue refused it): ${what}`, e);
  }
}

/** Seconds before try number `attempt + 1`: `base` (30 s), doubling, at most an hour; never before a 429's retry_after. */
export function backoffSeconds(attempt: number, retryAfter = 0, base = 30): number {
  return Math.max(retryAfter, Math.min(3600, base * 2 ** (attempt - 1)));
}
