// Button presses: 查看原文, 更多结果, 来源文件, and /start's example questions. A button from
// before the index changed, or data the bot did not make, gets a clear reply. With
// PUBLIC_BASE_URL, what they send links to the web pages too (./web-links.ts): 打开条款 under
// each part of 查看原文, 在网页中打开 under a document's card and on every message of 更多结果.
import { Composer, type Context } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { renderClauseFull, renderDocumentCard } from "../answer/render-telegram.js";
import { openLibrary, replyWithAnswer, sendPage, type BotDeps } from "./answering.js";
import { decodeButton } from "./callback-data.js";
import { EXAMPLE_QUESTIONS, LIBRARY_UNAVAILABLE, NO_MORE, STALE_BUTTON, UNKNOWN_BUTTON } from "./texts.js";
import { absolute, type BaseUrl } from "../web/links.js";
import { answerUrl, clauseUrl, documentUrl, linkKeyboard, OPEN_CLAUSE, OPEN_IN_BROWSER } from "./web-links.js";

export function buttons(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on("callback_query:data", async (ctx) => {
    const decoded = decodeButton(ctx.callbackQuery.data);
    if (!decoded.ok) return void (await ctx.answerCallbackQuery({ text: UNKNOWN_BUTTON, show_alert: true }));
    const { action } = decoded;
    if (action.kind === "example") {
      const question = EXAMPLE_QUESTIONS[action.example];
      await ctx.answerCallbackQuery(question ? { text: question } : { text: UNKNOWN_BUTTON, show_alert: true });
      if (question) await replyWithAnswer(ctx, deps, question);
      return;
    }
    const library = await openLibrary(deps);
    if (!library) return void (await ctx.answerCallbackQuery({ text: LIBRARY_UNAVAILABLE, show_alert: true }));
    const base = deps.publicBaseUrl;
    if (decoded.version !== library.version) {
      return void (await ctx.answerCallbackQuery({ text: STALE_BUTTON, show_alert: true }));
    }
    if (action.kind === "clause") {
      const page = await library.page("", [action.clause]);
      const hit = page.results[0];
      if (!hit) return void (await ctx.answerCallbackQuery({ text: UNKNOWN_BUTTON, show_alert: true }));
      await ctx.answerCallbackQuery();
      const link = base ? { reply_markup: linkKeyboard(OPEN_CLAUSE, clauseUrl(base, hit.id)) } : {};
      for (const html of renderClauseFull(hit, page.documents?.get(hit.docId), deps.now(), page.documents)) await ctx.reply(html, { parse_mode: "HTML", ...link });
      return;
    }
    if (action.kind === "document") {
      const doc = (await library.document(action.document))?.meta;
      if (!doc) return void (await ctx.answerCallbackQuery({ text: UNKNOWN_BUTTON, show_alert: true }));
      await ctx.answerCallbackQuery();
      const link = base ? { reply_markup: linkKeyboard(OPEN_IN_BROWSER, documentUrl(base, doc.id)) } : {};
      await ctx.reply(renderDocumentCard(doc, deps.now()), { parse_mode: "HTML", ...link });
      return;
    }
    const message = ctx.callbackQuery.message;
    const question = originalQuestion(message?.text);
    const page = await library.page(question ?? "（接上条）", action.clauses);
    if (page.results.length === 0) return void (await ctx.answerCallbackQuery({ text: NO_MORE }));
    await ctx.answerCallbackQuery();
    const link = base ? (pageOf(message?.reply_markup, base) ?? (question ? answerUrl(base, question) : undefined)) : undefined;
    await sendPage(ctx, deps, library, page, {}, { later: true, link });
  });
  return composer;
}

/** The question an answer message opens with ("问：…"), for the next page's heading; undefined if it does not. */
function originalQuestion(text: string | undefined): string | undefined {
  const first = text?.split("\n")[0] ?? "";
  const m = /^问：(.+?)(?:（续）)?$/.exec(first);
  return m ? m[1] : undefined;
}

/**
 * The answer page the pressed message links to (its 在网页中打开), if on this base: the whole
 * question, where the message's first line holds only its first line or a shortened one.
 */
function pageOf(markup: InlineKeyboardMarkup | undefined, base: BaseUrl): string | undefined {
  const prefix = absolute(base, "/q?");
  const button = markup?.inline_keyboard.flat().find((b) => b.text === OPEN_IN_BROWSER && "url" in b && b.url.startsWith(prefix));
  return button && "url" in button ? button.url : undefined;
}
