// The parts of a document's status that do not depend on today, read at build time from its
// title and text, each with the words it came from: a work plan (「2019年…工作要点」) or a work
// report; the last day it covers (a quarter, half or year in the title: 「2017年一季度」; a
// period 「(2018-2020)」; 「有效期…年」 counted from 「自…起施行」; 「有效期至…」); the day it
// takes effect; and the earlier documents its text repeals (「原《…》同时废止」). Whether the
// last day has passed is decided when answering (src/answer/status.ts), against today.
import type { DocumentMeta, StatusFacts } from "../../shared/schema.js";

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : s.length === 2 && s[0] === "十" ? 10 + CN_DIGITS[s[1]] : CN_DIGITS[s] ?? NaN);
const pad = (n: number) => String(n).padStart(2, "0");
const day = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

const QUARTER = /(\d{4})年(?:第)?([一二三四1-4])季度/u;
const HALF = /(\d{4})年(上|下)半年/u;
const YEAR_PLAN = /(\d{4})年.{0,20}?(工作要点|工作计划|工作安排|工作任务)/u;
const PLAN = /工作要点|工作计划|工作安排/u;
const REPORT = /汇报|工作报告|情况的报告|工作总结/u;
const PERIOD = /[(（]\s*(\d{4})\s*[-—–~～至]\s*(\d{4})\s*年?\s*[)）]/u;
const DATE = String.raw`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`;
const EFFECTIVE = new RegExp(String.raw`自\s*${DATE}\s*起(?:施行|执行|实施|生效)`, "u");
const VALID_YEARS = /有效期(?:为)?([一二两三四五六七八九十\d]{1,2})年/u;
const VALID_UNTIL = new RegExp(String.raw`有效期(?:至|到|截至|截止到?|截止至)\s*${DATE}`, "u");
/** 「有效期为2024年6月1日至2025年5月31日」: the second date (its year may be left out). */
const VALID_SPAN = new RegExp(String.raw`有效期(?:为|是)?\s*${DATE}\s*(?:起)?(?:至|到|—|–|-|~|～)\s*(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`, "u");
const REPEALS = /原(?:印发的)?《([^《》]{4,80})》\s*[(（]?\s*([\p{Script=Han}]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号)?\s*[)）]?\s*(?:同时|即行|自行)?(?:废止|停止执行|不再执行)/gu;

/** The status facts of a document from its title and body text (undefined when there are none). */
export function extractStatusFacts(meta: Pick<DocumentMeta, "title" | "kind" | "period">, titles: string, body: string): StatusFacts | undefined {
  const facts: StatusFacts = {};
  const title = meta.title;
  const inTitle = (words: string) => `标题中的“${words}”`;

  if (meta.kind === "征求意见稿") {
    const m = /征求意见稿|征求意见|送审稿|意见稿|草案|公示/u.exec(titles);
    facts.draft = { from: m ? inTitle(m[0]) : "类型为征求意见稿" };
  }
  if (meta.kind === "工作汇报") {
    const m = REPORT.exec(titles) ?? REPORT.exec(title);
    facts.genre = { value: "工作汇报", from: m ? inTitle(m[0]) : "类型为工作汇报" };
  } else {
    const m = PLAN.exec(title);
    if (m) facts.genre = { value: "工作计划", from: inTitle(m[0]) };
  }

  const quarter = QUARTER.exec(title);
  const half = HALF.exec(title);
  const yearPlan = YEAR_PLAN.exec(title);
  const period = PERIOD.exec(titles);
  if (quarter) {
    const y = Number(quarter[1]);
    const q = num(quarter[2]);
    facts.until = { value: day(y, q * 3, lastDay(y, q * 3)), from: inTitle(quarter[0]) };
  } else if (half) {
    const y = Number(half[1]);
    facts.until = { value: half[2] === "上" ? day(y, 6, 30) : day(y, 12, 31), from: inTitle(half[0]) };
  } else if (yearPlan) {
    facts.until = { value: day(Number(yearPlan[1]), 12, 31), from: inTitle(yearPlan[0]) };
  } else if (period) {
    facts.until = { value: day(Number(period[2]), 12, 31), from: inTitle(period[0]) };
  }

  const effective = EFFECTIVE.exec(body);
  if (effective) facts.effective = { value: day(Number(effective[1]), Number(effective[2]), Number(effective[3])), from: `正文“${effective[0]}”` };
  const until = VALID_UNTIL.exec(body);
  const span = VALID_SPAN.exec(body);
  const years = VALID_YEARS.exec(body);
  if (span) {
    const y = Number(span[4] ?? span[1]);
    facts.until = { value: day(y, Number(span[5]), Number(span[6])), from: `正文“${span[0]}”` };
  } else if (until) {
    facts.until = { value: day(Number(until[1]), Number(until[2]), Number(until[3])), from: `正文“${until[0]}”` };
  } else if (years && effective) {
    const n = num(years[1]);
    const start = new Date(Date.UTC(Number(effective[1]), Number(effective[2]) - 1, Number(effective[3])));
    const end = new Date(Date.UTC(start.getUTCFullYear() + n, start.getUTCMonth(), start.getUTCDate() - 1));
    facts.until = { value: end.toISOString().slice(0, 10), from: `正文“${effective[0]}”“${years[0]}”` };
  }

  const repeals = [...body.matchAll(REPEALS)].map((m) => ({
    title: m[1],
    ...(m[2] ? { docNumber: m[2].replace(/\s+/g, "").replace(/[\[［(（]/u, "〔").replace(/[\]］)）]/u, "〕") } : {}),
    from: `正文“${m[0].trim()}”`,
  }));
  if (repeals.length > 0) facts.repeals = repeals;

  return Object.keys(facts).length > 0 ? facts : undefined;
}
