// /subscribe 技改 · /subscribe 十堰 智能化改造 · /subscriptions (each with a 取消 button) ·
// /unsubscribe (all) or /unsubscribe 技改 (one) · 订阅此类政策 under an answer (the answer's
// question becomes the topic). Kept in the database (src/subscriptions/subscriptions.ts).
import { Composer, InlineKeyboard, type Context } from "grammy";
import type { BotDeps } from "./answering.js";
import { escapeHtml } from "../answer/telegram-html.js";
import {
  describeSubscription,
  encodeCancel,
  MAX_SUBSCRIPTIONS,
  parseSubscription,
  subscribe,
  subscriptionsOf,
  unsubscribe,
} from "../subscriptions/subscriptions.js";
import { log } from "../shared/log.js";

export const SUBSCRIBE_USAGE = "用法：/subscribe 主题词，可加地区，例如\n/subscribe 技改\n/subscribe 十堰 智能化改造\n有新政策上线、或相关条款的申报期限临近（7天内）时，我会发消息告诉你。";
export const SUBSCRIBED = (what: string) => `已订阅「${what}」。有相关的新政策上线，或相关条款的申报期限临近（7天内）时，我会通知你。发 /subscriptions 查看或取消。`;
export const ALREADY_SUBSCRIBED = (what: string) => `你已经订阅过「${what}」了。发 /subscriptions 查看或取消。`;
export const TOO_MANY = `每人最多 ${MAX_SUBSCRIPTIONS} 个订阅，请先发 /subscriptions 取消一些。`;
export const NO_SUBSCRIPTIONS = "你还没有订阅。发 /subscribe 主题词 订阅，例如 /subscribe 技改。";
export const LIST_HEAD = "<b>你的订阅</b>（点下面的按钮取消）：";
export const UNSUBSCRIBED_ALL = (n: number) => `已取消全部订阅（${n} 个）。`;
export const UNSUBSCRIBED_ONE = (what: string) => `已取消订阅「${what}」。`;
export const NOT_SUBSCRIBED = (what: string) => `没有找到订阅「${what}」。发 /subscriptions 查看你的订阅。`;
export const SUBSCRIPTION_GONE = "这个订阅已经取消了。";
export const ANSWER_GONE = "这条回答的记录已经不在了，无法据此订阅；请发 /subscribe 主题词。";
export const NO_DB = "暂时无法处理订阅，请稍后再试。";
export const SUBSCRIBE_BUTTON = "🔔 订阅此类政策";
/** The answer's id (answers table), base 36: s:a:<id>, at most 16 bytes. */
export const encodeSubscribeAnswer = (answerId: number) => `s:a:${answerId.toString(36)}`;

export function subscriptions(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const dbOf = () => deps.manage?.()?.db;

  /** Subscribes the sender; `quiet`: an existing subscription is not announced as such (a button pressed again: subscribed is subscribed). */
  async function add(ctx: Context, topicText: string, quiet = false): Promise<string> {
    const db = dbOf();
    if (!db || !ctx.from || !ctx.chat) return NO_DB;
    const parsed = parseSubscription(topicText);
    if (!parsed) return SUBSCRIBE_USAGE;
    const outcome = await subscribe(db, { userId: ctx.from.id, chatId: ctx.chat.id, ...parsed, now: deps.now() });
    if (!outcome.ok) return TOO_MANY;
    const what = describeSubscription(outcome.subscription);
    return outcome.existed && !quiet ? ALREADY_SUBSCRIBED(what) : SUBSCRIBED(what);
  }

  composer.command("subscribe", async (ctx) => {
    const args = ctx.match.trim();
    if (!args) return void (await ctx.reply(SUBSCRIBE_USAGE));
    await ctx.reply(await add(ctx, args));
  });

  composer.command("subscriptions", async (ctx) => {
    const db = dbOf();
    if (!db || !ctx.from) return void (await ctx.reply(NO_DB));
    const list = await subscriptionsOf(db, ctx.from.id);
    if (list.length === 0) return void (await ctx.reply(NO_SUBSCRIPTIONS));
    const keyboard = new InlineKeyboard();
    list.forEach((s, i) => keyboard.text(`取消 ${i + 1}`, encodeCancel(s.id)).row());
    const lines = list.map((s, i) => `${i + 1}. ${escapeHtml(describeSubscription(s))}（${s.createdAt.slice(0, 10)} 订阅）`);
    await ctx.reply([LIST_HEAD, ...lines, "", "发 /unsubscribe 取消全部。"].join("\n"), { parse_mode: "HTML", reply_markup: keyboard });
  });

  composer.command("unsubscribe", async (ctx) => {
    const db = dbOf();
    if (!db || !ctx.from) return void (await ctx.reply(NO_DB));
    const args = ctx.match.trim();
    if (!args) {
      const n = await unsubscribe(db, ctx.from.id);
      return void (await ctx.reply(n === 0 ? NO_SUBSCRIPTIONS : UNSUBSCRIBED_ALL(n)));
    }
    const list = await subscriptionsOf(db, ctx.from.id);
    const parsed = parseSubscription(args);
    const n = /^\d+$/.test(args) ? Number(args) : 0;
    const target = list[n - 1] ?? list.find((s) => describeSubscription(s) === args || (parsed && s.topic === parsed.topic && s.region === parsed.region));
    if (!target) return void (await ctx.reply(NOT_SUBSCRIBED(args)));
    await unsubscribe(db, ctx.from.id, target.id);
    await ctx.reply(UNSUBSCRIBED_ONE(describeSubscription(target)));
  });

  composer.callbackQuery(/^s:x:([0-9a-z]{1,11})$/, async (ctx) => {
    const db = dbOf();
    if (!db) return void (await ctx.answerCallbackQuery({ text: NO_DB, show_alert: true }));
    const id = parseInt(ctx.match[1], 36);
    const mine = (await subscriptionsOf(db, ctx.from.id)).find((s) => s.id === id);
    if (!mine) return void (await ctx.answerCallbackQuery({ text: SUBSCRIPTION_GONE }));
    await unsubscribe(db, ctx.from.id, id);
    await ctx.answerCallbackQuery({ text: UNSUBSCRIBED_ONE(describeSubscription(mine)) });
    await ctx.reply(UNSUBSCRIBED_ONE(describeSubscription(mine)));
  });

  composer.callbackQuery(/^s:a:([0-9a-z]{1,11})$/, async (ctx) => {
    const db = dbOf();
    if (!db) return void (await ctx.answerCallbackQuery({ text: NO_DB, show_alert: true }));
    const answerId = parseInt(ctx.match[1], 36);
    try {
      const row = await db.prepare("SELECT question FROM answers WHERE id = ?").bind(answerId).first<{ question: string }>();
      if (!row) return void (await ctx.answerCallbackQuery({ text: ANSWER_GONE, show_alert: true }));
      const reply = await add(ctx, row.question, true);
      await ctx.answerCallbackQuery({ text: "已订阅" });
      await ctx.reply(reply);
    } catch (e) {
      log.error("subscriptions: could not subscribe from an answer", e);
      await ctx.answerCallbackQuery({ text: NO_DB, show_alert: true });
    }
  });
  return composer;
}
