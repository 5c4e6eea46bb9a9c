// Pieces several pages show: a document's status in a few words, its warnings, a list entry.
import { documentWarnings } from "../answer/document-notes.js";
import { documentStatus, type DocumentStatus } from "../shared/document-status.js";
import type { DocumentMeta } from "../shared/schema.js";
import type { Holdings } from "./library.js";
import { h, type Html } from "./html.js";
import { documentPath } from "./links.js";

/** "2018-2020" → "2018—2020年". */
export const periodText = (period: string) => `${period.replace("-", "—")}年`;

/** A document's status in a few words: its kind, and whether its text is incomplete or its period has passed. */
export function statusOf(doc: DocumentMeta, now: Date): string {
  const parts: string[] = [doc.kind];
  if (doc.incomplete) parts.push("原文不完整");
  if (doc.period) {
    const passed = Number(doc.period.slice(-4)) < now.getUTCFullYear();
    parts.push(`有效期${periodText(doc.period)}${passed ? "，已过期" : ""}`);
  }
  return parts.join("，");
}

/** The status badge: 「状态：有效」, 「状态：征求意见稿 · 已过期」, with the words each part came from as a title. */
export function badgeOf(doc: DocumentMeta, now: Date, library?: ReadonlyMap<string, DocumentMeta>): Html {
  const status = documentStatus(doc, now, library);
  return statusBadge(status);
}

export const statusBadge = (status: DocumentStatus): Html =>
  h`<p class="status">状态：<strong>${status.badge}</strong>${status.parts.length ? h`<span class="muted">（${status.parts.map((p) => `${p.label}：${p.from}`).join("；")}）</span>` : ""}</p>`;

export const warningsOf = (doc: DocumentMeta, now: Date): Html[] => documentWarnings(doc, now).map((w) => h`<p class="warning">⚠ ${w}</p>`);

/** 《title》 with a link to its page, then region, year and status. */
export function documentItem(doc: DocumentMeta, now: Date): Html {
  const details = [doc.region, doc.date ? `${doc.date.slice(0, 4)}年` : undefined, statusOf(doc, now)].filter((d): d is string => !!d);
  return h`<li><a href="${documentPath(doc.id)}">《${doc.title}》</a><br><span class="muted">${details.join(" · ")}</span></li>`;
}

/** Regions named in a summary line; more are counted ("等 N 个地区"). */
const REGIONS_NAMED = 10;

/** "共 5 份文件；涉及…；发文年份2015—2024年；正式文件3份、…" */
export function holdingsSummary(held: Holdings): string[] {
  const years = held.years ? (held.years[0] === held.years[1] ? `${held.years[0]}年` : `${held.years[0]}—${held.years[1]}年`) : undefined;
  const regions =
    held.regions.length > REGIONS_NAMED ? `涉及${held.regions.slice(0, REGIONS_NAMED).join("、")}等 ${held.regions.length} 个地区` : held.regions.length ? `涉及${held.regions.join("、")}` : undefined;
  return [`共 ${held.documents} 份文件`, regions, years ? `发文年份${years}` : undefined, held.kinds.map((k) => `${k.kind}${k.count}份`).join("、")].filter(
    (s): s is string => !!s,
  );
}

/** The newest documents as a list (`shown`, at most a few: a page stays light however large the library grows) of the library's `total`. */
export function documentList(shown: DocumentMeta[], total: number, now: Date): Html {
  return h`<ul class="documents">
${shown.map((d) => documentItem(d, now))}
</ul>
${shown.length < total ? h`<p class="muted">以上是最新的 ${shown.length} 份，其余 ${total - shown.length} 份可以直接提问查找。</p>
` : ""}`;
}
