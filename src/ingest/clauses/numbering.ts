// The numbering levels of Chinese policy and legal text, as they open a paragraph.
import { CN_NUMERAL, numeralValue } from "./numerals.js";

export type NumberingKind =
  | "bian" // 第一编
  | "zhang" // 第一章
  | "jie" // 第一节
  | "tiao" // 第一条
  | "cn" // 一、
  | "cnParen" // (一) （一）
  | "num" // 1、 1. 1．
  | "numParen" // (1) （1）
  | "circled" // ①
  | "dash" // ——
  | "shi"; // 一是 (inline enumeration, see inline.ts)

export interface Numbering {
  kind: NumberingKind;
  /** The numbering token as written: "一、", "(一)", "第五十四条", "——". */
  token: string;
  /** Its value (1-based), or 0 for unnumbered items such as "——". */
  value: number;
}

interface Pattern {
  kind: NumberingKind;
  re: RegExp;
}

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

const PATTERNS: Pattern[] = [
  { kind: "bian", re: new RegExp(`^第(${CN_NUMERAL}|\\d+)编(?=\\s|$|\\S)`) },
  { kind: "zhang", re: new RegExp(`^第(${CN_NUMERAL}|\\d+)章(?=\\s|$|\\S)`) },
  { kind: "jie", re: new RegExp(`^第(${CN_NUMERAL}|\\d+)节(?=\\s|$|\\S)`) },
  { kind: "tiao", re: new RegExp(`^第(${CN_NUMERAL}|\\d+)条(?:之[一二三四五六七八九十]+)?`) },
  { kind: "cn", re: new RegExp(`^(${CN_NUMERAL})[、．]`) },
  { kind: "cnParen", re: new RegExp(`^[(（](${CN_NUMERAL})[)）]`) },
  { kind: "num", re: /^(\d{1,2})(?:[、．]|\.(?!\d))/ },
  { kind: "numParen", re: /^[(（](\d{1,2})[)）]/ },
  { kind: "circled", re: new RegExp(`^([${CIRCLED}])`) },
  { kind: "dash", re: /^(?:——|－－|--)(?=\S)/ },
];

/** The numbering that opens a paragraph, if any. */
export function readNumbering(paragraph: string): Numbering | undefined {
  for (const { kind, re } of PATTERNS) {
    const m = re.exec(paragraph);
    if (!m) continue;
    const token = m[0];
    if (token.length === paragraph.trim().length && kind !== "tiao") return undefined; // a bare "一、"
    const value = kind === "dash" ? 0 : kind === "circled" ? CIRCLED.indexOf(m[1]) + 1 : numeralValue(m[1]);
    if (Number.isNaN(value)) continue;
    return { kind, token, value };
  }
  return undefined;
}

/** Structural divisions of a statute: an article (条) is a leaf, its items stay inside it. */
export const DIVISION_KINDS: ReadonlySet<NumberingKind> = new Set(["bian", "zhang", "jie"]);
