// The bot's links to the web pages (src/web/links.ts), when PUBLIC_BASE_URL is set: an
// answer's page, a document's page, a clause's page, as URL buttons (and, in an inline result,
// as the message's last line, which travels where buttons do not: WeChat, copied text).
import { InlineKeyboard } from "grammy";
import { MAX_QUERY_CHARS } from "../http/validate.js";
import { absolute, answerPath, clausePath, documentPath, type BaseUrl } from "../web/links.js";

/** The button to an answer's page (on every message of an answer), and to a document's page (来源文件's card). */
export const OPEN_IN_BROWSER = "在网页中打开";
/** The button to a clause's page (inline results, 查看原文). */
export const OPEN_CLAUSE = "打开条款";

/** Characters a question may not hold in /q?q=… (the API's rule, src/http/validate.ts). */
const REFUSED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/gu;

/**
 * The question as the answer page takes it: trimmed, without the characters the page would
 * refuse, and at most MAX_QUERY_CHARS characters (code points: an emoji is never cut in half).
 * A longer question is answered in the chat whole; its page answers its first 200 characters.
 */
export function pageQuestion(question: string): string {
  const cleaned = question.replace(REFUSED, "").trim();
  return [...cleaned].slice(0, MAX_QUERY_CHARS).join("").trim();
}

/** The answer page of a question, or undefined when there is no base or nothing left to ask. */
export function answerUrl(base: BaseUrl | undefined, question: string): string | undefined {
  const q = pageQuestion(question);
  return base && q ? absolute(base, answerPath(q)) : undefined;
}

export const documentUrl = (base: BaseUrl, docId: string) => absolute(base, documentPath(docId));
export const clauseUrl = (base: BaseUrl, clauseId: string) => absolute(base, clausePath(clauseId));

/** A keyboard of one URL button. */
export const linkKeyboard = (text: string, url: string) => new InlineKeyboard().url(text, url);
