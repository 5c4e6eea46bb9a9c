// Admins (ADMIN_IDS), in a private chat with the bot: upload a document file → preview →
// 确认上线 / 取消 (and /edit to correct the metadata first); /docs with ids, /remove,
// /rollback, /stats. Everyone else who tries one gets a refusal that reveals nothing; every
// attempt and every action is audited (src/manage/audit.ts). Nothing here changes the live
// index except through src/manage/publish.ts, which checks a version before switching.
import { Composer, InlineKeyboard, type Context } from "grammy";
import { renderDocumentList } from "../../answer/render-telegram.js";
import { escapeHtml } from "../../answer/telegram-html.js";
import { MAX_UPLOAD_BYTES } from "../../ingest/extract/index.js";
import { audit } from "../../manage/audit.js";
import type { ManageDeps } from "../../manage/deps.js";
import { dropPending, findPending, latestPending, savePending, type Pending } from "../../manage/pending.js";
import { publishChanges, rollback } from "../../manage/publish.js";
import { memoryDuplicates, pendingInput, previewOf, prepareUpload, type DuplicateCandidates, type Preview } from "../../manage/upload.js";
import type { IndexChanges } from "../../ingest/build/rebuild.js";
import { publishTierChanges } from "../../tier/delta.js";
import { readTierLive, rollbackTier } from "../../tier/publish.js";
import { tierSource, type TierVersion } from "../../tier/source.js";
import { fnv1a } from "../../tier/schema.js";
import { memoryLibrary, tierLibrary } from "../library.js";
import { PublishError, readLive } from "../../store/index-versions.js";
import type { BotConfig } from "../config.js";
import { openLibrary, tierConfigured, type BotDeps } from "../answering.js";
import { DOCS_LISTED } from "../conversation.js";
import { parseEdit } from "./edit-value.js";
import { describe, renderPreview } from "./preview.js";
import { chinaDayStart, renderStats, statsPeriod } from "./stats.js";
import { clausePosition, hitAt } from "../positions.js";
import type { LoadedIndex } from "../../search/load-index.js";
import { CONFIRM_PATTERN, CIRCLED, likedMessage } from "./confirm.js";
import { confirmPair, feedbackAnswer, likedAnswers, markApplied, pendingPairs, SNIPPET_CHARS } from "../../feedback/confirmed.js";
import { HELP_HTML, LIBRARY_UNAVAILABLE } from "../texts.js";
import { describeError, log as logger } from "../../shared/log.js";
import { download } from "./download.js";
import { noticesAfterPublish } from "../../subscriptions/subscriptions.js";
import { ADMIN_HELP_HTML, CONFIRMED_WHEN, EDIT_USAGE, EXPIRED, learnedLines, NO_DATABASE, NO_STORE, NOT_ALLOWED, NOTHING_TO_LEARN, OTHER_ADMINS_UPLOAD, PRIVATE_ONLY, REMOVE_USAGE, STATS_USAGE } from "./texts.js";

const TELEGRAM_API = "https://api.telegram.org";

