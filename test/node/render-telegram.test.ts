// Telegram rendering: valid HTML (allowed tags, balanced, escaped), every message within the
// limit, messages that stand alone (the question, and above each document's clauses its
// citation and warnings, once; conditions stated once for the clauses they apply to).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { composeAnswer, SAME_CONDITIONS, type Answer, type AnswerClause, type AnswerDocument } from "../../src/answer/compose.js";
import { documentCitation, documentWarnings } from "../../src/answer/document-notes.js";
import { documentStatus } from "../../src/shared/document-status.js";
import { renderText, coverageOf } from "../../src/answer/render-text.js";
import {
  DISCLAIMER,
  escapeHtml,
  renderAnswerMessages,
  renderClauseFull,
  renderDocumentCard,
  renderDocumentList,
  renderInlineArticle,
  renderNoAnswer,
  visibleLength,
} from "../../src/answer/render-telegram.js";
import { readIndexDir } from "../../src/node/index-dir.js";
import { search, type SearchHit } from "../../src/search/engine.js";
import type { DocumentMeta } from "../../src/shared/schema.js";
import { ROOT } from "./helpers.js";

const index = readIndexDir(join(ROOT, "index"));
const now = new Date("2025-06-01");
const LIMIT = 4000;
const DRAFT = "003_00eec2e948361586";
const QUESTIONS = ["十堰市技改补贴有哪些", "我能申请哪些技改补贴", "企业技术中心奖励", "高新技术企业奖励", "南充区域制造中心建设情况", "贷款贴息"];

async function answerFor(question: string): Promise<Answer> {
  const response = await search(index, question, { k: 5 });
  return composeAnswer(response, index.documentsById, { now, queryWords: response.words });
}

const doc = (id: string) => index.documentsById.get(id)!;

// --- an independent checker of Telegram's HTML rules --------------------------------------

const ALLOWED = new Set(["b", "i", "u", "s", "code", "pre", "a", "blockquote"]);
const DECODE: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"' };

/** Visible text as Telegram parses it. */
const visibleText = (html: string) => html.replace(/<[^>]*>/g, "").replace(/&(lt|gt|amp|quot);/g, (e) => DECODE[e]);

function expectTelegramHtml(html: string) {
  const stack: string[] = [];
  for (const [, close, name, attrs] of html.matchAll(/<(\/?)([a-z]+)([^>]*)>/g)) {
    expect(ALLOWED.has(name), `tag <${name}>`).toBe(true);
    if (close) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else {
      if (name === "a") expect(attrs).toMatch(/^ href="[^"<>]*"$/);
      else expect(attrs).toBe("");
      stack.push(name);
    }
  }
  expect(stack, "unclosed tags").toEqual([]);
  const text = html.replace(/<[^>]*>/g, "");
  expect(text).not.toMatch(/[<>]/);
  expect(text).not.toMatch(/&(?!(?:lt|gt|amp|quot);)/);
  expect(visibleText(html).length).toBeLessThanOrEqual(LIMIT);
  expect(visibleLength(html)).toBe(visibleText(html).length);
}

// --- reading a rendered answer back ------------------------------------------------------

const blocksOf = (message: string) => message.split("\n\n");
const isClauseBlock = (block: string) => block.startsWith("<b>");
const sourceLine = (citation: string) => `出处：${escapeHtml(citation)}`;
const headLine = (d: AnswerDocument, n: number) => `【${n}】${escapeHtml(d.citation)}`;
const conditionsLine = (clause: AnswerClause) => `适用条件：${escapeHtml(clause.conditions.join(""))}`;

/**
 * Checks that each message stands alone and that every clause appears once, whole: in each
 * message, every document shown has its citation and warnings once, above its clauses (its
 * citation and a clause's heading make the clause's full citation, with no 出处 line to repeat
 * it); a clause's conditions are stated in full, or as 同上 right after a clause of the same
 * document in the same message that stated them.
 */
