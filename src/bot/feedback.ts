// 👍 / 👎 under every answer (./answering.ts records the answer and carries its id in the
// buttons): a vote counts once per user and answer; a 👎 asks why in one tap (不相关 / 已过时 /
// 引用错误 / 没找到我要的), asked in a small message that becomes the thank-you once tapped.
import { Composer, InlineKeyboard, type Context } from "grammy";
import { decodeFeedback, encodeFeedback } from "./callback-data.js";
import type { BotDeps } from "./answering.js";
import { giveReason, REASON_LABELS, REASONS, vote } from "../feedback/feedback.js";
import { log } from "../shared/log.js";

export const THANKS = "谢谢你的反馈！";
export const ALREADY_VOTED = "已经收到你对这条回答的反馈，不重复计算。";
export const ASK_REASON = "谢谢！哪里不对？点一下即可：";
export const ALREADY_REASON = "已经记录过原因了，谢谢。";
export const ANSWER_GONE = "这条回答的记录已经不在了（已删除或已过期），无法反馈。";
export const NO_DB = "暂时无法记录反馈，请稍后再试。";
export const reasonThanks = (label: string) => `谢谢，已记录：${label}。我们会据此改进。`;

export function feedback(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.callbackQuery(/^f:/, async (ctx) => {
    const decoded = decodeFeedback(ctx.callbackQuery.data);
    const db = deps.manage?.()?.db;
    if (!decoded) return void (await ctx.answerCallbackQuery({ text: ANSWER_GONE, show_alert: true }));
    if (!db) return void (await ctx.answerCallbackQuery({ text: NO_DB, show_alert: true }));
    const userId = ctx.from.id;
    const { answerId, choice } = decoded;
    try {
      if ("vote" in choice) {
        const outcome = await vote(db, { answerId, userId, vote: choice.vote, now: deps.now() });
        if (outcome === "unknown") return void (await ctx.answerCallbackQuery({ text: ANSWER_GONE, show_alert: true }));
        if (outcome === "repeated") return void (await ctx.answerCallbackQuery({ text: ALREADY_VOTED }));
        if (choice.vote === 1) return void (await ctx.answerCallbackQuery({ text: THANKS }));
        await ctx.answerCallbackQuery({ text: THANKS });
        const keyboard = new InlineKeyboard();
        REASONS.forEach((r, i) => {
          keyboard.text(REASON_LABELS[r], encodeFeedback(answerId, { reason: i }));
          if (i % 2 === 1) keyboard.row();
        });
        const message = ctx.callbackQuery.message;
        const replyTo = message ? { reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } } : {};
        await ctx.reply(ASK_REASON, { reply_markup: keyboard, ...replyTo });
        return;
      }
      const reason = REASONS[choice.reason];
      const outcome = await giveReason(db, { answerId, userId, reason });
      if (outcome === "repeated") return void (await ctx.answerCallbackQuery({ text: ALREADY_REASON }));
      await ctx.answerCallbackQuery({ text: reasonThanks(REASON_LABELS[reason]) });
      // the question becomes the thank-you, its buttons gone: nothing left to tap twice
      if (ctx.callbackQuery.message) await ctx.editMessageText(reasonThanks(REASON_LABELS[reason])).catch((e) => log.error("feedback: could not edit the reason message", e));
    } catch (e) {
      log.error("feedback: could not record a vote", e);
      await ctx.answerCallbackQuery({ text: NO_DB, show_alert: true });
    }
  });
  return composer;
}
