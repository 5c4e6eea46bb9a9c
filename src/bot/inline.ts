// Inline mode (@bot 技改补贴 in any chat): the relevant clauses (compose.ts, relevantResults) as
// articles; choosing one posts a self-contained message (clause path, conditions, key
// sentences, its document's citation and warnings). With PUBLIC_BASE_URL each also links to
// the clause's web page: a 打开条款 button, and the address as the message's last line (buttons
// do not travel when the message is copied into WeChat), without a link preview.
import { Composer, type Context } from "grammy";
import type { InlineQueryResultArticle } from "grammy/types";
import { composeAnswer } from "../answer/compose.js";
import { renderInlineArticle } from "../answer/render-telegram.js";
import { openLibrary, type BotDeps } from "./answering.js";
import { LIBRARY_UNAVAILABLE } from "./texts.js";
import { clauseUrl, linkKeyboard, OPEN_CLAUSE } from "./web-links.js";

export function inline(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on("inline_query", async (ctx) => {
    const question = ctx.inlineQuery.query.trim();
    if (!question) return void (await ctx.answerInlineQuery([], { cache_time: 60, button: { text: "输入关键词查找政策条款，或点此私聊提问", start_parameter: "inline" } }));
    const library = await openLibrary(deps);
    if (!library) return void (await ctx.answerInlineQuery([], { cache_time: 0, button: { text: LIBRARY_UNAVAILABLE, start_parameter: "inline" } }));
    const response = await library.search(question.slice(0, 200), { k: 5, now: deps.now() });
    if (!response.answered) {
      return void (await ctx.answerInlineQuery([], { cache_time: 60, button: { text: "没有找到相关条款，点此私聊换个说法", start_parameter: "inline" } }));
    }
    const answer = composeAnswer(response, response.documents, { now: deps.now(), queryWords: response.words });
    const version = library.version;
    const base = deps.publicBaseUrl;
    const positions = new Map(response.results.map((hit, i) => [hit.id, response.positions[i].clause]));
    const results: InlineQueryResultArticle[] = [];
    answer.documents.forEach((doc, d) =>
      doc.clauses.forEach((clause, c) => {
        const link = base ? clauseUrl(base, clause.id) : undefined;
        const article = renderInlineArticle(answer, d, c, { link });
        results.push({
          type: "article",
          id: `${version}:${(positions.get(clause.id) ?? results.length).toString(36)}`,
          title: article.title,
          description: article.description,
          input_message_content: { message_text: article.html, parse_mode: "HTML", ...(link ? { link_preview_options: { is_disabled: true } } : {}) },
          ...(link ? { reply_markup: linkKeyboard(OPEN_CLAUSE, link) } : {}),
        });
      }),
    );
    await ctx.answerInlineQuery(results, { cache_time: 300 });
  });
  return composer;
}
