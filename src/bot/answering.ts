// A question → the composed answer as HTML messages, with buttons on the last one:
// 查看原文 for each clause shown, 更多结果 for the rest of the ranking, 来源文件 per document,
// and 👍 有用 / 👎 没用 (./feedback.ts) when a database is bound: the answer is recorded with the
// clause ids shown, and the buttons carry its id.
// With PUBLIC_BASE_URL (./web-links.ts), 来源文件 opens the document's page, and every message
// of the answer carries 在网页中打开, the answer's page.
// The first page shows the relevant clauses only (compose.ts, relevantResults); 更多结果 reaches
// every other clause ranked, those cut included.
import { InlineKeyboard, type Context } from "grammy";
import { composeAnswer, relevantResults } from "../answer/compose.js";
import { COVERAGE_LISTED, coverageOf } from "../answer/render-text.js";
import { renderAnswerMessages, renderNoAnswer } from "../answer/render-telegram.js";
import type { SearchHit, SearchResponse } from "../search/engine.js";
import type { LoadedIndex } from "../search/load-index.js";
import type { TierVersion } from "../tier/source.js";
import { encodeButton, encodeFeedback } from "./callback-data.js";
import { recordAnswer } from "../feedback/feedback.js";
import { memoryLibrary, tierLibrary, type BotLibrary } from "./library.js";
import { LIBRARY_UNAVAILABLE } from "./texts.js";
import type { ManageDeps } from "../manage/deps.js";
import { recordQuestion } from "../manage/question-stats.js";
import { log } from "../shared/log.js";
import type { ReplyQueue } from "./outbox.js";
import type { BaseUrl } from "../web/links.js";
import { answerUrl, documentUrl, linkKeyboard, OPEN_IN_BROWSER } from "./web-links.js";
import { encodeSubscribeAnswer, SUBSCRIBE_BUTTON } from "./subscriptions.js";

/** Clauses shown per message; the ranking keeps this many more behind 更多结果. */
export const PAGE = 3;
const RANKED = 12;

export interface BotDeps {
  index: () => LoadedIndex | Promise<LoadedIndex>;
  /**
   * The search tier (src/tier/), when one is configured: answers, their buttons and inline mode
   * read the library from it (./library.ts); undefined: from the index. Rejects when it cannot be opened.
   */
  tier?: () => Promise<TierVersion> | undefined;
  now: () => Date;
  /** Document management and question statistics; undefined when no store is bound. */
  manage?: () => ManageDeps | undefined;
  /** Where replies Telegram refused for now wait for a later try; undefined: they are logged as lost. */
  replies?: () => ReplyQueue | undefined;
  /** PUBLIC_BASE_URL (normalised), set by createBot from the configuration: the web pages to link to; undefined: no links. */
  publicBaseUrl?: BaseUrl;
}

/** Counts the question for /stats; a store that fails is logged, the answer still goes out. */
async function countQuestion(deps: BotDeps, question: string, answered: boolean): Promise<void> {
  const store = deps.manage?.()?.store;
  if (store) await recordQuestion(store, question, answered, deps.now()).catch((e) => log.error("stats: could not count the question", e));
}

/** Whether answers come from the search tier (configured, whether or not it can be read now). */
export function tierConfigured(deps: BotDeps): boolean {
  try {
    const tier = deps.tier?.();
    // only asked whether there is one: a failure to open it is the answers' to report
    tier?.catch(() => undefined);
    return tier !== undefined;
  } catch {
    return true;
  }
}

/** The library answers read: the tier when one is configured, else the index in this isolate. Rejects when the tier cannot be opened. */
export async function libraryOf(deps: BotDeps): Promise<BotLibrary> {
  const tier = deps.tier?.();
  return tier ? tierLibrary(await tier) : memoryLibrary(await deps.index());
}

/** The library, or undefined after logging why it cannot be read (the caller tells the user LIBRARY_UNAVAILABLE). */
export async function openLibrary(deps: BotDeps): Promise<BotLibrary | undefined> {
  try {
    return await libraryOf(deps);
  } catch (e) {
    log.error("bot: the search tier cannot be read", e);
    return undefined;
  }
}

export async function replyWithAnswer(ctx: Context, deps: BotDeps, question: string): Promise<void> {
  const replyTo = ctx.chat?.type === "private" || !ctx.msg ? {} : { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } };
  const library = await openLibrary(deps);
  if (!library) return void (await ctx.reply(LIBRARY_UNAVAILABLE, replyTo));
  const response = await library.search(question, { k: RANKED, now: deps.now() });
  await countQuestion(deps, question, response.answered);
  if (!response.answered) {
    const answer = composeAnswer(response, response.documents, { now: deps.now(), queryWords: response.words });
    const head = await library.head(COVERAGE_LISTED);
    await ctx.reply(renderNoAnswer(answer, coverageOf(head.documents, head.total)), { parse_mode: "HTML", ...replyTo });
    return;
  }
  await sendPage(ctx, deps, library, response, replyTo, { link: answerUrl(deps.publicBaseUrl, question) });
}

