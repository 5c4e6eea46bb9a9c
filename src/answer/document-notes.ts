// What a reader must know about a document before relying on a clause from it: a draft, a
// work report, missing text, a stated period that has passed, metadata that was inferred.
import type { DocumentMeta } from "../shared/schema.js";

export function documentWarnings(doc: DocumentMeta, now: Date): string[] {
  const warnings: string[] = [];
  if (doc.kind === "征求意见稿") warnings.push("本文件是征求意见稿，不是正式生效的政策，最终内容以正式印发文件为准");
  if (doc.kind === "工作汇报") warnings.push("本文件是工作汇报，记述的是工作情况和计划，不是可以申请的政策条款");
  if (doc.incomplete) warnings.push(`原文不完整：${doc.incomplete.note}`);
  const end = doc.period ? Number(doc.period.slice(-4)) : undefined;
  if (end !== undefined && end < now.getUTCFullYear()) warnings.push(`文件所定期限为${doc.period!.replace("-", "—")}年，已经过期`);
  return warnings;
}

const inferred = (doc: DocumentMeta, field: string) => doc.inferred.some((i) => i.field === field);
const mark = (doc: DocumentMeta, field: string, value: string) => (inferred(doc, field) ? `${value}（推断）` : value);

/** "2017-01-20" → "2017年1月20日". */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${y}年` + (m ? `${Number(m)}月` : "") + (d ? `${Number(d)}日` : "");
}

/** 《title》 文号 · issuer · date — inferred values marked as such. */
export function documentCitation(doc: DocumentMeta): string {
  const parts = [mark(doc, "title", `《${doc.title}》`) + (doc.docNumber ? ` ${mark(doc, "docNumber", doc.docNumber)}` : "")];
  if (doc.issuer) parts.push(mark(doc, "issuer", doc.issuer));
  if (doc.date) parts.push(mark(doc, "date", chineseDate(doc.date)));
  return parts.join(" · ");
}

/** The full citation of a clause: 《title》 文号 · issuer · date › path › label. */
export function clauseCitation(doc: DocumentMeta, path: string[], label: string): string {
  return [documentCitation(doc), ...path, label].join(" › ");
}

/** The document's metadata fields as a reader calls them. */
export const FIELD_NAMES = {
  title: "标题",
  docNumber: "文号",
  issuer: "发文机关",
  region: "地区",
  date: "日期",
  kind: "类型",
  period: "有效期",
  status: "状态",
} as const satisfies Record<string, string>;