function expectStandalone(answer: Answer, messages: string[]) {
  const q = escapeHtml(answer.query);
  const seen: string[] = [];
  messages.forEach((message, m) => {
    expectTelegramHtml(message);
    expect(message.startsWith(m === 0 ? `问：${q}\n` : `问：${q}（续）\n`)).toBe(true);
    let current: { doc: AnswerDocument; n: number } | undefined;
    let previous: AnswerClause | undefined;
    const heads: number[] = [];
    for (const block of blocksOf(message)) {
      const head = answer.documents.findIndex((d, i) => block.startsWith(`${headLine(d, i + 1)}`));
      if (head >= 0) {
        current = { doc: answer.documents[head], n: head + 1 };
        previous = undefined;
        heads.push(head);
        for (const w of current.doc.warnings) expect(block).toContain(`⚠ ${escapeHtml(w)}`);
        continue;
      }
      if (!isClauseBlock(block)) continue;
      expect(current, "a clause without its document's citation in the same message").toBeDefined();
      const clause = current!.doc.clauses.find((c) => block.startsWith(`<b>${escapeHtml(c.heading)}</b>\n`));
      expect(clause).toBeDefined();
      expect(clause!.citation).toBe(`${current!.doc.citation} › ${clause!.heading}`);
      const lines = block.split("\n");
      expect(lines.filter((l) => l.startsWith("出处："))).toEqual([]);
      const stated = lines.filter((l) => l.startsWith("适用条件："));
      if (clause!.conditions.length === 0) expect(stated).toEqual([]);
      else if (stated[0] === SAME_CONDITIONS) expect(previous?.conditions).toEqual(clause!.conditions);
      else expect(stated[0].startsWith(conditionsLine(clause!).slice(0, 20))).toBe(true);
      seen.push(clause!.id);
      previous = clause;
    }
    // each document's citation once per message
    expect(new Set(heads).size).toBe(heads.length);
  });
  expect(seen).toEqual(answer.documents.flatMap((d) => d.clauses.map((c) => c.id)));
  expect(messages.at(-1)!.endsWith(`\n\n${DISCLAIMER}`)).toBe(true);
  for (const message of messages.slice(0, -1)) expect(message).not.toContain(DISCLAIMER);
}

// --- synthetic answers -------------------------------------------------------------------

const sentence = (i: number) => `第${i}句：对年产值<5000万元、研发投入占比>3%的企业&机构，按“实际投入”给予不超过50万元的一次性补助，具体以当年申报通知为准。`;

function syntheticClause(d: AnswerDocument, n: number, sentences: number): AnswerClause {
  const heading = `三、政策措施 › (${n})支持企业<技改>第${n}项`;
  return {
    id: `${d.id}:x${n}`,
    heading,
    sentences: Array.from({ length: sentences }, (_, i) => sentence(i + 1)),
    trimmed: true,
    conditions: ["以下支持范围均限主城区工业企业申报:"],
    citation: `${d.citation} › ${heading}`,
  };
}

async function syntheticAnswer(clausesPerDoc: number[], sentences: number): Promise<Answer> {
  const metas = [doc(DRAFT), doc("004_fea3b02bf23e59f2"), doc("001_a845484a276ad0be")];
  let n = 0;
  const documents = clausesPerDoc.map((count, i) => {
    const meta = metas[i];
    const d: AnswerDocument = {
      id: meta.id,
      citation: documentCitation(meta),
      kind: meta.kind,
      region: meta.region,
      status: documentStatus(meta, now),
      warnings: documentWarnings(meta, now),
      clauses: [],
    };
    d.clauses = Array.from({ length: count }, () => syntheticClause(d, ++n, sentences));
    return d;
  });
  return { query: "技改<补贴>&贴息有哪些？", answered: true, regionNote: "知识库里没有北京市的政策文件，以下条款来自其他地区，请注意适用范围。", documents };
}

// --- tests -------------------------------------------------------------------------------

describe("escapeHtml and visibleLength", () => {
  it("escape the characters Telegram parses and count what it shows", () => {
    expect(escapeHtml(`金额<5000 & 比例>3% "A"`)).toBe("金额&lt;5000 &amp; 比例&gt;3% &quot;A&quot;");
    expect(visibleLength("<b>a&amp;b</b>")).toBe(3);
    expect(visibleLength(`<a href="https://x.cn/?a=1&amp;b=2">链接</a>&lt;&gt;&quot;`)).toBe(5);
    expect(visibleLength("😀技改")).toBe(4);
    expect(visibleLength(escapeHtml("<b>"))).toBe(3);
  });
});

