// /privacy: what is kept about a user and for how long; /forget: deletes it, after a button.
import { Composer, InlineKeyboard, type Context } from "grammy";
import type { BotDeps } from "./answering.js";
import { ANSWER_DAYS, FEEDBACK_DAYS, forgetUser, keptFor, subscriptionCount } from "../feedback/feedback.js";

export const PRIVACY_HTML = [
  "<b>隐私说明：我们保存什么、保存多久</b>",
  "· 你的 Telegram 用户编号（一串数字，不保存姓名、用户名或手机号）；",
  `· 你提的问题，和回答里列出的条款编号（为了让“👍 有用 / 👎 没用”知道你评价的是哪条回答）：没有评价的保存 ${ANSWER_DAYS} 天后自动删除；`,
  `· 你的评价（👍/👎 和原因）：保存 ${FEEDBACK_DAYS} 天（约13个月）后自动删除；`,
  "· 你的订阅（/subscribe：主题词、地区、订阅时间和发通知用的聊天编号），以及已发过的期限提醒（避免重复提醒）：保存到你取消订阅（/unsubscribe）为止；你屏蔽机器人后，订阅会自动删除。",
  "除问题本身外，不保存你发的其他消息内容。另外，为了统计，问题按天计数（不含用户编号），约13个月后删除；管理员确认过“正确答案”的问题会不带用户编号保留，用于改进检索。",
  "",
  "发 /forget 可以随时删除与你相关的全部记录。",
].join("\n");
export const FORGET_ASK = (answers: number, feedback: number, subscriptions = 0) =>
  `将删除与你相关的全部记录：${answers} 条提问记录、${feedback} 条评价${subscriptions ? `、${subscriptions} 个订阅` : ""}。删除后无法恢复，确定吗？`;
export const FORGET_NOTHING = "我们没有保存与你相关的记录，无需删除。";
export const FORGOTTEN = (n: number) => `已删除与你相关的全部记录（共 ${n} 条）。按天统计的提问次数不含用户编号，与你无关联。`;
export const FORGET_KEPT = "已取消，没有删除任何记录。";
export const NO_DB = "暂时无法处理，请稍后再试。";
const CONFIRM = "x:forget";
const CANCEL = "x:keep";

export function privacy(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.command("privacy", (ctx) => ctx.reply(PRIVACY_HTML, { parse_mode: "HTML" }));
  composer.command("forget", async (ctx) => {
    const db = deps.manage?.()?.db;
    if (!ctx.from) return;
    if (!db) return void (await ctx.reply(NO_DB));
    const kept = await keptFor(db, ctx.from.id);
    const subscribed = await subscriptionCount(db, ctx.from.id);
    if (kept.answers + kept.feedback + subscribed === 0) return void (await ctx.reply(FORGET_NOTHING));
    await ctx.reply(FORGET_ASK(kept.answers, kept.feedback, subscribed), { reply_markup: new InlineKeyboard().text("确认删除", CONFIRM).text("取消", CANCEL) });
  });
  composer.callbackQuery([CONFIRM, CANCEL], async (ctx) => {
    if (ctx.callbackQuery.data === CANCEL) {
      await ctx.answerCallbackQuery();
      return void (await ctx.editMessageText(FORGET_KEPT).catch(() => undefined));
    }
    const db = deps.manage?.()?.db;
    if (!db) return void (await ctx.answerCallbackQuery({ text: NO_DB, show_alert: true }));
    // the presser's own records, whoever asked for the button
    const n = await forgetUser(db, ctx.from.id);
    await ctx.answerCallbackQuery({ text: "已删除" });
    await ctx.editMessageText(FORGOTTEN(n)).catch(() => ctx.reply(FORGOTTEN(n)));
  });
  return composer;
}
