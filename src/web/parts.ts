// Pieces several pages show: a document's status in a few words, its warnings, a list entry.
import { documentWarnings } from "../answer/document-notes.js";
import type { DocumentMeta } from "../shared/schema.js";
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

export const warningsOf = (doc: DocumentMeta, now: Date): Html[] => documentWarnings(doc, now).map((w) => h`<p class="warning">⚠ ${w}</p>`);

/** 《title》 with a link to its page, then region, year and status. */
export function documentItem(doc: DocumentMeta, now: Date): Html {
  const details = [doc.region, doc.date ? `${doc.date.slice(0, 4)}年` : undefined, statusOf(doc, now)].filter((d): d is string => !!d);
  return h`<li><a href="${documentPath(doc.id)}">《${doc.title}》</a><br><span class="muted">${details.join(" · ")}</span></li>`;
}
