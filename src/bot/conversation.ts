// Private chats and groups: commands, questions, and what the bot ignores.
// In a private chat any text is a question; in a group only /ask, a mention of the bot, or a
// reply to one of its messages is (other chatter is ignored).
import { Composer, InlineKeyboard, type Context } from "grammy";
import { renderDocumentList } from "../answer/render-telegram.js";
import { renderDeadlineEntries } from "../answer/telegram-deadlines.js";
import { openLibrary, replyWithAnswer, type BotDeps } from "./answering.js";
import { encodeButton } from "./callback-data.js";
import { ASK_USAGE, EXAMPLE_QUESTIONS, HELP_HTML, LIBRARY_UNAVAILABLE, NON_TEXT_HINT, welcomeHtml } from "./texts.js";

/** Documents /docs lists, at most (then how many more there are: a large library is asked, not read through). */
export const DOCS_LISTED = 100;

export function conversation(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command("start", async (ctx) => {
    const library = await openLibrary(deps);
    if (!library) return void (await ctx.reply(LIBRARY_UNAVAILABLE));
    const keyboard = new InlineKeyboard();
    EXAMPLE_QUESTIONS.forEach((q, i) => keyboard.text(q, encodeButton({ kind: "example", example: i }, library.version)).row());
    await ctx.reply(welcomeHtml(await library.summary()), { parse_mode: "HTML", reply_markup: keyboard });
  });

  composer.command("help", (ctx) => ctx.reply(HELP_HTML, { parse_mode: "HTML" }));

  composer.command("docs", async (ctx) => {
    const library = await openLibrary(deps);
    if (!library) return void (await ctx.reply(LIBRARY_UNAVAILABLE));
    const head = await library.head(DOCS_LISTED);
    for (const html of renderDocumentList(head.documents, deps.now(), { total: head.total })) await ctx.reply(html, { parse_mode: "HTML" });
  });

  composer.command("deadlines", async (ctx) => {
    const library = await openLibrary(deps);
    if (!library) return void (await ctx.reply(LIBRARY_UNAVAILABLE));
    const now = deps.now();
    for (const html of renderDeadlineEntries(await library.deadlines(now), now)) await ctx.reply(html, { parse_mode: "HTML" });
  });

  composer.command("ask", async (ctx) => {
    const question = ctx.match.trim();
    if (!question) return void (await ctx.reply(ASK_USAGE));
    await replyWithAnswer(ctx, deps, question);
  });

  // Other commands are not questions.
  composer.on("message:text").filter((ctx) => ctx.msg.text.startsWith("/"), (ctx) => (ctx.chat.type === "private" ? ctx.reply(HELP_HTML, { parse_mode: "HTML" }) : undefined));

  const privateChat = composer.chatType("private");
  privateChat.on(["message:text", "edited_message:text"], (ctx) => replyWithAnswer(ctx, deps, ctx.msg.text));
  privateChat.on("message", (ctx) => ctx.reply(NON_TEXT_HINT));

  const group = composer.chatType(["group", "supergroup"]);
  group.on("message:text", async (ctx) => {
    const question = groupQuestion(ctx, ctx.msg.text);
    if (question !== undefined) await replyWithAnswer(ctx, deps, question);
  });

  return composer;
}

/** The question in a group message addressed to the bot (mention or reply), else undefined. */
function groupQuestion(ctx: Context, text: string): string | undefined {
  const username = ctx.me.username;
  const mention = `@${username}`;
  const entities = ctx.msg?.entities ?? [];
  const mentioned = entities.some((e) => e.type === "mention" && text.slice(e.offset, e.offset + e.length).toLowerCase() === mention.toLowerCase());
  const repliedToBot = ctx.msg?.reply_to_message?.from?.id === ctx.me.id;
  if (!mentioned && !repliedToBot) return undefined;
  const question = text.split(new RegExp(mention.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "ig")).join(" ").trim();
  return question || undefined;
}
