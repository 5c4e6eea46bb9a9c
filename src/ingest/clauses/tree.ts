// Builds the clause tree from the body's paragraphs. Numbering kinds are not given fixed
// levels (documents skip and reorder them); instead a stack of open headings decides:
// a kind already open is a sibling of that heading (and closes what is below it), a kind
// not open yet is a child of the innermost heading. An article (第X条) is a leaf: the
// items inside it stay its text.
import type { ClauseKind } from "../../shared/schema.js";
import { splitHeading } from "./heading.js";
import { splitInlineEnumeration } from "./inline.js";
import { splitLongLeaves } from "./passages.js";
import { splitRunOn } from "./run-on.js";
import type { Layout } from "./layout.js";
import { DIVISION_KINDS, readNumbering, type Numbering } from "./numbering.js";

export interface ClauseNode {
  kind: ClauseKind;
  value: number;
  label: string;
  paragraphs: string[];
  children: ClauseNode[];
}

export const PREAMBLE_LABEL = "前言";
export const NOTICE_LABEL = "发布说明";
export const ATTACHMENT_LABEL = "附件";

/** "降低企业用电成本:优化电力…": an unnumbered item named by a short phrase and a colon. */
const COLON_ITEM = /^([\p{Script=Han}、]{2,16})[:：](.{10,})$/u;

export function buildTree(layout: Layout): ClauseNode[] {
  const top: ClauseNode[] = [];
  if (layout.notice && layout.notice.paragraphs.length > 0) {
    top.push(leaf("preamble", NOTICE_LABEL, layout.notice.paragraphs));
  }
  let preamble: ClauseNode | undefined;
  const stack: ClauseNode[] = [];

  const attach = (node: ClauseNode, depth: number) => {
    stack.length = depth;
    (depth === 0 ? top : stack[depth - 1].children).push(node);
    stack.push(node);
  };

  for (const paragraph of layout.body.flatMap(splitRunOn)) {
    const numbering = readNumbering(paragraph);
    const depth = numbering ? placement(stack, numbering) : undefined;
    if (numbering && depth !== undefined) {
      attach(numberedNode(numbering, paragraph.slice(numbering.token.length)), depth);
      continue;
    }
    const colon = COLON_ITEM.exec(paragraph);
    const innermost = stack[stack.length - 1];
    if (colon && innermost && innermost.kind !== "tiao") {
      const depth = innermost.kind === "colon" ? stack.length - 1 : stack.length;
      attach(leaf("colon", colon[1], [colon[2].trim()]), depth);
      continue;
    }
    if (innermost) {
      innermost.paragraphs.push(paragraph);
    } else {
      if (!preamble) top.push((preamble = leaf("preamble", PREAMBLE_LABEL, [])));
      preamble.paragraphs.push(paragraph);
    }
  }
  if (layout.attachments.length > 0) top.push(leaf("attachment", ATTACHMENT_LABEL, layout.attachments));
  top.forEach(splitInlineItems);
  splitLongLeaves(top);
  return top;
}

/** The stack depth at which a numbered paragraph opens a clause, or undefined for body text. */
function placement(stack: ClauseNode[], n: Numbering): number | undefined {
  const innermost = stack[stack.length - 1];
  const division = DIVISION_KINDS.has(n.kind) || n.kind === "tiao";
  if (innermost?.kind === "tiao" && !division) return undefined;
  let open = -1;
  for (let d = stack.length - 1; d >= 0; d--) {
    if (stack[d].kind === n.kind) {
      open = d;
      break;
    }
  }
  if (open < 0) return division ? belowHigherDivision(stack, n.kind) : stack.length;
  const previous = stack[open].value;
  if (n.kind === "dash" || n.value > previous) return open;
  return undefined; // "1、" again where "3、" is open: a number inside body text
}

/** Statute divisions rank 编 > 章 > 节 > 条: a new one closes everything of lower rank. */
const DIVISION_RANK: Partial<Record<ClauseKind, number>> = { bian: 0, zhang: 1, jie: 2, tiao: 3 };

function belowHigherDivision(stack: ClauseNode[], kind: ClauseKind): number {
  const rank = DIVISION_RANK[kind]!;
  for (let d = stack.length - 1; d >= 0; d--) {
    const r = DIVISION_RANK[stack[d].kind];
    if (r !== undefined && r < rank) return d + 1;
  }
  return 0;
}

function numberedNode(n: Numbering, rest: string): ClauseNode {
  const { title, body } = splitHeading(n.kind, rest);
  const joiner = DIVISION_KINDS.has(n.kind) && title ? " " : "";
  return {
    kind: n.kind,
    value: n.value,
    label: n.token + joiner + title,
    paragraphs: body ? [body] : [],
    children: [],
  };
}

function leaf(kind: ClauseKind, label: string, paragraphs: string[]): ClauseNode {
  return { kind, value: 0, label, paragraphs: [...paragraphs], children: [] };
}

/** A leaf whose text enumerates "一是…。二是…。" becomes a heading with one child per item. */
function splitInlineItems(node: ClauseNode) {
  node.children.forEach(splitInlineItems);
  if (node.children.length > 0 || node.kind === "tiao" || node.kind === "preamble") return;
  const split = splitInlineEnumeration(node.paragraphs.join("\n"));
  if (!split) return;
  node.paragraphs = split.leadIn ? [split.leadIn] : [];
  node.children = split.items.map((item) => ({
    kind: "shi" as const,
    value: item.value,
    label: item.token + item.title,
    paragraphs: item.body ? [item.body] : [],
    children: [],
  }));
}