describe("renderAnswerMessages", () => {
  it("renders real answers as standalone messages with the structure of the terminal rendering", async () => {
    for (const question of QUESTIONS) {
      const answer = await answerFor(question);
      if (!answer.answered) continue;
      const messages = renderAnswerMessages(answer);
      expectStandalone(answer, messages);
      const text = renderText(answer, coverageOf(index.documents), { width: Infinity });
      expect(text.split("\n").at(-1)).toBe(DISCLAIMER);
      for (const doc of answer.documents) {
        for (const clause of doc.clauses) {
          for (const s of clause.sentences) expect(messages.join("\n")).toContain(`· ${escapeHtml(s)}`);
          if (clause.conditions.length > 0) expect(messages.join("\n")).toContain(conditionsLine(clause));
        }
        // the document's citation once, however many of its clauses are shown
        expect(messages.join("\n").split(headLine(doc, answer.documents.indexOf(doc) + 1)).length - 1).toBe(1);
      }
    }
  });

  it("states a document's citation and its clauses' shared conditions once", async () => {
    const answer = await answerFor("我能申请哪些技改补贴");
    const draft = answer.documents.find((d) => d.id === DRAFT)!;
    const shared = draft.clauses.filter((c) => c.conditions.length > 0);
    expect(shared.length).toBeGreaterThanOrEqual(2);
    expect(new Set(shared.map((c) => c.conditions.join(""))).size).toBe(1);
    const [message, ...rest] = renderAnswerMessages(answer);
    expect(rest).toEqual([]);
    expectStandalone(answer, [message]);
    const count = (needle: string) => message.split(needle).length - 1;
    expect(count(escapeHtml(draft.citation))).toBe(1);
    expect(count(conditionsLine(shared[0]))).toBe(1);
    expect(count(SAME_CONDITIONS)).toBe(shared.length - 1);
    expect(message).not.toContain("出处：");
  });

  it("shows the draft's warnings with its clauses, and the region note", async () => {
    const answer = await answerFor("十堰市技改补贴有哪些");
    expect(answer.documents.map((d) => d.id)).toContain(DRAFT);
    const messages = renderAnswerMessages(answer);
    const all = messages.join("\n");
    expect(all).toContain("⚠ 本文件是征求意见稿，不是正式生效的政策，最终内容以正式印发文件为准");
    expect(all).toContain("⚠ 文件所定期限为2018—2020年，已经过期");
    expect(messages[0]).toContain(`\n\n${answer.regionNote}\n\n【1】`);
    expect(all).toContain("（条款其余内容从略）");
  });

  it("escapes <, > and & in question, headings and clause text", async () => {
    const base = await answerFor("十堰市技改补贴有哪些");
    const clause = { ...base.documents[0].clauses[0], heading: "一、<script>alert(1)</script>", sentences: [`投资额<1000万元且>500万元的，按"A&B"比例补贴。`] };
    const answer: Answer = { ...base, query: "a<b & c>d？", documents: [{ ...base.documents[0], clauses: [clause] }] };
    const [message] = renderAnswerMessages(answer);
    expectTelegramHtml(message);
    expect(message).toContain("问：a&lt;b &amp; c&gt;d？");
    expect(message).toContain("<b>一、&lt;script&gt;alert(1)&lt;/script&gt;</b>");
    expect(message).toContain("· 投资额&lt;1000万元且&gt;500万元的，按&quot;A&amp;B&quot;比例补贴。");
  });

  it("splits 20 long clauses between clauses; continuations repeat the question, citation and warnings", async () => {
    const answer = await syntheticAnswer([9, 6, 5], 12);
    const messages = renderAnswerMessages(answer);
    expect(messages.length).toBeGreaterThan(3);
    expectStandalone(answer, messages);
    for (const message of messages.slice(1)) {
      expect(message.startsWith(`问：${escapeHtml(answer.query)}（续）\n\n${escapeHtml(answer.regionNote!)}\n\n【`)).toBe(true);
    }
    // Conditions in full once per document in each message, 同上 for its other clauses there.
    for (const m of messages) {
      const full = m.split("\n").filter((l) => l.startsWith("适用条件：") && l !== SAME_CONDITIONS);
      expect(full).toHaveLength((m.match(/^【\d+】/gm) ?? []).length);
    }
    const all = messages.join("\n");
    const stated = all.split("\n适用条件：以下").length - 1;
    expect(stated).toBeLessThan(20);
    expect(all.split(SAME_CONDITIONS).length - 1).toBe(20 - stated);
    // A document continued in a new message: its citation and warnings again.
    const draftMessages = messages.filter((m) => m.includes(`【1】${escapeHtml(answer.documents[0].citation)}`));
    expect(draftMessages.length).toBeGreaterThan(1);
    for (const m of draftMessages) expect(m).toContain("⚠ 本文件是征求意见稿");
    for (const m of messages.filter((m) => m.includes("· 第") && m.includes(answer.documents[1].clauses[0].citation))) {
      expect(m).toContain(`【2】${escapeHtml(answer.documents[1].citation)}`);
      expect(m).toContain("⚠ 本文件是工作汇报");
    }
  });

  it("cuts a clause longer than a message at a sentence boundary and points to the full text", async () => {
    const answer = await syntheticAnswer([1, 1], 120);
    const messages = renderAnswerMessages(answer);
    expect(messages).toHaveLength(2);
    expectStandalone(answer, messages);
    for (const [i, message] of messages.entries()) {
      expect(message).toContain("（条款较长，其余内容请点“查看原文”）");
      expect(message).not.toContain("（条款其余内容从略）");
      const shown = message.split("\n").filter((l) => l.startsWith("· "));
      expect(shown.length).toBeGreaterThan(10);
      expect(shown).toEqual(answer.documents[i].clauses[0].sentences.slice(0, shown.length).map((s) => `· ${escapeHtml(s)}`));
      expect(visibleLength(message)).toBeGreaterThan(LIMIT - 200);
    }
  });

  it("shortens a single sentence longer than a message as a last resort", async () => {
    const answer = await syntheticAnswer([1], 1);
    answer.documents[0].clauses[0].sentences = [`${"对符合条件的企业给予贴息补助".repeat(500)}。`];
    const [message, ...rest] = renderAnswerMessages(answer);
    expect(rest).toEqual([]);
    expectStandalone(answer, [message]);
    expect(message).toMatch(/\n· 对符合条件的企业给予贴息补助.*…\n（条款较长，其余内容请点“查看原文”）\n\n以上内容摘自政策原文/);
  });
});

