// /stats's second message: the newest 👍 answers, each clause with a button 确认为正确答案 that
// records the question → clause pair (src/feedback/confirmed.ts) applied at the next publish (or /learn) and exported by `npm run export:learned`.
// Button data "k:<feedback id, base 36>:<the clause's place in that answer>", a few bytes.
import { InlineKeyboard } from "grammy";
import { escapeHtml } from "../../answer/telegram-html.js";
import type { LikedAnswer } from "../../feedback/confirmed.js";

export const CONFIRM_PATTERN = /^k:([0-9a-z]{1,11}):(\d)$/;
export const confirmData = (feedbackId: number, place: number) => `k:${feedbackId.toString(36)}:${place}`;
export const CIRCLED = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨"];

export async function likedMessage(liked: LikedAnswer[], describe: (clauseId: string) => string | Promise<string>): Promise<{ html: string; keyboard: InlineKeyboard } | undefined> {
  if (liked.length === 0) return undefined;
  const lines = ["<b>被点 👍 的回答</b>：哪条条款确实回答了问题，点“确认为正确答案”，确认的问法在下次上线、下线文件或发送 /learn 时用于检索。"];
  const keyboard = new InlineKeyboard();
  for (const [i, a] of liked.entries()) {
    lines.push("", `${i + 1}. ${escapeHtml(a.question)}`);
    for (const [j, id] of a.clauseIds.slice(0, CIRCLED.length).entries()) {
      lines.push(`   ${CIRCLED[j]} ${escapeHtml(await describe(id))}`);
      keyboard.text(`确认为正确答案 ${i + 1}${CIRCLED[j]}`, confirmData(a.feedbackId, j)).row();
    }
  }
  return { html: lines.join("\n"), keyboard };
}
