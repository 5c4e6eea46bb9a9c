// A document's status as a reader needs it with every answer: 有效 / 已过期 / 征求意见稿 /
// 工作计划或汇报 / 已废止 / 被《…》〔文号〕替代, each part with the words it came from. What does
// not depend on today was read at build time (DocumentMeta.status, src/ingest/metadata/status.ts);
// whether the last day has passed is decided here, against `now` (tests pass a date); that a
// later document of the library repeals this one is found over the library given.
import type { DocumentMeta } from "./schema.js";

export type StatusLabel = "有效" | "已过期" | "征求意见稿" | "工作计划或汇报" | "已废止" | string;

export interface StatusPart {
  label: StatusLabel;
  /** The words it came from. */
  from: string;
}

export interface DocumentStatus {
  /** "有效", or the parts joined: "征求意见稿 · 已过期", "被《…》〔2020〕3号替代". */
  badge: string;
  /** 有效: none of the parts below applies. */
  current: boolean;
  parts: StatusPart[];
  /** The last day it covers or is valid, when known: "2017-03-31". */
  until?: string;
  /** The live document that repeals it. */
  replacedBy?: { id: string; title: string; docNumber?: string };
}

/** Today in China, where the documents' readers are: "2026-11-29". */
const chinaDay = (now: Date) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

const repealIndex = new WeakMap<ReadonlyMap<string, DocumentMeta>, Map<string, { by: DocumentMeta; from: string }>>();

/** Documents of the library named as repealed by another: keyed by 文号 and by title. */
function repealsIn(library: ReadonlyMap<string, DocumentMeta>) {
  let index = repealIndex.get(library);
  if (!index) {
    index = new Map();
    for (const by of library.values()) {
      for (const r of by.status?.repeals ?? []) {
        if (r.docNumber) index.set(`n:${r.docNumber}`, { by, from: r.from });
        index.set(`t:${r.title}`, { by, from: r.from });
      }
    }
    repealIndex.set(library, index);
  }
  return index;
}

export function documentStatus(doc: DocumentMeta, now: Date, library?: ReadonlyMap<string, DocumentMeta>): DocumentStatus {
  const parts: StatusPart[] = [];
  const facts = doc.status ?? {};
  const result: Omit<DocumentStatus, "badge" | "current" | "parts"> = {};

  const repeal = library
    ? [doc.docNumber && repealsIn(library).get(`n:${doc.docNumber}`), repealsIn(library).get(`t:${doc.title}`)].find(
        (r): r is { by: DocumentMeta; from: string } => !!r && r.by.id !== doc.id,
      )
    : undefined;
  if (repeal) {
    const { by } = repeal;
    parts.push({ label: `被《${by.title}》${by.docNumber ?? ""}替代`, from: `《${by.title}》${repeal.from}` });
    result.replacedBy = { id: by.id, title: by.title, ...(by.docNumber ? { docNumber: by.docNumber } : {}) };
  } else if (facts.repealed) {
    parts.push({ label: "已废止", from: facts.repealed.from });
  }

  if (doc.kind === "征求意见稿") {
    const word = /征求意见稿|征求意见|送审稿|意见稿|草案|公示/u.exec(doc.title)?.[0];
    parts.push({ label: "征求意见稿", from: inferredFrom(doc, "kind") ?? facts.draft?.from ?? (word ? `标题中的“${word}”` : "类型为征求意见稿") });
  }
  const genre = facts.genre ?? (doc.kind === "工作汇报" ? { value: "工作汇报", from: inferredFrom(doc, "kind") ?? "类型为工作汇报" } : undefined);
  if (genre) parts.push({ label: "工作计划或汇报", from: `${genre.value}：${genre.from}` });

  const fromPeriod = doc.period ? `${doc.period.slice(-4)}-12-31` : undefined;
  const until =
    fromPeriod && facts.until?.value !== fromPeriod
      ? { value: fromPeriod, from: inferredFrom(doc, "period") ?? `有效期“${doc.period}”` }
      : facts.until;
  if (until) {
    result.until = until.value;
    if (until.value < chinaDay(now)) parts.push({ label: "已过期", from: `${until.from}：期限至${until.value}` });
  }

  const shown = parts.some((p) => p.label === "已废止" || p.label.startsWith("被《")) ? parts.slice(0, 1) : parts;
  return { badge: shown.length ? shown.map((p) => p.label).join(" · ") : "有效", current: parts.length === 0, parts, ...result };
}

function inferredFrom(doc: DocumentMeta, field: string) {
  return doc.inferred.find((i) => i.field === field)?.from;
}

/** The badge as a line: 「状态：有效」. */
export const statusLine = (status: DocumentStatus) => `状态：${status.badge}`;

/**
 * The first line of an answer drawn only from documents that are not current (expired,
 * drafts, plans or reports, repealed): undefined when any shown document is current.
 */
export function notCurrentNote(statuses: DocumentStatus[]): string | undefined {
  if (statuses.length === 0 || statuses.some((s) => s.current)) return undefined;
  const labels = [...new Set(statuses.flatMap((s) => s.parts.map((p) => (p.label.startsWith("被《") ? "已被替代" : p.label))))];
  return `注意：以下条款都来自${labels.join("、")}的文件，没有现行有效的文件，请核实现行政策后再办理。`;
}
