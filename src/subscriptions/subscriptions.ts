// Subscriptions: policies find the enterprise. A subscription is a topic (a question's words) and
// an optional region, kept per user and chat in the database (migrations/0003_subscriptions.sql).
//
// Matching is the search engine's, with its abstention rule: a subscription's topic is asked of
// the index as a question; a published document is news for it only when the search answers (it
// did not abstain) and the document's clauses are among the relevant results (at least half the
// best score, as an answer shows them) — a weak match sends nothing. Notices and deadline
// reminders go out through the deferred-reply machinery (src/bot/outbox.ts, src/manage/replies.ts:
// the REPLIES queue on the edge, outbox/ on Node) with its retries, paced at NOTICES_PER_SECOND.
import { composeAnswer, relevantResults } from "../answer/compose.js";
import { renderAnswerMessages } from "../answer/render-telegram.js";
import { escapeHtml } from "../answer/telegram-html.js";
import type { DeferredReplies, ReplyQueue } from "../bot/outbox.js";
import type { Db } from "../db/db.js";
import type { SearchHit } from "../search/engine.js";
import type { LoadedIndex } from "../search/load-index.js";
import { memoryLibrary, type BotLibrary } from "../bot/library.js";
import type { DocumentMeta } from "../shared/schema.js";
import { deadlineText, nextDate } from "../shared/deadlines.js";
import { findPlaces } from "../shared/regions.js";
import type { Deadline } from "../shared/schema.js";
import { log } from "../shared/log.js";
import { NOTICES_PER_SECOND } from "../manage/replies.js";

export interface Subscription {
  id: number;
  userId: number;
  chatId: number;
  topic: string;
  /** A place (十堰市), or "" for anywhere. */
  region: string;
  createdAt: string;
}

/** A reminder goes out this many days before a deadline (or at once, if subscribed later). */
export const REMIND_DAYS = 7;
/** At most this many subscriptions per user. */
export const MAX_SUBSCRIPTIONS = 20;
const RANKED = 12;

// ------------------------------------------------------------------ parsing and storage

/** 「十堰 智能化改造」 → { topic: "智能化改造", region: "十堰市" }; the first place named is the region. */
export function parseSubscription(text: string): { topic: string; region: string } | undefined {
  const t = text.replace(/\s+/g, " ").trim();
  if (!t) return undefined;
  const mention = findPlaces(t)[0];
  if (!mention) return { topic: t.slice(0, 100), region: "" };
  const topic = (t.slice(0, mention.index) + " " + t.slice(mention.index + mention.word.length)).replace(/\s+/g, " ").trim();
  if (!topic) return undefined;
  return { topic: topic.slice(0, 100), region: mention.place.name };
}

interface Row {
  id: number;
  user_id: number;
  chat_id: number;
  topic: string;
  region: string;
  created_at: string;
}
const fromRow = (r: Row): Subscription => ({ id: Number(r.id), userId: Number(r.user_id), chatId: Number(r.chat_id), topic: r.topic, region: r.region, createdAt: r.created_at });

export type SubscribeOutcome = { ok: true; subscription: Subscription; existed: boolean } | { ok: false; reason: "too-many" };

export async function subscribe(db: Db, s: { userId: number; chatId: number; topic: string; region: string; now: Date }): Promise<SubscribeOutcome> {
  const existing = await db.prepare("SELECT * FROM subscriptions WHERE user_id = ? AND topic = ? AND region = ?").bind(s.userId, s.topic, s.region).first<Row>();
  if (existing) return { ok: true, subscription: fromRow(existing), existed: true };
  const n = await db.prepare("SELECT count(*) AS n FROM subscriptions WHERE user_id = ?").bind(s.userId).first<{ n: number }>();
  if (Number(n?.n ?? 0) >= MAX_SUBSCRIPTIONS) return { ok: false, reason: "too-many" };
  const r = await db
    .prepare("INSERT INTO subscriptions (user_id, chat_id, topic, region, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, topic, region) DO NOTHING")
    .bind(s.userId, s.chatId, s.topic, s.region, s.now.toISOString())
    .run();
  const row = await db.prepare("SELECT * FROM subscriptions WHERE user_id = ? AND topic = ? AND region = ?").bind(s.userId, s.topic, s.region).first<Row>();
  return { ok: true, subscription: fromRow(row!), existed: r.changes === 0 };
}

