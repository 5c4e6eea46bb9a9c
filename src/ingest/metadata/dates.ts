// Dates as printed in Chinese documents, to ISO as precise as the text allows.
import { numeralValue } from "../clauses/numerals.js";

const ARABIC = /(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?/u;
// 〇 is also printed as ○ (a circle): 「二○二三年十月」
const CHINESE = /([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月(?:\s*([一二三四五六七八九十]{1,3})\s*日)?/u;
const ISO = /(\d{4})-(\d{1,2})(?:-(\d{1,2}))?/;

const pad = (n: number) => String(n).padStart(2, "0");
const chineseYear = (y: string) => [...y].map((c) => numeralValue(c === "〇" || c === "○" ? "零" : c)).join("");

/** "2017年1月20日" → "2017-01-20"; "二〇一七年一月" → "2017-01"; "2024-05" → "2024-05". */
export function toIsoDate(text: string): string | undefined {
  let m = ARABIC.exec(text);
  let parts: [string, number, number | undefined] | undefined;
  if (m) parts = [m[1], Number(m[2]), m[3] ? Number(m[3]) : undefined];
  else if ((m = CHINESE.exec(text))) parts = [chineseYear(m[1]), numeralValue(m[2]), m[3] ? numeralValue(m[3]) : undefined];
  else if ((m = ISO.exec(text))) parts = [m[1], Number(m[2]), m[3] ? Number(m[3]) : undefined];
  if (!parts) return undefined;
  const [year, month, day] = parts;
  if (month < 1 || month > 12 || (day !== undefined && (day < 1 || day > 31))) return undefined;
  return day === undefined ? `${year}-${pad(month)}` : `${year}-${pad(month)}-${pad(day)}`;
}