export function admin(config: BotConfig, deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const isAdmin = (ctx: Context) => ctx.from !== undefined && config.adminIds.includes(ctx.from.id);
  const who = (ctx: Context) => `telegram:${ctx.from?.id ?? "?"}`;
  const log = (ctx: Context, action: string, ok: boolean, detail: string) => audit(deps.manage?.()?.store, { by: who(ctx), action, ok, detail }, deps.now());
  // someone who is not an admin: counted per day, not stored one object each (src/manage/refusals.ts)
  const refused = async (ctx: Context, action: string) => {
    const m = deps.manage?.();
    if (m) await m.refusals.count(m.store, `telegram:${action}`, `${who(ctx)} is not an admin`);
  };

  // Uploads, /edit, /remove, /rollback and /learn change whichever holds the library: the index in
  // this isolate, or the search tier (a delta version, src/tier/delta.ts).
  /** The search tier when answers come from it (undefined: the index in this isolate); throws TierUnavailable when it cannot be opened. */
  const tierNow = async (): Promise<TierVersion | undefined> => {
    if (!tierConfigured(deps)) return undefined;
    try {
      return await deps.tier!()!;
    } catch (e) {
      logger.error("admin: the search tier cannot be read", e);
      throw new TierUnavailable();
    }
  };
  /** Runs an admin action; a tier that cannot be opened is told to the admin (nothing changed) and logged, instead of failing the update. */
  const unlessTierUnavailable = async (ctx: Context, action: string, run: () => Promise<unknown>, tell: (text: string) => Promise<unknown> = (text) => ctx.reply(text)) => {
    try {
      await run();
    } catch (e) {
      if (!(e instanceof TierUnavailable)) throw e;
      await log(ctx, action, false, "the search tier cannot be read");
      await tell(`${LIBRARY_UNAVAILABLE}资料库没有变化。`);
    }
  };
  /** Where an upload's duplicates are looked for: the library answers come from. */
  const duplicatesIn = async (m: ManageDeps, tier: TierVersion | undefined): Promise<DuplicateCandidates> =>
    tier ? (doc) => tier.duplicateCandidates(doc) : memoryDuplicates(await m.live.get());

  // Admin commands: refused for others (logged), private chats only, a store required.
  const gate = async (ctx: Context, action: string, run: (m: ManageDeps) => Promise<unknown>) => {
    if (!isAdmin(ctx)) {
      await refused(ctx, action);
      return void (await ctx.reply(NOT_ALLOWED));
    }
    if (ctx.chat?.type !== "private") return void (await ctx.reply(PRIVATE_ONLY));
    const m = deps.manage?.();
    if (!m) return void (await ctx.reply(NO_STORE));
    await unlessTierUnavailable(ctx, action, () => run(m));
  };

  composer.command("edit", (ctx) => gate(ctx, "edit", (m) => edit(ctx, m, ctx.match)));
  composer.command("remove", (ctx) => gate(ctx, "remove", (m) => askRemove(ctx, m, ctx.match.trim())));
  composer.command("rollback", (ctx) => gate(ctx, "rollback", (m) => askRollback(ctx, m)));
  composer.command("stats", (ctx) => gate(ctx, "stats", (m) => stats(ctx, m, ctx.match)));
  composer.command("learn", (ctx) => gate(ctx, "learn", (m) => learn(ctx, m)));

  // /docs: admins also see the ids (others go on to the public /docs), of the library answers come from.
  composer.command("docs", async (ctx, next) => {
    if (!isAdmin(ctx) || ctx.chat.type !== "private") return next();
    const library = await openLibrary(deps);
    if (!library) return void (await ctx.reply(LIBRARY_UNAVAILABLE));
    const head = await library.head(DOCS_LISTED);
    for (const html of renderDocumentList(head.documents, deps.now(), { ids: true, total: head.total })) await ctx.reply(html, { parse_mode: "HTML" });
  });

  composer.command("help", async (ctx, next) => {
    if (!isAdmin(ctx) || ctx.chat.type !== "private") return next();
    await ctx.reply(HELP_HTML + "\n" + ADMIN_HELP_HTML, { parse_mode: "HTML" });
  });

  // A file from an admin in a private chat is an upload; from anyone else, the usual hint.
  composer.chatType("private").on("message:document", async (ctx, next) => {
    if (!isAdmin(ctx)) return next();
    await gate(ctx, "upload", (m) => upload(ctx, m));
  });

  composer.callbackQuery(/^adm:(\w+):?([\w-]*)$/, async (ctx) => {
    const [, action, arg] = ctx.match;
    if (!isAdmin(ctx)) {
      await refused(ctx, `button ${action}`);
      return void (await ctx.answerCallbackQuery({ text: NOT_ALLOWED, show_alert: true }));
    }
    const m = deps.manage?.();
    if (!m) return void (await ctx.answerCallbackQuery({ text: NO_STORE, show_alert: true }));
    await ctx.answerCallbackQuery();
    await clearButtons(ctx);
    await unlessTierUnavailable(ctx, `button ${action}`, async () => {
      if (action === "ok" || action === "rep") return confirmUpload(ctx, m, arg, action === "rep");
      if (action === "no") return cancelUpload(ctx, m, arg);
      if (action === "rm") return confirmRemove(ctx, m, arg);
      if (action === "rb") return confirmRollback(ctx, m, arg);
      if (action === "x") return void (await ctx.reply("已取消，资料库没有变化。"));
    });
  });

  composer.callbackQuery(CONFIRM_PATTERN, async (ctx) => {
    if (!isAdmin(ctx)) {
      await refused(ctx, "button confirm");
      return void (await ctx.answerCallbackQuery({ text: NOT_ALLOWED, show_alert: true }));
    }
    const m = deps.manage?.();
    if (!m) return void (await ctx.answerCallbackQuery({ text: NO_STORE, show_alert: true }));
    await unlessTierUnavailable(ctx, "button confirm", () => confirm(ctx, m, parseInt(ctx.match[1], 36), Number(ctx.match[2])), (text) => ctx.answerCallbackQuery({ text, show_alert: true }));
  });

  // ------------------------------------------------------------------ upload and preview

  async function upload(ctx: Context, m: ManageDeps) {
    const document = ctx.msg!.document!;
    const name = document.file_name ?? "未命名文件";
    if ((document.file_size ?? 0) > MAX_UPLOAD_BYTES) {
      await log(ctx, "upload", false, `${name}: too large (${document.file_size} bytes)`);
      return void (await ctx.reply(tooLargeText(document.file_size)));
    }
    let url: string;
    try {
      const file = await ctx.getFile();
      if (!file.file_path) throw new Error("no file_path");
      url = `${config.apiRoot ?? TELEGRAM_API}/file/bot${config.token}/${file.file_path}`;
    } catch (e) {
      await log(ctx, "upload", false, `${name}: getFile failed: ${describeError(e)}`);
      return void (await ctx.reply("没能从 Telegram 取得这个文件，请稍后重新发送。资料库没有变化。"));
    }
    const fetched = await download(url, MAX_UPLOAD_BYTES);
    if (!fetched.ok) {
      await log(ctx, "upload", false, `${name}: download ${fetched.reason}: ${fetched.detail}`);
      return void (await ctx.reply(fetched.reason === "too_large" ? tooLargeText() : "没能从 Telegram 取得这个文件，请稍后重新发送。资料库没有变化。"));
    }
    const bytes = fetched.bytes;
    const prepared = await prepareUpload(m, { name, bytes, mimeType: document.mime_type }, ctx.from!.id, await duplicatesIn(m, await tierNow()));
    if (!prepared.ok) {
      await log(ctx, "upload", false, `${name}: ${prepared.message}`);
      return void (await ctx.reply(`${prepared.message}\n资料库没有变化。`));
    }
    await log(ctx, "upload", true, `${name}: pending ${prepared.pending.id}, ${prepared.preview.ingested.clauses.length} clauses`);
    await sendPreview(ctx, prepared.pending, prepared.preview, bytes.length);
  }

  async function sendPreview(ctx: Context, pending: Pending, preview: Preview, bytes?: number) {
    const keyboard = new InlineKeyboard();
    if (preview.duplicates.length > 0) keyboard.text("替换旧文件并上线", `adm:rep:${pending.id}`).row().text("作为新文件上线", `adm:ok:${pending.id}`);
    else keyboard.text("确认上线", `adm:ok:${pending.id}`);
    keyboard.text("取消", `adm:no:${pending.id}`);
    await ctx.reply(renderPreview(pending, preview, bytes), { parse_mode: "HTML", reply_markup: keyboard });
  }

  async function edit(ctx: Context, m: ManageDeps, args: string) {
    const pending = await latestPending(m.store, ctx.from!.id, m.now());
    if (!pending) return void (await ctx.reply(`没有等待确认的上传。先发送文件，再用 /edit 更正。\n\n${EDIT_USAGE}`));
    const parsed = parseEdit(args);
    if (!parsed.ok) return void (await ctx.reply(parsed.message ? `${parsed.message}\n\n${EDIT_USAGE}` : EDIT_USAGE));
    const next: Pending = { ...pending, overrides: { ...pending.overrides, [parsed.field]: parsed.value } };
    await savePending(m.store, next);
    await log(ctx, "edit", true, `pending ${pending.id}: ${parsed.field} = ${parsed.value}`);
    await sendPreview(ctx, next, await previewOf(next, await duplicatesIn(m, await tierNow())));
  }

  async function confirmUpload(ctx: Context, m: ManageDeps, id: string, replace: boolean) {
    const found = await findPending(m.store, id, ctx.from!.id, m.now());
    if (!found.ok) {
      // refused presses are admin actions too (a double tap's second press, another admin's upload)
      await log(ctx, replace ? "replace" : "add", false, `pending ${id}: ${found.reason}`);
      return void (await ctx.reply(found.reason === "other-admin" ? OTHER_ADMINS_UPLOAD : EXPIRED));
    }
    const pending = found.pending;
    const tier = await tierNow();
    const preview = await previewOf(pending, await duplicatesIn(m, tier));
    const remove = replace ? preview.duplicates.map((d) => d.id).filter((d) => d !== pending.docId) : [];
    const doc = preview.ingested.document;
    await publishAndTell(ctx, m, `${replace ? "replace" : "add"} ${pending.docId}`, async () => {
      const changes = { add: [pendingInput(pending)], remove };
      const note = `上线《${doc.title}》${remove.length ? `，替换 ${remove.join("、")}` : ""}`;
      const published = tier ? await publishToTier(m, tier, changes, note) : await publishChanges(m, changes, who(ctx), note);
      await dropPending(m.store, pending);
      const replaced = published.removed.filter((d) => d.id !== pending.docId);
      const notified = await notifySubscribers(m, published.added.map((d) => d.id), tier && published.entry.id);
      return [
        `✅ 已上线：${describe(published.added[0])}`,
        ...(replaced.length ? [`已替换：${replaced.map(describe).join("；")}`] : []),
        versionLine(published.entry),
        ...learnedLines(published.learned),
        ...(notified === undefined ? [] : [`已通知订阅者：${notified} 人`]),
      ];
    });
  }

  /** The subscribers the new documents answer get one notice each (src/subscriptions/subscriptions.ts), from the library just published. */
  async function notifySubscribers(m: ManageDeps, docIds: string[], tierVersion?: string): Promise<number | undefined> {
    const tier = tierVersion === undefined ? undefined : await tierNow();
    const library = tier ? tierLibrary(await tierSource(tier.shards, tierVersion)) : memoryLibrary(await m.live.get());
    return noticesAfterPublish({ db: m.db, queue: deps.replies?.(), library, now: m.now(), base: deps.publicBaseUrl }, docIds);
  }

  /**
   * An admin's change to the search tier: a delta version over the one the admin saw, switched to
   * (src/tier/delta.ts), with the question → clause pairs confirmed since the last publish, as
   * publishChanges takes them into the isolate's index.
   */
  async function publishToTier(m: ManageDeps, tier: TierVersion, changes: IndexChanges, note: string) {
    const none = { ids: [], questions: [] };
    const pairs = m.db ? await pendingPairs(m.db).catch((e) => (logger.error("confirmed pairs: not read, this publish goes without them", e), none)) : none;
    const published = await publishTierChanges(tier.shards, changes, { now: deps.now(), expect: tier.version, learn: pairs.questions });
    if (m.db && pairs.ids.length) await markApplied(m.db, pairs.ids, published.version).catch((e) => logger.error("confirmed pairs: applied but not marked", e));
    logger.info(`admin: tier version ${published.version} (${note}): ${published.documents} documents, ${published.clauses} clauses`);
    return { ...published, entry: { id: published.version, documents: published.documents, clauses: published.clauses } };
  }

  async function cancelUpload(ctx: Context, m: ManageDeps, id: string) {
    const found = await findPending(m.store, id, ctx.from!.id, m.now());
    if (!found.ok) {
      await log(ctx, "cancel", false, `pending ${id}: ${found.reason}`);
      return void (await ctx.reply(found.reason === "other-admin" ? OTHER_ADMINS_UPLOAD : EXPIRED));
    }
    await dropPending(m.store, found.pending);
    await log(ctx, "cancel", true, `pending ${id}`);
    await ctx.reply("已取消这次上传，资料库没有变化。");
  }

  // ------------------------------------------------------------------ remove, rollback

  async function askRemove(ctx: Context, m: ManageDeps, id: string) {
    if (!id) return void (await ctx.reply(REMOVE_USAGE));
    const tier = await tierNow();
    if (tier) {
      const found = await tier.documentById(id);
      if (!found) return void (await ctx.reply(`没有 id 为“${id}”的文件。${REMOVE_USAGE}`));
      if (tier.documents === 1) return void (await ctx.reply("这是资料库里唯一的文件，不能下线（资料库不能为空）。"));
      const keyboard = new InlineKeyboard().text("确认下线", `adm:rm:${tierRef(tier)}-${found.n.toString(36)}`).text("取消", "adm:x");
      return void (await ctx.reply(`确定要下线这份文件吗？下线后用户将查不到它（可用 /rollback 恢复）。\n${describe(found.meta)}`, { parse_mode: "HTML", reply_markup: keyboard }));
    }
    const index = await m.live.get();
    const doc = index.documentsById.get(id);
    if (!doc) return void (await ctx.reply(`没有 id 为“${id}”的文件。${REMOVE_USAGE}`));
    if (index.documents.length === 1) return void (await ctx.reply("这是资料库里唯一的文件，不能下线（资料库不能为空）。"));
    // the button names the document by its position in this index version: ids may be long or Chinese (64-byte limit)
    const ref = `${index.manifest.contentHash.slice(0, 8)}-${index.documents.indexOf(doc).toString(36)}`;
    const keyboard = new InlineKeyboard().text("确认下线", `adm:rm:${ref}`).text("取消", "adm:x");
    await ctx.reply(`确定要下线这份文件吗？下线后用户将查不到它（可用 /rollback 恢复）。\n${describe(doc)}`, { parse_mode: "HTML", reply_markup: keyboard });
  }

  async function confirmRemove(ctx: Context, m: ManageDeps, ref: string) {
    const [version, position] = ref.split("-");
    const tier = await tierNow();
    if (tier) {
      const found = version === tierRef(tier) ? await tier.documentAt(parseInt(position, 36)) : undefined;
      if (!found) return void (await ctx.reply("资料库已经更新，这个按钮已失效，请重新发送 /remove。"));
      const doc = found.meta;
      return publishAndTell(ctx, m, `remove ${doc.id}`, async () => {
        const published = await publishToTier(m, tier, { remove: [doc.id] }, `下线《${doc.title}》`);
        return [`✅ 已下线：${describe(doc)}`, versionLine(published.entry), ...learnedLines(published.learned)];
      });
    }
    const index = await m.live.get();
    const doc = version === index.manifest.contentHash.slice(0, 8) ? index.documents[parseInt(position, 36)] : undefined;
    if (!doc) return void (await ctx.reply("资料库已经更新，这个按钮已失效，请重新发送 /remove。"));
    const id = doc.id;
    await publishAndTell(ctx, m, `remove ${id}`, async () => {
      const published = await publishChanges(m, { remove: [id] }, who(ctx), `下线《${doc.title}》`);
      return [`✅ 已下线：${describe(doc)}`, versionLine(published.entry), ...learnedLines(published.learned)];
    });
  }

  async function askRollback(ctx: Context, m: ManageDeps) {
    const tier = await tierNow();
    if (tier) {
      const live = await readTierLive(tier.shards[0]);
      if (!live?.previous) return void (await ctx.reply("检索层没有更早的版本可以回退。"));
      const previous = await tierSource(tier.shards, live.previous);
      const keyboard = new InlineKeyboard().text("确认回退", `adm:rb:${live.version}`).text("取消", "adm:x");
      return void (await ctx.reply(
        [`现在的版本：${escapeHtml(tierEntryText(live.version, await tierSource(tier.shards, live.version)))}`, `回退到：${escapeHtml(tierEntryText(previous.version, previous))}`, "确定回退吗？"].join("\n"),
        { parse_mode: "HTML", reply_markup: keyboard },
      ));
    }
    const live = await readLive(m.store, m.bundled);
    const previous = live.history[0];
    if (!previous) return void (await ctx.reply("没有更早的版本可以回退：现在用的是随程序发布的资料库。"));
    const keyboard = new InlineKeyboard().text("确认回退", `adm:rb:${live.current.id}`).text("取消", "adm:x");
    await ctx.reply(
      [`现在的版本：${escapeHtml(entryText(live.current))}`, `回退到：${escapeHtml(entryText(previous))}`, "确定回退吗？"].join("\n"),
      { parse_mode: "HTML", reply_markup: keyboard },
    );
  }

  async function confirmRollback(ctx: Context, m: ManageDeps, from: string) {
    const tier = await tierNow();
    if (tier) {
      const live = await readTierLive(tier.shards[0]);
      if (live?.version !== from || !live.previous) return void (await ctx.reply("资料库版本已经变了，这个回退按钮已失效，请重新发送 /rollback。"));
      return publishAndTell(ctx, m, "rollback", async () => {
        const to = await rollbackTier(tier.shards[0], deps.now());
        return [`✅ 已回退到：${escapeHtml(tierEntryText(to.version, await tierSource(tier.shards, to.version)))}。所有用户几秒内即可查到。`];
      });
    }
    const live = await readLive(m.store, m.bundled);
    if (live.current.id !== from) return void (await ctx.reply("资料库版本已经变了，这个回退按钮已失效，请重新发送 /rollback。"));
    await publishAndTell(ctx, m, "rollback", async () => {
      const { to } = await rollback(m);
      return [`✅ 已回退到：${escapeHtml(entryText(to))}`];
    });
  }

  async function stats(ctx: Context, m: ManageDeps, args: string) {
    const period = statsPeriod(args, m.now());
    if (!period) return void (await ctx.reply(STATS_USAGE));
    const find = await clauseFinder();
    const describe = async (id: string) => {
      const hit = await find(id);
      return hit ? `《${hit.title}》${hit.path.join(" › ")} [${id}]` : `${id}（已不在资料库中）`;
    };
    await ctx.reply(await renderStats(m.store, period, m.db ? { db: m.db, describe } : undefined), { parse_mode: "HTML" });
    // the newest 👍 answers, each clause confirmable as the right answer
    const liked = m.db ? await likedMessage(await likedAnswers(m.db, chinaDayStart(period.from), chinaDayStart(period.to, true)), describe) : undefined;
    if (liked) await ctx.reply(liked.html, { parse_mode: "HTML", reply_markup: liked.keyboard });
  }

  // 确认为正确答案 under /stats's 👍 answers: the question → clause pair, once, audited
  async function confirm(ctx: Context, m: ManageDeps, feedbackId: number, place: number) {
    const answer = m.db ? await feedbackAnswer(m.db, feedbackId) : undefined;
    const clauseId = answer?.clauseIds[place];
    if (!m.db || !answer || answer.vote !== 1 || !clauseId) return void (await ctx.answerCallbackQuery({ text: "这条评价已经不在了（用户删除了记录或已过期）。", show_alert: true }));
    const hit = await (await clauseFinder())(clauseId);
    if (!hit) return void (await ctx.answerCallbackQuery({ text: "这条条款已不在资料库中，无法确认。", show_alert: true }));
    const snippet = (hit.text.trim() || hit.label).slice(0, SNIPPET_CHARS);
    const outcome = await confirmPair(m.db, { question: answer.question, clauseId, snippet, adminId: ctx.from!.id, now: m.now() });
    if (outcome === "repeated") return void (await ctx.answerCallbackQuery({ text: "这一对已经确认过了。" }));
    await log(ctx, "confirm answer", true, `${JSON.stringify(answer.question)} → ${clauseId}`);
    await ctx.answerCallbackQuery({ text: `已确认为正确答案${CIRCLED[place] ?? ""}` });
    await ctx.reply(`✅ 已确认：“${escapeHtml(answer.question)}”的正确答案是 ${escapeHtml(`《${hit.title}》${hit.path.join(" › ")}`)}。\n${CONFIRMED_WHEN}`, { parse_mode: "HTML" });
  }

  /** /learn: a publish with no document change, to apply the confirmed pairs now. */
  async function learn(ctx: Context, m: ManageDeps) {
    if (!m.db) return void (await ctx.reply(NO_DATABASE));
    const pending = await pendingPairs(m.db);
    if (pending.ids.length === 0) return void (await ctx.reply(NOTHING_TO_LEARN));
    const tier = await tierNow();
    await publishAndTell(ctx, m, "learn", async () => {
      const note = `应用 ${pending.questions.length} 个已确认的问法`;
      const published = tier ? await publishToTier(m, tier, {}, note) : await publishChanges(m, {}, who(ctx), note);
      return [`✅ 已重建资料库索引。`, ...learnedLines(published.learned), versionLine(published.entry)];
    });
  }

  // ------------------------------------------------------------------ helpers

  function clauseIn(index: LoadedIndex, id: string) {
    const position = clausePosition(index, id);
    return position === undefined ? undefined : hitAt(index, position);
  }

  /** A clause by id, with its document's title, in the library answers come from (the tier's looked up per id). */
  async function clauseFinder(): Promise<(id: string) => Promise<{ title: string; path: string[]; text: string; label: string } | undefined>> {
    const tier = await tierNow();
    if (!tier) {
      const index = await deps.index();
      return async (id) => clauseIn(index, id);
    }
    return async (id) => {
      const found = (await tier.clausesById([id])).get(id);
      return found && { title: found.title, path: found.clause.path, text: found.clause.text, label: found.clause.label };
    };
  }

  async function publishAndTell(ctx: Context, m: ManageDeps, action: string, run: () => Promise<string[]>) {
    await ctx.replyWithChatAction("typing").catch(() => undefined);
    try {
      const lines = await run();
      await log(ctx, action, true, lines.join(" ").replace(/<[^>]+>/g, ""));
      await ctx.reply(lines.join("\n"), { parse_mode: "HTML" });
    } catch (e) {
      await log(ctx, action, false, e instanceof PublishError ? `${e.step}: ${e.message}` : "internal error");
      // what the store or the code said stays in the server log; the admin gets the reason in words
      if (!(e instanceof PublishError) || e.cause !== undefined) logger.error(`admin ${action} failed`, e);
      if (e instanceof PublishError && e.step === "unchanged") return void (await ctx.reply("线上资料库已经是这个内容，不需要再上线（如果刚才点了两次按钮，第一次已经成功）。"));
      await ctx.reply(`❌ 没有成功，线上资料库没有变化。原因：${e instanceof PublishError ? publishReason(e) : "服务器内部错误，已记录日志，请稍后再试。"}`);
    }
  }

  return composer;
}

