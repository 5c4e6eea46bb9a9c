// Plain text for the terminal (npm run ask): the same answer a chat user gets, without markup.
// Each document's citation and warnings once, then each of its clauses by its path; the
// conditions a clause's parents set are stated once for the clauses they apply to. Lines are
// wrapped to the terminal's width with a hanging indent (a CJK character takes two columns).
import { SAME_CONDITIONS, sameConditions, type Answer } from "./compose.js";
import { TRIMMED_NOTE } from "./telegram-clause.js";
import { statusLine } from "../shared/document-status.js";
import { DISCLAIMER } from "./telegram-html.js";
import { displayWidth, terminalWidth, wrapText } from "./wrap.js";

export interface Coverage {
  /** "《title》（地区）" lines of the documents the index holds (the first of them, in a large library). */
  documents: string[];
  /** How many documents the library holds, when more than are listed. */
  total?: number;
}

export interface TextOptions {
  /** Columns per line: the terminal's width when output goes to one, else 80; Infinity: no wrapping. */
  width?: number;
}

/** Narrower terminals get lines of this many columns anyway. */
const MIN_WIDTH = 20;

export function renderText(answer: Answer, coverage: Coverage, { width = terminalWidth() }: TextOptions = {}): string {
  const columns = Math.max(MIN_WIDTH, width);
  const lines: string[] = [];
  const put = (text: string, first = "", rest = first) => lines.push(...(columns === Infinity ? [first + text] : wrapText(text, columns, { first, rest })));
  put(answer.query, "问：", "    ");
  lines.push("");
  if (!answer.answered) {
    put("没有找到与这个问题相关的政策条款。");
    put("可以换个说法再问，例如写出具体的支持事项（技术改造、贷款贴息、高新技术企业奖励）或所在城市。");
    lines.push("", "目前收录的文件：");
    for (const d of coverage.documents) put(d, "  · ", "    ");
    if ((coverage.total ?? 0) > coverage.documents.length) put(moreDocuments(coverage.total!), "  ");
    return lines.join("\n");
  }
  if (answer.statusNote) {
    put(answer.statusNote);
    lines.push("");
  }
  if (answer.regionNote) {
    put(answer.regionNote);
    lines.push("");
  }
  if (answer.uncoveredNote) {
    put(answer.uncoveredNote);
    lines.push("");
  }
  answer.documents.forEach((doc, i) => {
    const n = `【${i + 1}】`;
    put(doc.citation, n, " ".repeat(displayWidth(n)));
    put(statusLine(doc.status), "  ", "    ");
    for (const w of doc.warnings) put(w, "  ⚠ ", "    ");
    doc.clauses.forEach((clause, j) => {
      lines.push("");
      put(clause.heading, "  ", "    ");
      if (clause.conditions.length > 0) {
        if (sameConditions(doc.clauses[j - 1], clause)) put(SAME_CONDITIONS, "  ");
        else put(`适用条件：${clause.conditions.join("")}`, "  ", "    ");
      }
      for (const s of clause.sentences) put(s, "  · ", "    ");
      for (const d of clause.deadlines ?? []) put(d, "  ", "    ");
      if (clause.trimmed) put(TRIMMED_NOTE, "  ");
    });
    lines.push("");
  });
  put(DISCLAIMER);
  return lines.join("\n");
}

/** Documents an answer that found nothing lists, at most (then "……等共N份文件"). */
export const COVERAGE_LISTED = 50;

/** `total`: how many documents the library holds, when `documents` are only its first. */
export function coverageOf(documents: { title: string; region?: string; kind: string }[], total = documents.length): Coverage {
  return { documents: documents.map((d) => `《${d.title}》${d.region ? `（${d.region}，${d.kind}）` : `（${d.kind}）`}`), ...(total > documents.length ? { total } : {}) };
}

/** The line after a list cut short: "……等共95777份文件". */
export const moreDocuments = (total: number) => `……等共${total}份文件`;
