// /deadlines: the application deadlines and windows the library's clauses state, the soonest
// upcoming first (a recurring one by its next date), then the newest past one-off ones, and how
// many are upcoming in all; each with what is due, the clause's citation and its document's
// status. Which ones are shown is worked out from the clauses' deadlines alone, so that a library
// of a million clauses (thousands of deadlines) reads only the shown ones' clauses and documents.
// Edge-safe.
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

/**
 * Upcoming deadlines listed at most (the soonest): a province's library states thousands, which
 * would be hundreds of messages (Telegram sends about one a second to a chat). The rest are
 * counted, with the ways to find the ones that matter: ask, or subscribe to a topic.
 */
export const UPCOMING_SHOWN = 20;

/** What /deadlines shows: the soonest upcoming deadlines, then the newest past one-off ones, and how many are upcoming in all. */
export interface DeadlineList {
  /** At most UPCOMING_SHOWN upcoming (by next date), then at most PAST_SHOWN past (newest first). */
  entries: DeadlineEntry[];
  /** Upcoming deadlines in the library in all (shown or not). */
  upcoming: number;
}

/** A deadline with its next date, before its citation and status are looked up. */
export interface DatedDeadline {
  deadline: Deadline;
  date: string;
  past: boolean;
  clauseId: string;
}

/** The library's deadlines as /deadlines shows them. */
export function libraryDeadlines(index: LoadedIndex, now: Date): DeadlineList {
  const clauses = allClauses(index.db);
  const byId = new Map(clauses.map((c) => [c.id, c]));
  const { picked, upcoming } = pickDeadlines(clauses, now);
  return { entries: deadlineEntries(picked, (id) => byId.get(id), (docId) => {
    const meta = index.documentsById.get(docId);
    return meta && { meta, library: index.documentsById };
  }, now), upcoming };
}

/**
 * Which deadlines a list shows, from the clauses' ids and deadlines alone (no document is read):
 * upcoming ones by their next date (a recurring one by its next day), then past one-off ones
 * newest first; ties by clause id.
 */
export function pickDeadlines(clauses: Iterable<Pick<StoredClause, "id" | "deadlines">>, now: Date): { picked: DatedDeadline[]; upcoming: number } {
  const today = chinaDay(now);
  const all: DatedDeadline[] = [];
  for (const clause of clauses) {
    for (const deadline of clause.deadlines ?? []) {
      const { date, past } = nextDate(deadline, today);
      all.push({ deadline, date, past, clauseId: clause.id });
    }
  }
  const upcoming = all.filter((e) => !e.past).sort((a, b) => a.date.localeCompare(b.date) || a.clauseId.localeCompare(b.clauseId));
  const past = all.filter((e) => e.past).sort((a, b) => b.date.localeCompare(a.date) || a.clauseId.localeCompare(b.clauseId));
  return { picked: [...upcoming.slice(0, UPCOMING_SHOWN), ...past.slice(0, PAST_SHOWN)], upcoming: upcoming.length };
}

/** The picked deadlines with their clauses' citations and their documents' statuses (among `library`); one whose clause or document is missing is left out. */
export function deadlineEntries(
  picked: DatedDeadline[],
  clauseOf: (id: string) => StoredClause | undefined,
  documentOf: (docId: string) => { meta: DocumentMeta; library: ReadonlyMap<string, DocumentMeta> } | undefined,
  now: Date,
): DeadlineEntry[] {
  return picked.flatMap((p) => {
    const clause = clauseOf(p.clauseId);
    const found = clause && documentOf(clause.docId);
    if (!clause || !found) return [];
    return [{ ...p, citation: clauseCitation(found.meta, clause.path, clause.label), status: documentStatus(found.meta, now, found.library).badge }];
  });
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

/** The /deadlines messages for a list (libraryDeadlines'). */
export function renderDeadlineEntries(list: DeadlineList, now: Date): string[] {
  if (list.entries.length === 0) return ["收录的文件里没有找到写明申报、报送期限的条款。"];
  const upcoming = list.entries.filter((e) => !e.past);
  const past = list.entries.filter((e) => e.past);
  const blocks: string[] = [`<b>申报和报送期限</b>（今天是${cnDay(chinaDay(now))}）`];
  if (upcoming.length > 0) blocks.push(list.upcoming > upcoming.length ? `<b>即将到来</b>（共${list.upcoming}个，这里是最近的${upcoming.length}个）` : "<b>即将到来</b>", ...upcoming.map(entryHtml));
  else blocks.push("目前没有即将到来的期限。");
  if (list.upcoming > upcoming.length)
    blocks.push(`另有${list.upcoming - upcoming.length}个即将到来的期限没有列出。想知道某项政策的期限，可以直接问，例如“技改补贴什么时候申报”；也可以发 /subscribe 主题词 订阅，期限临近（7天内）时我会提醒你。`);
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