describe("renderNoAnswer", () => {
  it("says nothing was found, suggests rephrasing and lists all 5 documents", async () => {
    const answer = await answerFor("股票明天会涨吗");
    expect(answer.answered).toBe(false);
    const html = renderNoAnswer(answer, coverageOf(index.documents));
    expectTelegramHtml(html);
    expect(html).toContain("问：股票明天会涨吗");
    expect(html).toContain("没有找到与这个问题相关的政策条款。");
    expect(html).toContain("可以换个说法再问");
    expect(index.documents).toHaveLength(5);
    for (const d of index.documents) expect(html).toContain(`· 《${escapeHtml(d.title)}》`);
  });

  it("stays within the limit with a very large catalogue", async () => {
    const answer = await answerFor("股票明天会涨吗");
    const many = { documents: Array.from({ length: 300 }, (_, i) => `《第${i}号关于支持工业企业技术改造的若干政策措施》（某省某市，正式文件）`) };
    const html = renderNoAnswer(answer, many);
    expectTelegramHtml(html);
    expect(html.endsWith("……等共300份文件")).toBe(true);
  });

  it("says how many documents a large library holds when only its first are listed", async () => {
    const answer = await answerFor("股票明天会涨吗");
    const html = renderNoAnswer(answer, coverageOf(index.documents.slice(0, 2), 95_777));
    expectTelegramHtml(html);
    for (const d of index.documents.slice(0, 2)) expect(html).toContain(`· 《${escapeHtml(d.title)}》`);
    expect(html).not.toContain(index.documents[2].title);
    expect(html.endsWith("……等共95777份文件")).toBe(true);
    // the whole library listed: no such line
    expect(renderNoAnswer(answer, coverageOf(index.documents))).not.toContain("……等共");
  });
});

