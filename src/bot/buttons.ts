// Button presses: 查看原文, 更多结果, 来源文件, and /start's example questions. A button from
// before the index changed, or data the bot did not make, gets a clear reply.
import { Composer, type Context } from "grammy";
import { renderClauseFull, renderDocumentCard } from "../answer/render-telegram.js";
import type { SearchHit } from "../search/engine.js";
import { laterPage, replyWithAnswer, sendPage, type BotDeps } from "./answering.js";
import { decodeButton, indexVersion } from "./callback-data.js";
import { hitAt } from "./positions.js";
import { EXAMPLE_QUESTIONS, NO_MORE, STALE_BUTTON, UNKNOWN_BUTTON } from "./texts.js";

export function buttons(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on("callback_query:data", async (ctx) => {
    const decoded = decodeButton(ctx.callbackQuery.data);
    if (!decoded.ok) return void (await ctx.answerCallbackQuery({ text: UNKNOWN_BUTTON, show_alert: true }));
    const index = await deps.index();
    const { action } = decoded;
    if (action.kind === "example") {
      const question = EXAMPLE_QUESTIONS[action.example];
      await ctx.answerCallbackQuery(question ? { text: question } : { text: UNKNOWN_BUTTON, show_alert: true });
      if (question) await replyWithAnswer(ctx, deps, question);
      return;
    }
    if (decoded.version !== indexVersion(index.manifest.contentHash)) {
      return void (await ctx.answerCallbackQuery({ text: STALE_BUTTON, show_alert: true }));
    }
    if (action.kind === "clause") {
      const hit = hitAt(index, action.clause);
      if (!hit) return void (await ctx.answerCallbackQuery({ text: UNKNOWN_BUTTON, show_alert: true }));
      await ctx.answerCallbackQuery();
      for (const html of renderClauseFull(hit, index.documentsById.get(hit.docId), deps.now())) await ctx.reply(html, { parse_mode: "HTML" });
      return;
    }
    if (action.kind === "document") {
      const doc = index.documents[action.document];
      if (!doc) return void (await ctx.answerCallbackQuery({ text: UNKNOWN_BUTTON, show_alert: true }));
      await ctx.answerCallbackQuery();
      await ctx.reply(renderDocumentCard(doc, deps.now()), { parse_mode: "HTML" });
      return;
    }
    const hits = action.clauses.map((p) => hitAt(index, p)).filter((h): h is SearchHit => h !== undefined);
    if (hits.length === 0) return void (await ctx.answerCallbackQuery({ text: NO_MORE }));
    await ctx.answerCallbackQuery();
    await sendPage(ctx, deps, index, laterPage(index, originalQuestion(ctx.callbackQuery.message?.text), hits), {}, { later: true });
  });
  return composer;
}

/** The question an answer message opens with ("问：…"), for the next page's heading. */
function originalQuestion(text: string | undefined): string {
  const first = text?.split("\n")[0] ?? "";
  const m = /^问：(.+?)(?:（续）)?$/.exec(first);
  return m ? m[1] : "（接上条）";
}
