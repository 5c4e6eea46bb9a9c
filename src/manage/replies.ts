// Replies the bot set aside because Telegram refused them for now (src/bot/outbox.ts), tried
// again with backoff: from the REPLIES queue on the edge (worker.ts `queue`), from the data
// folder's outbox/ on Node (a timer in src/node.ts). Each try sends what is left, in order;
// a refusal that will never pass (400, 403: the user blocked the bot) drops that one call; what
// is still refused after MAX_REPLY_ATTEMPTS tries is logged with its update id and dropped.
import type { Api } from "grammy";
import * as z from "zod/mini";
import { backoffSeconds, failsForNow, type DeferredReplies, type ReplyQueue } from "../bot/outbox.js";
import { describeError, isApiError, log } from "../shared/log.js";
import type { BlobStore } from "../store/blob-store.js";

/** Tries in all, the update's own included: 30 s, 1, 2, 4, 8, 16, 32 min apart (about an hour). */
export const MAX_REPLY_ATTEMPTS = 8;
/** Cloudflare Queues delays a message at most 12 hours. */
const MAX_QUEUE_DELAY_SECONDS = 43_200;

const Job = z.object({
  updateId: z.number(),
  calls: z.array(z.object({ method: z.string(), payload: z.record(z.string(), z.unknown()) })),
  attempt: z.number(),
  lastError: z.string(),
  retryAfter: z.optional(z.number()),
  delay: z.optional(z.number()),
  subscriberChat: z.optional(z.number()),
});

/** A queued body as a job, or undefined (logged) when it is not one. */
export function readJob(body: unknown): DeferredReplies | undefined {
  const parsed = Job.safeParse(body);
  if (parsed.success) return parsed.data;
  log.error(`reply queue: a message that is not a deferred reply was dropped (${parsed.error.issues.map((i) => i.message).join("; ")})`);
  return undefined;
}

const what = (job: DeferredReplies) => `update ${job.updateId}: ${job.calls.map((c) => `${c.method} to ${String(c.payload.chat_id ?? "?")}`).join(", ")}`;

/** What to do when Telegram says a subscriber blocked the bot (403): end the chat's subscriptions. */
export type OnBlocked = (chatId: number) => Promise<unknown>;

/** Telegram's 403 for a chat that will not take messages from the bot (blocked, deactivated, kicked). */
const isBlocked = (e: unknown) => isApiError(e) && e.error_code === 403;

/** Sends what is left of a job; returns what to try again later, or undefined when nothing is. */
export async function deliverReplies(job: DeferredReplies, api: Api, onBlocked?: OnBlocked): Promise<DeferredReplies | undefined> {
  for (let i = 0; i < job.calls.length; i++) {
    const { method, payload } = job.calls[i];
    try {
      await (api.raw as unknown as Record<string, (p: unknown) => Promise<unknown>>)[method](payload);
    } catch (e) {
      if (!failsForNow(e)) {
        log.error(`reply dropped: update ${job.updateId}: ${method} will not be accepted`, e);
        if (job.subscriberChat !== undefined && isBlocked(e)) {
          // the rest of a notice would be refused too; the chat's subscriptions end
          if (onBlocked) await onBlocked(job.subscriberChat).then(
            (n) => log.info(`subscriptions: chat ${job.subscriberChat} blocked the bot; unsubscribed (${String(n)})`),
            (err) => log.error(`subscriptions: could not unsubscribe chat ${job.subscriberChat}, which blocked the bot`, err),
          );
          return undefined;
        }
        continue;
      }
      const next: DeferredReplies = {
        updateId: job.updateId,
        calls: job.calls.slice(i),
        attempt: job.attempt + 1,
        lastError: describeError(e),
        ...(job.subscriberChat !== undefined ? { subscriberChat: job.subscriberChat } : {}),
        ...(isApiError(e) && e.parameters?.retry_after !== undefined ? { retryAfter: e.parameters.retry_after } : {}),
      };
      if (next.attempt >= MAX_REPLY_ATTEMPTS) {
        log.error(`reply lost after ${next.attempt} tries: ${what(next)}; last error ${next.lastError}`);
        return undefined;
      }
      return next;
    }
  }
  // a notice sent on its first try is not logged (thousands after a publish); a retried one is
  if (job.attempt > 0) log.info(job.subscriberChat !== undefined ? `notice delivered on try ${job.attempt + 1}: chat ${job.subscriberChat}` : `reply delivered on try ${job.attempt + 1}: update ${job.updateId}`);
  return undefined;
}