/** Why a change did not go live, in words an admin can act on (never the store's raw message). */
function publishReason(e: PublishError): string {
  switch (e.step) {
    case "conflict":
      return "另一位管理员刚刚更新了资料库，请重新操作。";
    case "rollback":
      return "没有可以回退的版本，或上一版本无法读取。";
    case "broken":
      return "线上版本的文件无法读取，请先发送 /rollback 回到上一个版本，再重新操作。";
    case "verify":
      return e.cause === undefined
        ? "新版本自检没有通过：用新文件里的一段原文检索，没有找到这份文件。请检查文件内容是否完整。"
        : "新版本写入后读回校验不一致，已撤销。请稍后重试。";
    case "check":
      return "生成的新版本不完整，已撤销。请稍后重试。";
    default:
      return "保存新版本时存储出错，已撤销。请稍后重试。";
  }
}

const tooLargeText = (size?: number) =>
  `文件太大（${size === undefined ? `超过 ${MAX_UPLOAD_BYTES / 1048576} MB` : `${(size / 1048576).toFixed(1)} MB`}），上限是 ${MAX_UPLOAD_BYTES / 1048576} MB。资料库没有变化。`;

const entryText = (e: { id: string; documents: number; clauses: number; publishedAt: string; note: string }) =>
  e.id === "bundled" ? `随程序发布的资料库（${e.documents}份文件，${e.clauses}条条款）` : `${e.id}（${e.publishedAt.slice(0, 16).replace("T", " ")} UTC，${e.documents}份文件，${e.clauses}条条款；${e.note}）`;

const tierEntryText = (version: string, tier: Pick<TierVersion, "documents" | "stats">) => `检索层版本 ${version}（${tier.documents}份文件，${tier.stats.size}条条款）`;

/** What a remove button names a tier version by (its id may be longer than a button holds). */
const tierRef = (tier: TierVersion) => fnv1a(tier.version).toString(16).padStart(8, "0");

/** The search tier could not be opened: the admin is told, nothing changes. */
class TierUnavailable extends Error {}

const versionLine = (e: { id: string; documents: number; clauses: number }) =>
  `资料库新版本 ${e.id}：${e.documents}份文件，${e.clauses}条条款。所有用户几秒内即可查到；如有问题可 /rollback。`;

async function clearButtons(ctx: Context) {
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
}
