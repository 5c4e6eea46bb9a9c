// /stats [days | from to]: questions asked, the share answered, and the most frequent
// questions that found nothing (they show which documents are missing), and, with a database,
// the feedback on answers: 👍/👎, the clauses with the most 👎 and why, the questions with a 👎.
// Days in China time.
import { escapeHtml } from "../../answer/telegram-html.js";
import { chinaDay, daysBetween, questionStats } from "../../manage/question-stats.js";
import { refusalCounts } from "../../manage/refusals.js";
import type { BlobStore } from "../../store/blob-store.js";
import type { Db } from "../../db/db.js";
import { feedbackStats, REASON_LABELS, type Reason } from "../../feedback/feedback.js";

export interface StatsPeriod {
  from: string;
  to: string;
}

/** "" → last 7 days; "30" → last 30 days; "2026-11-01 2026-11-20"; else undefined. */
export function statsPeriod(args: string, now: Date): StatsPeriod | undefined {
  const a = args.trim().normalize("NFKC");
  const today = chinaDay(now);
  const back = (days: number) => ({ from: chinaDay(new Date(now.getTime() - (days - 1) * 86_400_000)), to: today });
  if (a === "") return back(7);
  const days = /^(\d{1,3})\s*天?$/.exec(a);
  if (days) {
    const n = Number(days[1]);
    return n >= 1 && n <= 366 ? back(n) : undefined;
  }
  const range = /^(\d{4}-\d{2}-\d{2})\s+(\d{4}-\d{2}-\d{2})$/.exec(a);
  if (range && !Number.isNaN(Date.parse(range[1])) && !Number.isNaN(Date.parse(range[2])) && range[1] <= range[2]) {
    const span = (Date.parse(range[2]) - Date.parse(range[1])) / 86_400_000;
    return span <= 365 ? { from: range[1], to: range[2] } : undefined;
  }
  return undefined;
}

export interface FeedbackSource {
  db: Db;
  /** How a clause id is shown: its document and path, or the id of a clause the index no longer has. */
  describe: (clauseId: string) => string | Promise<string>;
}

/** A China day's start as an ISO instant; `next` the start of the day after. */
export const chinaDayStart = (day: string, next = false) => new Date(Date.parse(`${day}T00:00:00+08:00`) + (next ? 86_400_000 : 0)).toISOString();

const reasonsText = (reasons: Partial<Record<Reason, number>>) => {
  const parts = Object.entries(reasons).map(([r, n]) => `${REASON_LABELS[r as Reason]} ${n}`);
  return parts.length ? `：${parts.join("、")}` : "";
};

async function feedbackLines(source: FeedbackSource, period: StatsPeriod): Promise<string[]> {
  const f = await feedbackStats(source.db, chinaDayStart(period.from), chinaDayStart(period.to, true));
  if (f.up + f.down === 0) return ["", "回答评价：这段时间没有人点 👍 或 👎。"];
  const lines = ["", `回答评价：👍 ${f.up} 次，👎 ${f.down} 次。`];
  if (f.clauses.length > 0) {
    lines.push("", "被点 👎 最多的条款（原因）：");
    for (const [i, c] of f.clauses.entries()) lines.push(`${i + 1}. ${escapeHtml(await source.describe(c.clauseId))}（👎 ${c.down}次${escapeHtml(reasonsText(c.reasons))}）`);
  }
  if (f.questions.length > 0) {
    lines.push("", "被点 👎 的问题：");
    f.questions.forEach((q, i) => lines.push(`${i + 1}. ${escapeHtml(q.question)}（👎 ${q.down}次${escapeHtml(reasonsText(q.reasons))}）`));
  }
  return lines;
}

export async function renderStats(store: BlobStore, period: StatsPeriod, feedback?: FeedbackSource): Promise<string> {
  const s = await questionStats(store, period.from, period.to);
  const refused = Object.values(await refusalCounts(store, daysBetween(period.from, period.to)))
    .flatMap((day) => Object.values(day))
    .reduce((a, b) => a + b, 0);
  const lines = [`<b>使用统计</b>（${period.from} 至 ${period.to}，北京时间）`];
  const refusedLine = refused > 0 ? [`另有 ${refused} 次管理操作被拒绝（非管理员使用管理命令，或管理接口的令牌错误）。`] : [];
  const rated = feedback ? await feedbackLines(feedback, period) : [];
  if (s.asked === 0) return [...lines, "这段时间没有人提问。", ...rated, ...refusedLine].join("\n");
  lines.push(`提问 ${s.asked} 次，找到答案 ${s.answered} 次（${((100 * s.answered) / s.asked).toFixed(0)}%），没找到 ${s.asked - s.answered} 次。`);
  if (s.unanswered.length > 0) {
    lines.push("", "没找到答案的问题（最多前10个，可据此补充文件）：");
    s.unanswered.forEach((u, i) => lines.push(`${i + 1}. ${escapeHtml(u.question)}（${u.count}次）`));
  }
  lines.push(...rated);
  if (refusedLine.length) lines.push("", ...refusedLine);
  return lines.join("\n");
}
