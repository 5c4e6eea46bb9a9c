// What a deadline a clause states (src/ingest/clauses/deadlines.ts) means today: the next day
// it falls on (a recurring one's next date; a one-off past deadline stays past), and how it
// reads in Chinese. Edge-safe.
import type { Deadline } from "./schema.js";

const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const iso = (y: number, m: number, d: number | undefined) => `${y}-${pad(m)}-${pad(d ?? lastDay(y, m))}`;

const CN_QUARTER_ENDS = [3, 6, 9, 12];

/** The next day a deadline falls on, on or after `today` ("2026-11-29"); for a past one-off deadline, its day. */
export function nextDate(deadline: Deadline, today: string): { date: string; past: boolean } {
  const y = Number(today.slice(0, 4));
  const mo = Number(today.slice(5, 7));
  switch (deadline.kind) {
    case "date":
      return { date: deadline.date, past: deadline.date < today };
    case "window":
      return deadline.to < today ? { date: deadline.to, past: true } : { date: deadline.to, past: false };
    case "yearly": {
      const day = (year: number) => iso(year, deadline.month, Math.min(deadline.day, lastDay(year, deadline.month)));
      return { date: day(y) >= today ? day(y) : day(y + 1), past: false };
    }
    case "monthly": {
      const day = (year: number, month: number) => iso(year, month, Math.min(deadline.day, lastDay(year, month)));
      const next = mo === 12 ? day(y + 1, 1) : day(y, mo + 1);
      return { date: day(y, mo) >= today ? day(y, mo) : next, past: false };
    }
    case "quarterly": {
      const q = CN_QUARTER_ENDS.find((m) => iso(y, m, undefined) >= today);
      return { date: q ? iso(y, q, undefined) : iso(y + 1, 3, undefined), past: false };
    }
  }
}

/** A deadline in words: 「2024年5月31日前」, 「每年6月30日前」, 「2024年3月1日至4月30日」. */
/** Said after a date whose year the text left out. */
export const YEAR_FROM_DOCUMENT = "（原文未写年份，按发文日期推定）";

export function deadlineText(d: Deadline): string {
  const cn = (isoDay: string) => `${Number(isoDay.slice(0, 4))}年${Number(isoDay.slice(5, 7))}月${Number(isoDay.slice(8, 10))}日`;
  switch (d.kind) {
    case "date":
      return `${cn(d.date)}前${d.yearFrom ? YEAR_FROM_DOCUMENT : ""}`;
    case "window":
      return `${cn(d.from)}至${cn(d.to)}${d.yearFrom ? YEAR_FROM_DOCUMENT : ""}`;
    case "yearly":
      return `每年${d.month}月${d.day}日前`;
    case "monthly":
      return `每月${d.day}日前`;
    case "quarterly":
      return "每季度末前";
  }
}

/** 「期限：每年6月30日前（报送统计报表）」: a deadline as shown with its clause. */
export const deadlineLine = (d: Deadline) => `期限：${deadlineText(d)}（${d.what}）`;

/** Today in China: "2026-11-29". */
export const chinaDay = (now: Date) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
