// A long stretch of text without numbering — a 566-character preamble, a press release, a
// transcript — is not one clause: it is cut at sentence ends into passages of bounded size
// (第1段, 第2段, … under it), so that a question finds the sentences it is about and an
// answer can show them. Articles (第X条) stay whole: a statute article is the unit a law is
// cited by.
import type { ClauseNode } from "./tree.js";

/** A leaf longer than this is cut into passages… */
export const MAX_CLAUSE_CHARS = 500;
/** …of about this size (a sentence is never cut, so a passage may be longer). */
export const PASSAGE_CHARS = 300;

const SENTENCES = /[^。！？!?；;\n]*(?:[。！？!?；;\n]+|$)/gu;

export function splitLongLeaves(nodes: ClauseNode[]): void {
  for (const node of nodes) {
    if (node.children.length > 0) {
      splitLongLeaves(node.children);
      continue;
    }
    const text = node.paragraphs.join("\n");
    if (node.kind === "tiao" || text.length <= MAX_CLAUSE_CHARS) continue;
    const passages = cut(text);
    if (passages.length < 2) continue;
    node.paragraphs = [];
    node.children = passages.map((p, i) => ({ kind: "passage" as const, value: i + 1, label: `第${i + 1}段`, paragraphs: [p], children: [] }));
  }
}

function cut(text: string): string[] {
  const passages: string[] = [];
  let current = "";
  for (const sentence of text.match(SENTENCES) ?? []) {
    if (current && current.length + sentence.length > PASSAGE_CHARS) {
      passages.push(current.trim());
      current = "";
    }
    current += sentence;
  }
  if (current.trim()) passages.push(current.trim());
  return passages.filter((p) => p !== "");
}