const delayOf = (job: DeferredReplies, base: number) =>
  Math.min(MAX_QUEUE_DELAY_SECONDS, job.attempt === 0 ? (job.delay ?? 0) : backoffSeconds(job.attempt, job.retryAfter, base));

/** Cloudflare Queues takes at most 100 messages a sendBatch. */
const SEND_BATCH = 100;

/** The edge: a Cloudflare Queues producer binding (wrangler.toml REPLIES). */
export function queueReplies(queue: Queue<DeferredReplies>, baseSeconds: number): ReplyQueue {
  return {
    defer: async (job) => {
      await queue.send(job, { delaySeconds: delayOf(job, baseSeconds) });
    },
    deferMany: async (jobs) => {
      for (let i = 0; i < jobs.length; i += SEND_BATCH) {
        await queue.sendBatch(jobs.slice(i, i + SEND_BATCH).map((job) => ({ body: job, delaySeconds: delayOf(job, baseSeconds) })));
      }
    },
  };
}

/** Notices to subscribers: at most this many a second from one consumer (Telegram allows about 30). */
export const NOTICES_PER_SECOND = 25;

/** Waits so that notices leave at most `rate` a second; other replies are not held. */
export function noticePacer(rate = NOTICES_PER_SECOND, clock: () => number = Date.now, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))) {
  let last = -Infinity;
  return async (job: DeferredReplies | undefined) => {
    if (job?.subscriberChat === undefined) return;
    const wait = last + 1000 / rate - clock();
    if (wait > 0) await sleep(wait);
    last = clock();
  };
}

/** The edge's consumer: each message is one job; what must wait again goes back with its delay. */
export async function consumeReplies(batch: MessageBatch<unknown>, api: Api, queue: ReplyQueue, onBlocked?: OnBlocked): Promise<void> {
  const pace = noticePacer();
  for (const message of batch.messages) {
    const job = readJob(message.body);
    try {
      await pace(job);
      const next = job && (await deliverReplies(job, api, onBlocked));
      if (next) await queue.defer(next);
      message.ack();
    } catch (e) {
      log.error(`reply queue: could not handle update ${job?.updateId ?? "?"}; the queue will retry it`, e);
      message.retry();
    }
  }
}

// ------------------------------------------------------------------ Node: outbox/ in the store

const OUTBOX = "outbox/";
/** outbox/<due time, ms, 15 digits>-<random>.json: listing in key order is listing by due time. */
const outboxKey = (dueMs: number) => `${OUTBOX}${String(Math.floor(dueMs)).padStart(15, "0")}-${Math.random().toString(36).slice(2, 10)}.json`;
const dueOf = (key: string) => Number(key.slice(OUTBOX.length, OUTBOX.length + 15));

export function storeReplies(store: BlobStore, baseSeconds: number, now: () => number = Date.now): ReplyQueue {
  return { defer: (job) => store.put(outboxKey(now() + delayOf(job, baseSeconds) * 1000), JSON.stringify(job)) };
}

/**
 * Delivers every job whose time has come, oldest first. A job is removed only after its try
 * (at least once: a crash in between sends it again rather than losing it).
 */
export async function drainStoreReplies(store: BlobStore, api: Api, queue: ReplyQueue, now: number = Date.now(), onBlocked?: OnBlocked): Promise<number> {
  let handled = 0;
  const pace = noticePacer();
  for (const { key } of await store.list(OUTBOX)) {
    if (dueOf(key) > now) break;
    const text = await store.getText(key);
    let job: DeferredReplies | undefined;
    try {
      job = text === null ? undefined : readJob(JSON.parse(text));
    } catch {
      log.error(`reply outbox: ${key} is not JSON; dropped`);
    }
    await pace(job);
    const next = job && (await deliverReplies(job, api, onBlocked));
    if (next) await queue.defer(next);
    await store.delete(key);
    handled++;
  }
  return handled;
}