export async function subscriptionsOf(db: Db, userId: number): Promise<Subscription[]> {
  return (await db.prepare("SELECT * FROM subscriptions WHERE user_id = ? ORDER BY id").bind(userId).all<Row>()).map(fromRow);
}

export async function allSubscriptions(db: Db): Promise<Subscription[]> {
  return (await db.prepare("SELECT * FROM subscriptions ORDER BY id").all<Row>()).map(fromRow);
}

/** Deletes one of the user's subscriptions (by id), or all of them; returns how many. */
export async function unsubscribe(db: Db, userId: number, id?: number): Promise<number> {
  const [, r] = await db.batch(
    id === undefined
      ? [db.prepare("DELETE FROM subscription_reminders WHERE subscription_id IN (SELECT id FROM subscriptions WHERE user_id = ?)").bind(userId), db.prepare("DELETE FROM subscriptions WHERE user_id = ?").bind(userId)]
      : [db.prepare("DELETE FROM subscription_reminders WHERE subscription_id IN (SELECT id FROM subscriptions WHERE user_id = ? AND id = ?)").bind(userId, id), db.prepare("DELETE FROM subscriptions WHERE user_id = ? AND id = ?").bind(userId, id)],
  );
  return r.changes;
}

/** A chat that blocked the bot (Telegram 403): its subscriptions go. */
export async function unsubscribeChat(db: Db, chatId: number): Promise<number> {
  const [, r] = await db.batch([
    db.prepare("DELETE FROM subscription_reminders WHERE subscription_id IN (SELECT id FROM subscriptions WHERE chat_id = ?)").bind(chatId),
    db.prepare("DELETE FROM subscriptions WHERE chat_id = ?").bind(chatId),
  ]);
  return r.changes;
}

export const describeSubscription = (s: Pick<Subscription, "topic" | "region">) => (s.region ? `${s.region} · ${s.topic}` : s.topic);

// ------------------------------------------------------------------ matching

/** The question a subscription asks of the index. */
export const subscriptionQuery = (s: Pick<Subscription, "topic" | "region">) => (s.region ? `${s.region}${s.topic}` : s.topic);

/**
 * A document's region fits a subscription's: none asked, the document's is unknown, it names the
 * place, or it is the place's province (a provincial policy applies to its cities).
 */
function regionFits(documents: ReadonlyMap<string, DocumentMeta>, docId: string, region: string): boolean {
  if (!region) return true;
  const docRegion = documents.get(docId)?.region;
  if (!docRegion) return true;
  if (docRegion.includes(region.replace(/[省市县区]$/, ""))) return true;
  const place = findPlaces(region)[0]?.place;
  const docPlaces = findPlaces(docRegion);
  return !!place && docPlaces.length > 0 && docPlaces.every((m) => m.place.level === "province") && docPlaces.some((m) => m.place.province === place.province);
}

/** The relevant clauses a subscription's search found, with their documents (and those that repeal them). */
export interface Found {
  hits: SearchHit[];
  documents: ReadonlyMap<string, DocumentMeta>;
}

/**
 * The relevant clauses of `docIds` (undefined: of any document) for a subscription, from the
 * library (the index in the isolate, or the search tier): the search must answer, and only the
 * relevant results (as an answer shows them) of those documents count. No hits: no notice.
 */
export async function matchSubscription(library: BotLibrary, s: Pick<Subscription, "topic" | "region">, docIds: Set<string> | undefined, now: Date): Promise<Found> {
  const response = await library.search(subscriptionQuery(s), { k: RANKED, now });
  const { documents } = response;
  if (!response.answered) return { hits: [], documents };
  return { hits: relevantResults(response.results).filter((h) => (!docIds || docIds.has(h.docId)) && regionFits(documents, h.docId, s.region)), documents };
}

