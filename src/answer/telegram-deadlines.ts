// /deadlines: every application deadline and window the library's clauses state, upcoming
// first (a recurring one by its next date), past one-off deadlines last; each with what is due,
// the clause's citation and its document's status. Edge-safe.
import { allClauses, type StoredClause } from "../search/db.js";
import type { LoadedIndex } from "../search/load-index.js";
import { chinaDay, deadlineText, nextDate } from "../shared/deadlines.js";
import { documentStatus } from "../shared/document-status.js";
import type { Deadline, DocumentMeta } from "../shared/schema.js";
import { clauseCitation } from "./document-notes.js";
import { escapeHtml, MESSAGE_LIMIT, shorten, visibleLength } from "./telegram-html.js";

export interface DeadlineEntry {
  deadline: Deadline;
  /** The next day it falls on (a past one-off: its day). */
  date: string;
  past: boolean;
  clauseId: string;
  citation: string;
  status: string;
}

/** Past one-off deadlines shown at most (the newest). */
const PAST_SHOWN = 5;

/** The library's deadlines, upcoming first by next date, then past ones newest first. */
export function libraryDeadlines(index: LoadedIndex, now: Date): DeadlineEntry[] {
  return deadlineEntries(allClauses(index.db), (docId) => {
    const meta = index.documentsById.get(docId);
    return meta && { meta, library: index.documentsById };
  }, now);
}

/** The deadlines of these clauses (those that state none are passed over), each with its document's status among `library`. */
export function deadlineEntries(clauses: Iterable<StoredClause>, documentOf: (docId: string) => { meta: DocumentMeta; library: ReadonlyMap<string, DocumentMeta> } | undefined, now: Date): DeadlineEntry[] {
  const today = chinaDay(now);
  const entries: DeadlineEntry[] = [];
  for (const clause of clauses) {
    if (!clause.deadlines?.length) continue;
    const found = documentOf(clause.docId);
    if (!found) continue;
    const doc = found.meta;
    const status = documentStatus(doc, now, found.library).badge;
    for (const deadline of clause.deadlines) {
      const { date, past } = nextDate(deadline, today);
      entries.push({ deadline, date, past, clauseId: clause.id, citation: clauseCitation(doc, clause.path, clause.label), status });
    }
  }
  const upcoming = entries.filter((e) => !e.past).sort((a, b) => a.date.localeCompare(b.date) || a.clauseId.localeCompare(b.clauseId));
  const past = entries.filter((e) => e.past).sort((a, b) => b.date.localeCompare(a.date) || a.clauseId.localeCompare(b.clauseId));
  return [...upcoming, ...past];
}

const cnDay = (iso: string) => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

function entryHtml(e: DeadlineEntry): string {
  const recurring = e.deadline.kind === "yearly" || e.deadline.kind === "monthly" || e.deadline.kind === "quarterly";
  const when = recurring ? `<b>${cnDay(e.date)}</b>（${deadlineText(e.deadline)}）` : `<b>${escapeHtml(deadlineText(e.deadline))}</b>`;
  return [`· ${when}：${escapeHtml(e.deadline.what)}`, `  出处：${escapeHtml(shorten(e.citation, 200))}`, `  状态：${escapeHtml(e.status)}`].join("\n");
}

/** The /deadlines messages for the index. */
export function renderDeadlines(index: LoadedIndex, now: Date): string[] {
  return renderDeadlineEntries(libraryDeadlines(index, now), now);
}

/** The /deadlines messages for these entries (libraryDeadlines' order). */
export function renderDeadlineEntries(entries: DeadlineEntry[], now: Date): string[] {
  if (entries.length === 0) return ["收录的文件里没有找到写明申报、报送期限的条款。"];
  const upcoming = entries.filter((e) => !e.past);
  const past = entries.filter((e) => e.past).slice(0, PAST_SHOWN);
  const blocks: string[] = [`<b>申报和报送期限</b>（今天是${cnDay(chinaDay(now))}）`];
  if (upcoming.length > 0) blocks.push("<b>即将到来</b>", ...upcoming.map(entryHtml));
  else blocks.push("目前没有即将到来的期限。");
  if (past.length > 0) blocks.push(`<b>已过去的期限</b>（最近${past.length}个）`, ...past.map(entryHtml));
  blocks.push("期限摘自条款原文，办理前请以原文和主管部门通知为准。");
  const messages: string[][] = [];
  let current: string[] = [];
  for (const b of blocks) {
    if (current.length > 0 && visibleLength([...current, b].join("\n")) > MESSAGE_LIMIT) {
      messages.push(current);
      current = [];
    }
    current.push(b);
  }
  return [...messages, current].map((m) => m.join("\n"));
}
