// A numbered paragraph is either a heading ("1、支持工业企业实施技术改造"), a heading
// followed by its body on the same line ("(一)抓好产业发展,筑牢工业经济主支撑。落实…"),
// or body text that merely starts with a number ("2、建立政府性融资担保机构…,引导…力度。").
import type { NumberingKind } from "./numbering.js";

/** A heading is one short sentence; anything longer is body text. */
export const MAX_TITLE_CHARS = 30;
/** A paragraph with no sentence end still reads as a heading up to this length. */
export const MAX_BARE_HEADING_CHARS = 40;

export interface HeadingSplit {
  /** Heading words after the numbering token, without the final stop ("" when none). */
  title: string;
  /** Body text that follows the heading on the same line. */
  body: string;
}

const SENTENCE_END = /[。！？；]/u;

export function splitHeading(kind: NumberingKind, rest: string): HeadingSplit {
  const text = rest.replace(/^[\s:：]+/, "").trim();
  if (kind === "tiao") return { title: "", body: text };
  if (kind === "bian" || kind === "zhang" || kind === "jie") return { title: text, body: "" };

  const end = text.search(SENTENCE_END);
  if (end < 0) {
    const bare = text.replace(/[:：]$/, "");
    return bare.length <= MAX_BARE_HEADING_CHARS ? { title: bare, body: "" } : { title: "", body: text };
  }
  const first = text.slice(0, end);
  if (first.length <= MAX_TITLE_CHARS && !/[:：]/.test(first)) {
    return { title: first, body: text.slice(end + 1).trim() };
  }
  return { title: "", body: text };
}