describe("renderClauseFull", () => {
  it("shows the whole clause with its lead-in, citation and warnings", async () => {
    const response = await search(index, "十堰市技改补贴有哪些");
    const hit = response.results.find((h) => h.context)!;
    const [message, ...rest] = renderClauseFull(hit, doc(hit.docId), now);
    expect(rest).toEqual([]);
    expectTelegramHtml(message);
    expect(message.startsWith(`<b>${escapeHtml([...hit.path, hit.label].join(" › "))}</b>\n\n<blockquote>上级条款：`)).toBe(true);
    expect(visibleText(message)).toContain(hit.context.trim());
    expect(visibleText(message)).toContain(hit.text.trim());
    expect(message).toContain(`出处：${escapeHtml(`《${hit.title}》`)}`);
    expect(message).toContain("⚠ 本文件是征求意见稿");
  });

  it("splits a long clause at sentence ends, each part labelled and carrying the citation", () => {
    const text = Array.from({ length: 200 }, (_, i) => sentence(i)).join("");
    const hit: SearchHit = { id: "x", docId: DRAFT, title: doc(DRAFT).title, label: "——长条款<测试>", path: ["三、政策措施"], text, context: "上级<条款>的导语：", score: 1 };
    const parts = renderClauseFull(hit, doc(DRAFT), now);
    expect(parts.length).toBeGreaterThanOrEqual(4);
    let body = "";
    for (const [i, part] of parts.entries()) {
      expectTelegramHtml(part);
      expect(part).toContain(`（第${i + 1}/共${parts.length}部分）`);
      expect(part).toContain("出处：《十堰市推进工业经济稳增长快转型高质量发展若干政策意见(2018-2020)》");
      expect(part).toContain("⚠ 本文件是征求意见稿");
      const blocks = blocksOf(part);
      const textBlock = blocks.find((b) => b.startsWith("第"))!;
      expect(textBlock).toMatch(/^第\d+句：.*。$/s);
      body += visibleText(textBlock);
    }
    expect(parts[0]).toContain("<blockquote>上级条款：上级&lt;条款&gt;的导语：</blockquote>");
    expect(body).toBe(text);
  });

  it("cuts text without sentence ends and cites the title when the document is unknown", () => {
    const hit: SearchHit = { id: "y", docId: "zz", title: "未知文件", label: "第一条", path: [], text: "字".repeat(9000), context: "", score: 1 };
    const parts = renderClauseFull(hit, undefined, now);
    expect(parts).toHaveLength(3);
    for (const part of parts) {
      expectTelegramHtml(part);
      expect(part).toContain("出处：《未知文件》 › 第一条");
    }
  });
});

describe("renderDocumentCard", () => {
  it("lists every field, marks inferred ones and shows 未注明 for absent ones", () => {
    const card = renderDocumentCard(doc("001_a845484a276ad0be"), now);
    expectTelegramHtml(card);
    expect(card).toContain("标题：《许昌市人民政府关于稳定工业经济增长的实施意见》（推断）");
    expect(card).toContain("文号：许政〔2015〕39号\n");
    expect(card).toContain("发文机关：许昌市人民政府（推断）");
    expect(card).toContain("地区：河南省许昌市（推断）");
    expect(card).toContain("日期：2015年（推断）");
    expect(card).toContain("类型：正式文件（推断）");
    expect(card).toContain("原文文件：001_a845484a276ad0be.txt");
    expect(card).toContain("推断依据：");
    expect(card).not.toContain("有效期");

    expect(renderDocumentCard(doc("002_58fa80235016e783"), now)).toContain("文号：未注明");
    const draft = renderDocumentCard(doc(DRAFT), now);
    expect(draft).toContain("日期：2018年7月12日\n");
    expect(draft).toContain("类型：征求意见稿\n");
    expect(draft).toContain("有效期：2018—2020年");
    expect(draft).toContain("⚠ 本文件是征求意见稿");
    expect(draft).toContain("⚠ 文件所定期限为2018—2020年，已经过期");
    expect(renderDocumentCard(doc("004_fea3b02bf23e59f2"), now)).toContain("⚠ 原文不完整：来源网页隐藏了约5003字正文");
    expect(renderDocumentCard(doc("000_110e3aa23992a0c0"), now)).not.toContain("⚠");
  });

  it("escapes metadata", () => {
    const meta: DocumentMeta = { ...doc("002_58fa80235016e783"), title: "关于<A&B>的通知", source: "a&b.txt" };
    const card = renderDocumentCard(meta, now);
    expectTelegramHtml(card);
    expect(card).toContain("标题：《关于&lt;A&amp;B&gt;的通知》");
  });
});

