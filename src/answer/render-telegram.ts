// Telegram messages (parse_mode "HTML") for an answer: the same content and wording as
// render-text.ts, split into messages that each stand alone when forwarded (the question, and
// above the clauses of each document its citation and warnings; each clause's heading is its
// path in the document, so citation and heading make the clause's full citation). Edge-safe.
import { sameConditions, type Answer, type AnswerClause, type AnswerDocument } from "./compose.js";
import { moreDocuments, type Coverage } from "./render-text.js";
import { statusLine } from "../shared/document-status.js";
import { clauseBlock, warningLines } from "./telegram-clause.js";
import { DISCLAIMER, escapeHtml, MESSAGE_LIMIT, shorten, visibleLength } from "./telegram-html.js";

export { DISCLAIMER, escapeHtml, MESSAGE_LIMIT, visibleLength } from "./telegram-html.js";
export { renderClauseFull } from "./telegram-clause.js";
export { renderDocumentCard, renderDocumentList } from "./telegram-documents.js";

/** The question is shown up to this many characters. */
const QUESTION_CHARS = 300;
const INLINE_TITLE_CHARS = 64;
const INLINE_DESCRIPTION_CHARS = 120;

/** Before the web page's address on the last line of an inline result (when PUBLIC_BASE_URL is set). */
export const WEB_LINE_LABEL = "网页：";

const NOTHING_FOUND = "没有找到与这个问题相关的政策条款。";
const REPHRASE = "可以换个说法再问，例如写出具体的支持事项（技术改造、贷款贴息、高新技术企业奖励）或所在城市。";

const questionLine = (query: string, continued = false) =>
  `问：${escapeHtml(shorten(query, QUESTION_CHARS))}${continued ? "（续）" : ""}`;

const size = (blocks: string[]) => visibleLength(blocks.join("\n\n"));

/** The opening blocks of a message: the question and the region note. */
function opening(answer: Answer, continued: boolean): string[] {
  const blocks = [questionLine(answer.query, continued)];
  if (answer.statusNote) blocks.push(escapeHtml(answer.statusNote));
  if (answer.regionNote) blocks.push(escapeHtml(answer.regionNote));
  if (answer.uncoveredNote) blocks.push(escapeHtml(answer.uncoveredNote));
  return blocks;
}

/** 【n】citation and the document's warnings. */
const documentHead = (doc: AnswerDocument, n: number) =>
  [`【${n}】${escapeHtml(doc.citation)}`, escapeHtml(statusLine(doc.status)), ...warningLines(doc.warnings)].join("\n");

/**
 * The answer as one or more messages. Messages are split only between clauses; a message
 * that continues the answer repeats the question (…（续）) and the document's citation and
 * warnings, and states in full the conditions a clause shares with one in the message before.
 * The last message ends with the disclaimer.
 */
export function renderAnswerMessages(answer: Answer): string[] {
  const documents = answer.documents.filter((d) => d.clauses.length > 0);
  if (documents.length === 0) return [[...opening(answer, false), NOTHING_FOUND, DISCLAIMER].join("\n\n")];
  const budget = MESSAGE_LIMIT - visibleLength(`\n\n${DISCLAIMER}`);
  const messages: string[][] = [];
  let blocks = opening(answer, false);
  let clausesIn = 0;
  documents.forEach((doc, i) => {
    const head = documentHead(doc, i + 1);
    let previous: AnswerClause | undefined;
    doc.clauses.forEach((clause, j) => {
      let lead = j === 0 ? [head] : [];
      let same = sameConditions(previous, clause);
      if (clausesIn > 0 && size([...blocks, ...lead, clauseBlock(clause, Infinity, { sameConditions: same })]) > budget) {
        messages.push(blocks);
        blocks = opening(answer, true);
        lead = [head];
        same = false;
        clausesIn = 0;
      }
      const room = budget - size([...blocks, ...lead]) - 2;
      blocks.push(...lead, clauseBlock(clause, room, { sameConditions: same }));
      previous = clause;
      clausesIn++;
    });
  });
  messages.push([...blocks, DISCLAIMER]);
  return messages.map((m) => m.join("\n\n"));
}

/** Nothing relevant found: say so, suggest a rephrasing, list the documents covered. */
export function renderNoAnswer(answer: Answer, coverage: Coverage): string {
  const head = [questionLine(answer.query), "", NOTHING_FOUND, REPHRASE, "", "目前收录的文件："].join("\n");
  const lines = [head];
  const count = coverage.documents.length;
  const total = coverage.total ?? count;
  const more = moreDocuments(total);
  for (const [i, d] of coverage.documents.entries()) {
    const line = `· ${escapeHtml(d)}`;
    // Room is kept for the "……等" line unless this is the library's last document.
    if (visibleLength([...lines, line, ...(i < total - 1 ? [more] : [])].join("\n")) > MESSAGE_LIMIT) {
      lines.push(more);
      return lines.join("\n");
    }
    lines.push(line);
  }
  // a library larger than the list
  if (total > count) lines.push(more);
  return lines.join("\n");
}

export interface InlineArticle {
  /** Plain text, at most 64 characters. */
  title: string;
  /** Plain text, at most 120 characters. */
  description: string;
  /** The message sent (parse_mode "HTML"). */
  html: string;
}

export interface InlineArticleOptions {
  /** The clause's web page: the message's last line, "网页：<link>" (it travels where buttons do not, e.g. pasted into WeChat). */
  link?: string;
}

/**
 * One clause of an answer as a self-contained inline result: heading (its path), conditions,
 * sentences, its document's citation and warnings, the disclaimer, and with `link` its web page.
 */
export function renderInlineArticle(answer: Answer, documentIndex: number, clauseIndex: number, { link }: InlineArticleOptions = {}): InlineArticle {
  const doc = answer.documents[documentIndex];
  const clause = doc?.clauses[clauseIndex];
  if (!clause) throw new RangeError(`no clause ${documentIndex}/${clauseIndex} in the answer`);
  const label = clause.heading.split(" › ").at(-1) ?? clause.heading;
  const tail = [DISCLAIMER, ...(link ? [`${WEB_LINE_LABEL}${escapeHtml(link)}`] : [])];
  const room = MESSAGE_LIMIT - visibleLength(`\n\n${tail.join("\n\n")}`);
  return {
    title: shorten(label, INLINE_TITLE_CHARS),
    description: shorten(clause.sentences[0] || clause.conditions.join("") || clause.citation, INLINE_DESCRIPTION_CHARS),
    html: [clauseBlock(clause, room, { source: { citation: doc.citation, warnings: doc.warnings, status: statusLine(doc.status) } }), ...tail].join("\n\n"),
  };
}
