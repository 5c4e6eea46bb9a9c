// Text without line structure: many real documents arrive as one long line (a web page
// scraped flat, PDF text without breaks), their numbering inside it —
// "…制定如下措施: 一、有序去库存，积极消化存量住房（一）推行购房优惠补贴政策。…（二）…二、…".
// A paragraph is cut before each numbering token that opens an item of a counted sequence:
// a token counts only where it follows a sentence end, a colon, a closing parenthesis, a
// space, or a short heading of the item just opened; and only tokens that count 1, 2, 3… in their kind are kept (a
// "三、" or "第五条" cited in a sentence is not a sequence). The pieces then go through the
// clause tree like any other paragraphs.
import { CN_NUMERAL, numeralValue } from "./numerals.js";

interface Candidate {
  kind: string;
  index: number;
  value: number;
  length: number;
}

const INLINE: { kind: string; re: RegExp }[] = [
  { kind: "zhang", re: new RegExp(`第(${CN_NUMERAL}|\\d+)章`, "gu") },
  { kind: "tiao", re: new RegExp(`第(${CN_NUMERAL}|\\d+)条`, "gu") },
  { kind: "cn", re: new RegExp(`(${CN_NUMERAL})[、．]`, "gu") },
  { kind: "cnParen", re: new RegExp(`[(（](${CN_NUMERAL})[)）]`, "gu") },
  { kind: "num", re: /(?<![\d.])(\d{1,2})(?:[、．]|\.(?![\d]))/gu },
  { kind: "numParen", re: /[(（](\d{1,2})[)）]/gu },
];

/** What may come right before a numbering token that opens an item (a closing parenthesis: "…(责任单位:…)(三)…"). */
const OPENS = /(?:^|[\s。！？!?；;：:)）])$/u;
/** A heading just opened: what lies between it and a child's token (no sentence end, short). */
const MAX_HEADING_GAP = 40;
/** Items of one sequence are at least this far apart ("一、二、三级" is not three items). */
const MIN_ITEM_CHARS = 4;
/** Paragraphs shorter than this are left alone: a line of their own already has its numbering. */
const MIN_RUN_ON_CHARS = 120;

export function splitRunOn(paragraph: string): string[] {
  if (paragraph.length < MIN_RUN_ON_CHARS) return [paragraph];
  const quoted = quotedSpans(paragraph);
  const candidates: Candidate[] = [];
  for (const { kind, re } of INLINE) {
    for (const m of paragraph.matchAll(re)) {
      const value = numeralValue(m[1]);
      if (!Number.isFinite(value) || value < 1 || quoted.some(([a, b]) => m.index! > a && m.index! < b)) continue;
      candidates.push({ kind, index: m.index!, value, length: m[0].length });
    }
  }
  candidates.sort((a, b) => a.index - b.index);

  const accepted: Candidate[] = [];
  const expected = new Map<string, number>();
  const lastOf = new Map<string, Candidate>();
  for (const c of candidates) {
    const before = paragraph.slice(0, c.index);
    const previous = accepted[accepted.length - 1];
    const opens =
      OPENS.test(before) ||
      (previous !== undefined && c.index - (previous.index + previous.length) <= MAX_HEADING_GAP && !/[。！？!?]/u.test(paragraph.slice(previous.index, c.index)));
    if (!opens) continue;
    const next = expected.get(c.kind) ?? 1;
    // a new run of a kind starts at 1 under another kind's item; otherwise it counts on
    const restarts = c.value === 1 && previous !== undefined && previous.kind !== c.kind;
    if (c.value !== next && !restarts && !(c.index === 0 && !expected.has(c.kind))) continue;
    const last = lastOf.get(c.kind);
    if (last && c.index - last.index < MIN_ITEM_CHARS + last.length) continue;
    accepted.push(c);
    lastOf.set(c.kind, c);
    expected.set(c.kind, c.value + 1);
  }
  // a kind seen once is no sequence (a lone "一、" or "第三条" in a sentence)
  const counts = new Map<string, number>();
  for (const c of accepted) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  const cuts = accepted.filter((c) => (counts.get(c.kind) ?? 0) >= 2 && c.index > 0).map((c) => c.index);
  if (cuts.length === 0) return [paragraph];
  const pieces: string[] = [];
  let from = 0;
  for (const at of cuts) {
    pieces.push(paragraph.slice(from, at).trim());
    from = at;
  }
  pieces.push(paragraph.slice(from).trim());
  return pieces.filter((p) => p !== "");
}

/** Spans inside 《…》 and inside a citation's parentheses (…〔2024〕34号): no item opens there. */
function quotedSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(/《[^《》]*》|[(（][^()（）]*〔\d{4}〕[^()（）]*[)）]/gu)) spans.push([m.index!, m.index! + m[0].length]);
  return spans;
}