describe("renderDocumentList", () => {
  it("numbers every document in one message", () => {
    const messages = renderDocumentList(index.documents, now);
    expect(messages).toHaveLength(1);
    expectTelegramHtml(messages[0]);
    expect(messages[0]).toContain("收录的政策文件（共5份）");
    index.documents.forEach((d, i) => expect(messages[0]).toContain(`${i + 1}. 《${escapeHtml(d.title)}》`));
    expect(messages[0]).toContain("⚠ 本文件是征求意见稿");
  });

  it("splits a long list into messages within the limit", () => {
    const docs = Array.from({ length: 120 }, (_, i) => ({ ...index.documents[i % 5], id: `d${i}` }));
    const messages = renderDocumentList(docs, now);
    expect(messages.length).toBeGreaterThan(1);
    for (const [i, m] of messages.entries()) {
      expectTelegramHtml(m);
      expect(m.startsWith(`<b>收录的政策文件（共120份）${i > 0 ? "（续）" : ""}</b>`)).toBe(true);
    }
    const numbers = messages.join("\n").match(/^\d+\. /gm)!;
    expect(numbers).toHaveLength(120);
  });

  it("says how many documents a library holds when it lists only its first", () => {
    const messages = renderDocumentList(index.documents.slice(0, 2), now, { total: 95_777 });
    expect(messages).toHaveLength(1);
    expectTelegramHtml(messages[0]);
    expect(messages[0]).toContain("收录的政策文件（共95777份）");
    expect(messages[0].match(/^\d+\. /gm)).toHaveLength(2);
    expect(messages[0].endsWith("……以上是前2份，共95777份文件。直接提问即可查到其余文件的条款。")).toBe(true);
    // a list that fills its messages: the line goes in a message of its own, within the limit
    const docs = Array.from({ length: 120 }, (_, i) => ({ ...index.documents[i % 5], id: `d${i}` }));
    const long = renderDocumentList(docs, now, { total: 5_000 });
    for (const m of long) expectTelegramHtml(m);
    expect(long.at(-1)).toContain("共5000份文件");
    expect(renderDocumentList(index.documents, now).join("\n")).not.toContain("……以上是前");
  });
});

describe("renderInlineArticle", () => {
  it("renders each clause as a self-contained article within Telegram's limits", async () => {
    for (const question of QUESTIONS) {
      const answer = await answerFor(question);
      answer.documents.forEach((d, i) =>
        d.clauses.forEach((clause, j) => {
          const article = renderInlineArticle(answer, i, j);
          expect(article.title.length).toBeLessThanOrEqual(64);
          expect(article.description.length).toBeLessThanOrEqual(120);
          expect(article.description.length).toBeGreaterThan(0);
          expectTelegramHtml(article.html);
          expect(article.html.startsWith(`<b>${escapeHtml(clause.heading)}</b>\n`)).toBe(true);
          // its path (the heading) and its document's citation: the clause's full citation
          expect(clause.citation).toBe(`${d.citation} › ${clause.heading}`);
          expect(article.html).toContain(`\n${sourceLine(d.citation)}\n`);
          for (const w of d.warnings) expect(article.html).toContain(`⚠ ${escapeHtml(w)}`);
          expect(article.html.endsWith(DISCLAIMER)).toBe(true);
        }),
      );
    }
  });

  it("shortens a long title and description, and cuts a long clause", async () => {
    const answer = await syntheticAnswer([1], 120);
    const clause = answer.documents[0].clauses[0];
    clause.heading += " › " + "支持工业企业实施技术改造".repeat(10);
    clause.sentences[0] = `${"对符合条件的企业给予贴息补助".repeat(20)}。`;
    const article = renderInlineArticle(answer, 0, 0);
    expect(article.title).toHaveLength(64);
    expect(article.title.endsWith("…")).toBe(true);
    expect(article.description).toHaveLength(120);
    expect(article.description.endsWith("…")).toBe(true);
    expectTelegramHtml(article.html);
    expect(article.html).toContain("（条款较长，其余内容请点“查看原文”）");
    expect(article.html).toContain("⚠ 本文件是征求意见稿");
    expect(() => renderInlineArticle(answer, 0, 5)).toThrow(RangeError);
  });

  it("with a link, ends with the line 网页：<link>, the clause cut to leave it room", async () => {
    const link = `https://zct.example.org/c/${encodeURIComponent("003_00eec2e948361586:5.3.1.1")}?a=1&b=<2>`;
    const short = await answerFor("我能申请哪些技改补贴");
    const plain = renderInlineArticle(short, 0, 0);
    const linked = renderInlineArticle(short, 0, 0, { link });
    // the link escaped, after the disclaimer; the rest as without it
    expect(linked.html).toBe(`${plain.html}\n\n网页：${escapeHtml(link)}`);
    expect(linked.html).toContain("?a=1&amp;b=&lt;2&gt;");
    expect({ ...linked, html: "" }).toEqual({ ...plain, html: "" });
    expect(renderInlineArticle(short, 0, 0, {})).toEqual(plain);

    const long = await syntheticAnswer([1], 120);
    const cut = renderInlineArticle(long, 0, 0, { link });
    expectTelegramHtml(cut.html);
    expect(visibleLength(cut.html)).toBeLessThanOrEqual(LIMIT);
    expect(cut.html).toContain("（条款较长，其余内容请点“查看原文”）");
    expect(cut.html.endsWith(`${DISCLAIMER}\n\n网页：${escapeHtml(link)}`)).toBe(true);
  });
});
