// Application deadlines and windows in a clause's text, as structured data: a date
// (「截止2024年5月31日」, 「2023年3月1日前提交」, 「2024年3月底前」; 「3月10日前报送」 in the year the sentence
// or the document gives, 「申报时间为11月1日至次年1月15日」), a recurring date (「每年6月30日前报送」
// every year 06-30, 「每月10日前」, 「每季度末前」), or a window (「申报时间为2024年3月1日至4月30日」).
// Only where the sentence says what is due (申报, 申请, 报送, 提交, 受理, 报名…): a 时序进度 or a
// validity period (「有效期至…」, the document's status) is not an application deadline.
// Edge-safe (admins' uploads are ingested in the worker).
import type { Deadline } from "../../shared/schema.js";

const ACTION = /申报|申请|报送|提交|受理|报名|送交|报备|上报|备案|兑付|认定|领取|结算|报(?=[市县区省州人])/u;
const DATE = String.raw`(\d{4})年(\d{1,2})月(?:(\d{1,2})日|(底|末))`;
const LATER = String.raw`(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日|(底|末))`;

const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const iso = (y: number, m: number, d: number | undefined) => `${y}-${pad(m)}-${pad(d ?? lastDay(y, m))}`;
const valid = (y: number, m: number, d?: number) => m >= 1 && m <= 12 && (d === undefined || (d >= 1 && d <= lastDay(y, m)));

// a month and day without a year, not part of 「2024年3月」, 「每年3月」 or 「每月」: 「3月31日前」, 「截止6月底」
const NO_YEAR = String.raw`(?<![\d年每])(\d{1,2})月(?:(\d{1,2})日|(底|末))`;

interface Rule {
  re: RegExp;
  read: (m: RegExpExecArray, year: YearOf) => Omit<Deadline, "words" | "action" | "what"> | undefined;
}

/** The year a month and day without one fall in (the document's), or undefined when unknown. */
type YearOf = (month: number, day: number | undefined) => number | undefined;

const RULES: Rule[] = [
  // a window: 申报时间为2024年3月1日至4月30日, 从2022年8月31日起至2023年1月15日
  {
    re: new RegExp(String.raw`(?:从|自|于)?${DATE}(?:\(含\)|（含）)?起?\s*(?:至|到|—|–|-|~|～)\s*${LATER}(?:\(含\)|（含）)?止?`, "gu"),
    read: (m) => {
      const [y1, m1, d1] = [Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined];
      const y2 = m[5] ? Number(m[5]) : y1;
      const [m2, d2] = [Number(m[6]), m[7] ? Number(m[7]) : undefined];
      if (!valid(y1, m1, d1) || !valid(y2, m2, d2)) return undefined;
      const from = iso(y1, m1, d1 ?? 1);
      const to = iso(y2, m2, d2);
      return from <= to ? { kind: "window", from, to } : undefined;
    },
  },
  // every year: 每年6月30日前, 每年3月底前, 每年12月31日之前
  {
    re: /每年(\d{1,2})月(?:(\d{1,2})日|(底|末))(?:\(含\)|（含）)?(?:前|之前|以前)/gu,
    read: (m) => {
      const [month, day] = [Number(m[1]), m[2] ? Number(m[2]) : undefined];
      if (!valid(2024, month, day)) return undefined;
      return { kind: "yearly", month, day: day ?? lastDay(2023, month) };
    },
  },
  // every month: 每月10日前
  {
    re: /每月(\d{1,2})日(?:前|之前|以前)/gu,
    read: (m) => (Number(m[1]) >= 1 && Number(m[1]) <= 31 ? { kind: "monthly", day: Number(m[1]) } : undefined),
  },
  // every quarter: 每季度末前, 于每季度结束前
  { re: /每(?:个)?季度(?:末|结束)(?:前|之前)/gu, read: () => ({ kind: "quarterly" }) },
  // one date: 截止2024年5月31日, 截止时间为…, 截至…, 2023年3月1日前提交, 2024年3月底前
  {
    re: new RegExp(String.raw`(?:截止|截至)(?:日期|时间)?(?:调整为|为|是|到|于|至)?\s*${DATE}|${DATE}(?:\(含\)|（含）)?(?:前|之前|以前|止)`, "gu"),
    read: (m) => {
      const [y, mo, d] = m[1] ? [Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined] : [Number(m[5]), Number(m[6]), m[7] ? Number(m[7]) : undefined];
      return valid(y, mo, d) ? { kind: "date", date: iso(y, mo, d) } : undefined;
    },
  },
  // without a year (the document's year, or the next when that day is before the document's date): 申报时间为5月1日至5月31日
  {
    re: new RegExp(String.raw`(?:从|自|于)?${NO_YEAR}(?:\(含\)|（含）)?起?\s*(?:至|到|—|–|-|~|～)\s*(?:次年|翌年)?(\d{1,2})月(?:(\d{1,2})日|(底|末))(?:\(含\)|（含）)?止?`, "gu"),
    read: (m, yearOf) => {
      const [m1, d1, m2, d2] = [Number(m[1]), m[2] ? Number(m[2]) : undefined, Number(m[4]), m[5] ? Number(m[5]) : undefined];
      const y1 = yearOf(m1, d1 ?? 1);
      if (y1 === undefined) return undefined;
      const y2 = m2 < m1 ? y1 + 1 : y1;
      if (!valid(y1, m1, d1) || !valid(y2, m2, d2)) return undefined;
      const from = iso(y1, m1, d1 ?? 1);
      const to = iso(y2, m2, d2);
      return from <= to ? { kind: "window", from, to, yearFrom: "document" } : undefined;
    },
  },
  // 截止3月31日, 10月15日前报送
  {
    re: new RegExp(String.raw`(?:截止|截至)(?:日期|时间)?(?:调整为|为|是|到|于|至)?\s*${NO_YEAR}|${NO_YEAR}(?:\(含\)|（含）)?(?:前|之前|以前|止)`, "gu"),
    read: (m, yearOf) => {
      const [mo, d] = m[1] ? [Number(m[1]), m[2] ? Number(m[2]) : undefined] : [Number(m[4]), m[5] ? Number(m[5]) : undefined];
      const y = yearOf(mo, d);
      return y !== undefined && valid(y, mo, d) ? { kind: "date", date: iso(y, mo, d), yearFrom: "document" } : undefined;
    },
  },
];

