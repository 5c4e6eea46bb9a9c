// Plain text for the terminal (npm run ask): the same answer a chat user gets, without markup.
import type { Answer } from "./compose.js";

export interface Coverage {
  /** "《title》（地区）" lines of the documents the index holds. */
  documents: string[];
}

export function renderText(answer: Answer, coverage: Coverage): string {
  const lines: string[] = [`问：${answer.query}`, ""];
  if (!answer.answered) {
    lines.push("没有找到与这个问题相关的政策条款。");
    lines.push("可以换个说法再问，例如写出具体的支持事项（技术改造、贷款贴息、高新技术企业奖励）或所在城市。");
    lines.push("", "目前收录的文件：", ...coverage.documents.map((d) => `  · ${d}`));
    return lines.join("\n");
  }
  if (answer.regionNote) lines.push(answer.regionNote, "");
  if (answer.uncoveredNote) lines.push(answer.uncoveredNote, "");
  answer.documents.forEach((doc, i) => {
    lines.push(`【${i + 1}】${doc.citation}`);
    for (const w of doc.warnings) lines.push(`  ⚠ ${w}`);
    for (const clause of doc.clauses) {
      lines.push("", `  ${clause.heading}`);
      if (clause.conditions.length > 0) lines.push(`  适用条件：${clause.conditions.join("")}`);
      for (const s of clause.sentences) lines.push(`  · ${s}`);
      if (clause.trimmed) lines.push("  （条款其余内容从略）");
      lines.push(`  出处：${clause.citation}`);
    }
    lines.push("");
  });
  lines.push("以上内容摘自政策原文，仅供参考，不构成法律意见；申报前请以发文机关的最新规定为准。");
  return lines.join("\n");
}

export function coverageOf(documents: { title: string; region?: string; kind: string }[]): Coverage {
  return { documents: documents.map((d) => `《${d.title}》${d.region ? `（${d.region}，${d.kind}）` : `（${d.kind}）`}`) };
}
