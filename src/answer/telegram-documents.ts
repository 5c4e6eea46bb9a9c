// The documents as Telegram HTML: the card of one (来源文件) and the list of all (/docs).
import type { DocumentMeta } from "../shared/schema.js";
import { documentStatus, statusLine } from "../shared/document-status.js";
import { chineseDate, documentCitation, documentWarnings, FIELD_NAMES as NAMES } from "./document-notes.js";

const FIELD_NAMES: Record<string, string> = NAMES;
import { warningLines } from "./telegram-clause.js";
import { escapeHtml, fitLines, MESSAGE_LIMIT, shorten, visibleLength } from "./telegram-html.js";


/** Reasons for inferred values are cut to this many characters on the card. */
const REASON_CHARS = 200;

const isInferred = (doc: DocumentMeta, field: string) => doc.inferred.some((i) => i.field === field);

/** A value with （推断） when inferred. */
const marked = (doc: DocumentMeta, field: string, value: string) => escapeHtml(value) + (isInferred(doc, field) ? "（推断）" : "");

/** "2018-2020" → "2018—2020年". */
const periodText = (period: string) => `${period.replace("-", "—")}年`;

function fieldLine(doc: DocumentMeta, field: string, value: string | undefined): string {
  return `${FIELD_NAMES[field]}：${value === undefined ? "未注明" : marked(doc, field, value)}`;
}

/** 来源文件: every field of the document, inferred ones marked, its warnings and source file. */
export function renderDocumentCard(doc: DocumentMeta, now: Date): string {
  const lines = [
    "<b>来源文件</b>",
    fieldLine(doc, "title", `《${doc.title}》`),
    fieldLine(doc, "docNumber", doc.docNumber),
    fieldLine(doc, "issuer", doc.issuer),
    fieldLine(doc, "region", doc.region),
    fieldLine(doc, "date", doc.date && chineseDate(doc.date)),
    fieldLine(doc, "kind", doc.kind),
  ];
  if (doc.period) lines.push(fieldLine(doc, "period", periodText(doc.period)));
  const status = documentStatus(doc, now);
  lines.push(`状态：${escapeHtml(status.badge)}`, ...status.parts.map((p) => `· ${escapeHtml(p.label)}：${escapeHtml(shorten(p.from, REASON_CHARS))}`));
  lines.push(...warningLines(documentWarnings(doc, now)), `原文文件：${escapeHtml(doc.source)}`);
  return fitLines([...lines, ...reasonLines(doc)], MESSAGE_LIMIT);
}

function reasonLines(doc: DocumentMeta): string[] {
  if (doc.inferred.length === 0) return [];
  const reasons = doc.inferred.map((i) => `· ${FIELD_NAMES[i.field] ?? escapeHtml(i.field)}：${escapeHtml(shorten(i.from, REASON_CHARS))}`);
  return ["", "推断依据：", ...reasons];
}

/** /docs: every document as a numbered compact card, in as many messages as needed. */
/** `ids`: each card also shows the document id (for admins: /remove takes it). */
export function renderDocumentList(docs: DocumentMeta[], now: Date, { ids = false, total = docs.length } = {}): string[] {
  if (docs.length === 0) return ["知识库里还没有收录政策文件。"];
  const header = (cont: boolean) => `<b>收录的政策文件（共${total}份）${cont ? "（续）" : ""}</b>`;
  const room = MESSAGE_LIMIT - visibleLength(header(true)) - 2;
  const messages: string[][] = [];
  let current = [header(false)];
  docs.forEach((doc, i) => {
    const card = compactCard(doc, i + 1, now, room, ids);
    if (current.length > 1 && visibleLength([...current, card].join("\n\n")) > MESSAGE_LIMIT) {
      messages.push(current);
      current = [header(true)];
    }
    current.push(card);
  });
  // a library larger than the list: say so where the list ends
  if (total > docs.length) {
    const more = `……以上是前${docs.length}份，共${total}份文件。直接提问即可查到其余文件的条款。`;
    if (visibleLength([...current, more].join("\n\n")) > MESSAGE_LIMIT) {
      messages.push(current);
      current = [header(true)];
    }
    current.push(more);
  }
  return [...messages, current].map((m) => m.join("\n\n"));
}

function compactCard(doc: DocumentMeta, n: number, now: Date, room: number, withId: boolean): string {
  const details = [
    doc.region ? marked(doc, "region", doc.region) : undefined,
    marked(doc, "kind", doc.kind),
    doc.period ? `有效期${marked(doc, "period", periodText(doc.period))}` : undefined,
  ].filter((d) => d !== undefined);
  const lines = [`${n}. ${escapeHtml(shorten(documentCitation(doc), room - 10))}`, details.join(" · "), escapeHtml(statusLine(documentStatus(doc, now))), ...warningLines(documentWarnings(doc, now))];
  if (withId) lines.push(`id：<code>${escapeHtml(doc.id)}</code>`);
  return fitLines(lines, room);
}