export interface Match extends Found {
  subscription: Subscription;
}

/** Every subscription the new documents answer; the same topic and region is searched once. */
export async function matchPublish(library: BotLibrary, subscriptions: Subscription[], docIds: string[], now: Date): Promise<Match[]> {
  const ids = new Set(docIds);
  const byQuery = new Map<string, Found>();
  const matches: Match[] = [];
  for (const s of subscriptions) {
    const key = `${s.region}\u0000${s.topic}`;
    let found = byQuery.get(key);
    if (!found) byQuery.set(key, (found = await matchSubscription(library, s, ids, now)));
    if (found.hits.length) matches.push({ subscription: s, ...found });
  }
  return matches;
}

// ------------------------------------------------------------------ notices

export const NOTICE_HEAD = (s: Subscription) => `📬 <b>新政策上线</b>，与你的订阅「${escapeHtml(describeSubscription(s))}」相关：`;
export const REMINDER_HEAD = (s: Subscription, date: string, days: number) =>
  `⏰ <b>期限提醒</b>（订阅「${escapeHtml(describeSubscription(s))}」）：${date}${days === 0 ? "（今天）" : `，还有 ${days} 天`}`;
export const UNSUBSCRIBE_LABEL = "取消此订阅";
export const encodeCancel = (id: number) => `s:x:${id.toString(36)}`;

/** A notice's messages as sendMessage calls: the matching clauses with their citations, a link to the document. */
export function noticeCalls(library: BotLibrary, m: Match, head: string, now: Date, base?: string): DeferredReplies["calls"] {
  const answer = composeAnswer({ query: m.subscription.topic, answered: true, results: m.hits.slice(0, 3) }, m.documents, { now, queryWords: library.words(m.subscription.topic), all: true });
  const messages = renderAnswerMessages(answer);
  const docs = [...new Set(m.hits.map((h) => h.docId))];
  const links = base ? docs.map((d) => `${base}/d/${encodeURIComponent(d)}`) : [];
  const tail = links.length ? `\n\n全文：${links.map(escapeHtml).join(" ")}` : "\n\n发 /docs 查看收录的文件。";
  return messages.map((text, i) => ({
    method: "sendMessage",
    payload: {
      chat_id: m.subscription.chatId,
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      text: (i === 0 ? `${head}\n\n` : "") + text + (i === messages.length - 1 ? tail : ""),
      ...(i === messages.length - 1 ? { reply_markup: { inline_keyboard: [[{ text: UNSUBSCRIBE_LABEL, callback_data: encodeCancel(m.subscription.id) }]] } } : {}),
    },
  }));
}

/**
 * Hands the notices to the reply queue, one job per notice, paced by its delay: at most `rate`
 * jobs start in any second, and a chat's jobs (several subscriptions matching, or a reminder
 * and a notice) at least a second apart, as Telegram asks (about 30 a second overall, 1 a
 * second per chat). Returns how many were queued; one the queue refuses is logged.
 */
export async function enqueueNotices(queue: ReplyQueue, jobs: { chatId: number; calls: DeferredReplies["calls"] }[], rate = NOTICES_PER_SECOND): Promise<number> {
  const delays = noticeDelays(jobs.map((j) => j.chatId), rate);
  const all: DeferredReplies[] = jobs.map((j, i) => ({ updateId: 0, calls: j.calls, attempt: 0, lastError: "", delay: delays[i], subscriberChat: j.chatId }));
  let queued = 0;
  // a queue that takes batches (the edge) gets 100 at a time; each part that fails is logged, the rest still go
  const step = queue.deferMany ? 100 : 1;
  for (let i = 0; i < all.length; i += step) {
    const part = all.slice(i, i + step);
    try {
      if (queue.deferMany) await queue.deferMany(part);
      else await queue.defer(part[0]);
      queued += part.length;
    } catch (e) {
      log.error(`subscriptions: the reply queue refused ${part.length} notice(s), to chat(s) ${part.map((j) => j.subscriberChat).join(", ")}`, e);
    }
  }
  return queued;
}

