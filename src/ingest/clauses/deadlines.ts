// Application deadlines and windows in a clause's text, as structured data: a date
// (「截止2024年5月31日」, 「2023年3月1日前提交」, 「2024年3月底前」), a recurring date (「每年6月30日前报送」
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

interface Rule {
  re: RegExp;
  read: (m: RegExpExecArray) => Omit<Deadline, "words" | "action" | "what"> | undefined;
}

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
];

/** The deadlines a clause's text states, in text order. */
export function extractDeadlines(text: string): Deadline[] {
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
        const read = rule.read(m as RegExpExecArray);
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