export interface PageOptions {
  /** A later page (更多结果): the reader asked for more, so no clause is left out for scoring low. */
  later?: boolean;
  /** The answer's web page (在网页中打开 on every message), when PUBLIC_BASE_URL is set. */
  link?: string;
}

/**
 * Sends up to PAGE hits as an answer, with buttons; the rest go behind 更多结果. The first page
 * shows only the relevant hits; a later page the next PAGE, whatever their scores.
 */
export async function sendPage(ctx: Context, deps: BotDeps, library: BotLibrary, response: SearchResponse, extra: object = {}, { later = false, link }: PageOptions = {}): Promise<void> {
  const page = (later ? response.results : relevantResults(response.results)).slice(0, PAGE);
  const rest = response.results.filter((hit) => !page.includes(hit));
  const answer = composeAnswer({ ...response, results: page }, response.documents, { now: deps.now(), queryWords: response.words, all: true });
  // the buttons in the order the clauses are shown (by document, conditions together)
  const order = new Map(answer.documents.flatMap((d) => d.clauses).map((c, i) => [c.id, i]));
  const shown = [...page].sort((a, b) => (order.get(a.id) ?? page.length) - (order.get(b.id) ?? page.length));
  const messages = renderAnswerMessages(answer);
  const answerId = await answerRecord(ctx, deps, library.version, response.query, shown);
  const keyboard = buttonsFor(library.version, response, shown, rest, deps.publicBaseUrl, link, answerId);
  // a message that continues the answer (or is continued) carries the page too: each may be forwarded alone
  const linkOnly = link ? { reply_markup: linkKeyboard(OPEN_IN_BROWSER, link) } : {};
  for (let i = 0; i < messages.length; i++) {
    const last = i === messages.length - 1;
    await ctx.reply(messages[i], { parse_mode: "HTML", ...(i === 0 ? extra : {}), ...(last ? { reply_markup: keyboard } : linkOnly) });
  }
}

/**
 * Records the answer (who asked, the question, the clauses shown) so its 👍/👎 buttons can carry
 * only its id; undefined (no feedback buttons) without a database, or if recording fails (logged).
 */
async function answerRecord(ctx: Context, deps: BotDeps, version: string, question: string, shown: SearchHit[]): Promise<number | undefined> {
  const db = deps.manage?.()?.db;
  const userId = ctx.from?.id;
  if (!db || userId === undefined) return undefined;
  try {
    return await recordAnswer(db, { userId, question, clauseIds: shown.map((h) => h.id), indexVersion: version, now: deps.now() });
  } catch (e) {
    log.error("feedback: could not record the answer (sent without 👍/👎)", e);
    return undefined;
  }
}

export const VOTE_UP = "👍 有用";
export const VOTE_DOWN = "👎 没用";

/**
 * 查看原文 per clause; 更多结果 and 来源文件 (a URL button to the document's page with a base); 在网页中打开 with a link.
 * Clauses and documents by their number in the library (the response's positions).
 */
function buttonsFor(version: string, response: SearchResponse, shown: SearchHit[], rest: SearchHit[], base: BaseUrl | undefined, link: string | undefined, answerId: number | undefined): InlineKeyboard {
  const at = new Map(response.results.map((hit, i) => [hit, response.positions[i]]));
  const keyboard = new InlineKeyboard();
  shown.forEach((hit, i) => {
    const position = at.get(hit)?.clause;
    if (position !== undefined) keyboard.text(shown.length > 1 ? `查看原文 ${i + 1}` : "查看原文", encodeButton({ kind: "clause", clause: position }, version));
  });
  keyboard.row();
  const positions = rest.map((h) => at.get(h)?.clause).filter((p): p is number => p !== undefined);
  if (positions.length > 0) keyboard.text("更多结果", encodeButton({ kind: "more", clauses: positions }, version));
  const docs = [...new Map(shown.map((h) => [h.docId, at.get(h)?.document])).entries()];
  docs.forEach(([docId, position], i) => {
    if (position === undefined || position < 0) return;
    const label = docs.length > 1 ? `来源文件 ${i + 1}` : "来源文件";
    if (base) keyboard.url(label, documentUrl(base, docId));
    else keyboard.text(label, encodeButton({ kind: "document", document: position }, version));
  });
  if (answerId !== undefined) keyboard.row().text(VOTE_UP, encodeFeedback(answerId, { vote: 1 })).text(VOTE_DOWN, encodeFeedback(answerId, { vote: -1 }));
  // 订阅此类政策: the answer's question becomes a subscription's topic (./subscriptions.ts)
  if (answerId !== undefined) keyboard.row().text(SUBSCRIBE_BUTTON, encodeSubscribeAnswer(answerId));
  if (link) keyboard.row().url(OPEN_IN_BROWSER, link);
  return keyboard;
}