/**
 * The year of a month and day a document states without one: the document's year, or the next
 * one when that day comes before the document's date (a deadline is stated ahead of itself).
 * Unknown without the document's year.
 */
export function documentYear(documentDate: string | undefined): YearOf {
  const year = documentDate ? Number(documentDate.slice(0, 4)) : NaN;
  if (!Number.isFinite(year)) return () => undefined;
  const month = documentDate!.length >= 7 ? Number(documentDate!.slice(5, 7)) : undefined;
  const day = documentDate!.length >= 10 ? Number(documentDate!.slice(8, 10)) : 1;
  return (m, d) => (month !== undefined && (m < month || (m === month && (d ?? 31) < day)) ? year + 1 : year);
}

/** The deadlines a clause's text states, in text order; `documentDate` gives a year to a month and day without one. */
export function extractDeadlines(text: string, documentDate?: string): Deadline[] {
  const yearOf = documentYear(documentDate);
  const found: (Deadline & { at: number; end: number })[] = [];
  for (const sentence of sentencesOf(text)) {
    if (/有效期|时序进度/u.test(sentence.text) && !ACTION.test(sentence.text)) continue;
    const action = ACTION.exec(sentence.text)?.[0];
    if (!action) continue;
    for (const rule of RULES) {
      for (const m of sentence.text.matchAll(rule.re)) {
        const at = sentence.at + m.index!;
        const end = at + m[0].length;
        if (found.some((f) => at < f.end && end > f.at)) continue; // a window's end is not a second deadline
        // a period of validity or of execution is the document's status, not a deadline
        if (/有效期|执行期限|实施期限/u.test(sentence.text.slice(Math.max(0, m.index! - 8), m.index!))) continue;
        // a month and day without a year take the year the sentence stated last before them (not 「2024年度」, a
        // year of reference: its projects are due the year after), else the document's
        const stated = [...sentence.text.slice(0, m.index!).matchAll(/(\d{4})年(?!度)/gu)].at(-1)?.[1];
        const read = rule.read(m as RegExpExecArray, stated ? () => Number(stated) : yearOf);
        if (read && stated && "yearFrom" in read) delete read.yearFrom;
        if (!read) continue;
        found.push({ ...read, action, what: dueWhat(sentence.text, action), words: m[0], at, end } as Deadline & { at: number; end: number });
      }
    }
  }
  return found.sort((a, b) => a.at - b.at).map(({ at: _at, end: _end, ...d }) => d as Deadline);
}

/** The part of the sentence that says what is due: from the action word to the next comma, at most 24 characters. */
function dueWhat(sentence: string, action: string): string {
  const i = sentence.indexOf(action);
  const rest = sentence.slice(i).split(/[,，;；:：。]/u)[0];
  return [...rest].slice(0, 24).join("");
}

function sentencesOf(text: string): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  const re = /[^。；;！!？?\n]+/gu;
  for (const m of text.normalize("NFKC").matchAll(re)) out.push({ text: m[0], at: m.index! });
  return out;
}