/** Each job's delay in seconds: the first second from the chat's next free one that has fewer than `rate` jobs. */
export function noticeDelays(chats: number[], rate: number): number[] {
  const perSecond: number[] = [];
  const chatFree = new Map<number, number>();
  let full = 0; // every second before this one is full
  return chats.map((chat) => {
    let second = Math.max(full, chatFree.get(chat) ?? 0);
    while ((perSecond[second] ?? 0) >= rate) second++;
    perSecond[second] = (perSecond[second] ?? 0) + 1;
    while ((perSecond[full] ?? 0) >= rate) full++;
    chatFree.set(chat, second + 1);
    return second;
  });
}

/** After a publish (into the index in the isolate, or the search tier): matches every subscription against the added documents and queues the notices. */
export async function notifyPublish(deps: { db: Db; queue: ReplyQueue; library: BotLibrary; now: Date; base?: string }, docIds: string[]): Promise<number> {
  if (docIds.length === 0) return 0;
  const library = deps.library;
  const subs = await allSubscriptions(deps.db);
  const matches = await matchPublish(library, subs, docIds, deps.now);
  return enqueueNotices(
    deps.queue,
    matches.map((m) => ({ chatId: m.subscription.chatId, calls: noticeCalls(library, m, NOTICE_HEAD(m.subscription), deps.now, deps.base) })),
  );
}

/**
 * notifyPublish for a publish that already stands (from the chat or the admin API): undefined
 * without a database or a queue; a failure is logged, never thrown, since the publish is done.
 */
export async function noticesAfterPublish(deps: { db?: Db; queue?: ReplyQueue; library: BotLibrary; now: Date; base?: string }, docIds: string[]): Promise<number | undefined> {
  const { db, queue } = deps;
  if (!db || !queue) return undefined;
  try {
    return await notifyPublish({ ...deps, db, queue }, docIds);
  } catch (e) {
    log.error("subscriptions: could not notify the subscribers of a publish", e);
    return undefined;
  }
}

// ------------------------------------------------------------------ deadline reminders

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/**
 * The sweep's step: for each subscription, the deadlines of its matching clauses (the same
 * search, any document) that fall within REMIND_DAYS; each (subscription, clause, date) once,
 * recorded in subscription_reminders before it is queued.
 */
export async function sendReminders(deps: { db: Db; queue: ReplyQueue; library: BotLibrary; now: Date; base?: string }): Promise<number> {
  const today = deps.now.toISOString().slice(0, 10);
  const subs = await allSubscriptions(deps.db);
  const byQuery = new Map<string, Found>();
  const jobs: { chatId: number; calls: DeferredReplies["calls"] }[] = [];
  for (const s of subs) {
    const key = `${s.region}\u0000${s.topic}`;
    let found = byQuery.get(key);
    if (!found) {
      const any = await matchSubscription(deps.library, s, undefined, deps.now);
      byQuery.set(key, (found = { ...any, hits: any.hits.filter((h) => h.deadlines?.length) }));
    }
    for (const hit of found.hits) {
      for (const d of hit.deadlines ?? []) {
        const next = nextDate(d as Deadline, today);
        const days = daysBetween(today, next.date);
        if (next.past || days < 0 || days > REMIND_DAYS) continue;
        const r = await deps.db
          .prepare("INSERT INTO subscription_reminders (subscription_id, clause_id, deadline_date, sent_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
          .bind(s.id, hit.id, next.date, deps.now.toISOString())
          .run();
        if (r.changes === 0) continue;
        const head = `${REMINDER_HEAD(s, escapeHtml(deadlineText(d as Deadline)), days)}\n${escapeHtml(d.action)}${escapeHtml(d.what)}`;
        jobs.push({ chatId: s.chatId, calls: noticeCalls(deps.library, { subscription: s, hits: [hit], documents: found.documents }, head, deps.now, deps.base) });
      }
    }
  }
  return enqueueNotices(deps.queue, jobs);
}
