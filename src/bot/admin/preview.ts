// The preview an admin sees before 确认上线: detected metadata, clauses, what is missing,
// and the live documents it would replace.
import { chineseDate } from "../../answer/document-notes.js";
import { escapeHtml, fitLines, MESSAGE_LIMIT, shorten } from "../../answer/telegram-html.js";
import type { Pending } from "../../manage/pending.js";
import type { Preview } from "../../manage/upload.js";
import type { DocumentMeta } from "../../shared/schema.js";
import { documentStatus } from "../../shared/document-status.js";
import { FIELD_LABELS } from "./texts.js";

const FIRST_CLAUSES = 5;

export function renderPreview(pending: Pending, preview: Preview, fileBytes?: number): string {
  const doc = preview.ingested.document;
  const value = (field: keyof typeof FIELD_LABELS, text: string | undefined) => {
    if (text === undefined) return `${FIELD_LABELS[field]}：<i>未识别</i>`;
    const inferred = doc.inferred.find((i) => i.field === field);
    return `${FIELD_LABELS[field]}：${escapeHtml(text)}${inferred ? `（${escapeHtml(shorten(inferred.from, 60))}）` : ""}`;
  };
  const clauses = preview.ingested.clauses;
  const lines = [
    "<b>上传预览</b>（还没有上线）",
    `文件：${escapeHtml(pending.fileName)}（${pending.kind.toUpperCase()}${fileBytes ? `，${Math.max(1, Math.round(fileBytes / 1024))} KB` : ""}）`,
    value("title", `《${doc.title}》`),
    value("docNumber", doc.docNumber),
    value("issuer", doc.issuer),
    value("region", doc.region),
    value("date", doc.date && chineseDate(doc.date)),
    value("kind", doc.kind),
    ...(doc.period ? [value("period", doc.period)] : []),
    ...(doc.status ? [value("status", documentStatus(doc, new Date()).badge)] : []),
    "",
    `识别出 ${clauses.length} 条条款，前${Math.min(FIRST_CLAUSES, clauses.length)}条：`,
    ...clauses.slice(0, FIRST_CLAUSES).map((c) => `· ${escapeHtml(shorten([...c.path, c.label].join(" › "), 80))}`),
  ];
  if (preview.missing.length > 0)
    lines.push("", `未能确定：${preview.missing.map((f) => FIELD_LABELS[f]).join("、")}。可发送 /edit 字段 值 补充，例如 /edit ${FIELD_LABELS[preview.missing[0]]} …`);
  else lines.push("", "如需更正，发送 /edit 字段 值，例如 /edit 文号 …");
  for (const note of pending.notes) lines.push(`提示：${escapeHtml(note)}`);
  if (preview.duplicates.length > 0) {
    lines.push("", "⚠ 已收录文号或标题相同的文件：", ...preview.duplicates.map((d) => `· ${describe(d)}`));
    lines.push("点“替换旧文件并上线”，新文件会取代它；点“作为新文件上线”，两份都保留。");
  }
  return fitLines(lines, MESSAGE_LIMIT);
}

export const describe = (d: DocumentMeta) =>
  `《${escapeHtml(d.title)}》${d.docNumber ? ` ${escapeHtml(d.docNumber)}` : ""}${d.date ? ` ${chineseDate(d.date)}` : ""}（id <code>${escapeHtml(d.id)}</code>）`;
