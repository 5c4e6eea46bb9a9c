// One clause as Telegram HTML: the block of an answer (heading, conditions, key sentences;
// the document's citation is stated once above its clauses, or under the clause when it stands
// alone) cut to fit when needed, and the whole clause for 查看原文, in parts if long.
import type { SearchHit } from "../search/engine.js";
import type { DocumentMeta } from "../shared/schema.js";
import { SAME_CONDITIONS, type AnswerClause } from "./compose.js";
import { clauseCitation, documentWarnings } from "./document-notes.js";
import { documentStatus, statusLine } from "../shared/document-status.js";
import { bold, capPieces, escapeHtml, MESSAGE_LIMIT, sentencePieces, shorten, visibleLength } from "./telegram-html.js";

export const TRIMMED_NOTE = "（条款其余内容从略）";
export const CUT_NOTE = "（条款较长，其余内容请点“查看原文”）";

export const warningLines = (warnings: string[]) => warnings.map((w) => `⚠ ${escapeHtml(w)}`);

/** "出处：…" followed by the document's warnings, as lines. */
export const sourceLines = (citation: string, warnings: string[] = [], status?: string) => [
  `出处：${escapeHtml(citation)}`,
  ...(status ? [escapeHtml(status)] : []),
  ...warningLines(warnings),
];

export interface BlockOptions {
  /** The clause before it in the same message and document stated the same conditions: "适用条件：同上". */
  sameConditions?: boolean;
  /** A clause standing alone (an inline result): its document's citation and warnings under it. */
  source?: { citation: string; warnings: string[]; status?: string };
}

interface ClauseParts {
  conditions: string;
  sentences: string[];
  note?: string;
}

function clauseHtml(clause: AnswerClause, { conditions, sentences, note }: ClauseParts, { sameConditions = false, source }: BlockOptions): string {
  const lines = [bold(clause.heading)];
  if (sameConditions && clause.conditions.length > 0) lines.push(SAME_CONDITIONS);
  else if (conditions) lines.push(`适用条件：${escapeHtml(conditions)}`);
  for (const s of sentences) lines.push(`· ${escapeHtml(s)}`);
  for (const d of clause.deadlines ?? []) lines.push(escapeHtml(d));
  if (note) lines.push(note);
  if (source) lines.push(...sourceLines(source.citation, source.warnings, source.status));
  return lines.join("\n");
}

/**
 * A clause of an answer within `room` visible characters: whole if it fits, else its key
 * sentences cut at a sentence boundary (and, as a last resort, the first sentence and the
 * conditions shortened). The heading and the citation (with `source`) are never cut.
 */
export function clauseBlock(clause: AnswerClause, room = Infinity, options: BlockOptions = {}): string {
  const conditions = clause.conditions.join("");
  const whole = clauseHtml(clause, { conditions, sentences: clause.sentences, note: clause.trimmed ? TRIMMED_NOTE : undefined }, options);
  return visibleLength(whole) <= room ? whole : cutClause(clause, conditions, room, options);
}

function cutClause(clause: AnswerClause, conditions: string, room: number, options: BlockOptions): string {
  const html = (p: ClauseParts) => clauseHtml(clause, p, options);
  const parts = (sentences: string[], c = conditions): ClauseParts => ({ conditions: c, sentences, note: CUT_NOTE });
  const kept: string[] = [];
  for (const s of clause.sentences) {
    if (visibleLength(html(parts([...kept, s]))) > room) break;
    kept.push(s);
  }
  if (kept.length > 0) return html(parts(kept));
  // Not even one sentence fits: shorten the conditions, then the first sentence.
  const over = visibleLength(html(parts([]))) - room;
  const shortConditions = over > 0 ? shorten(conditions, conditions.length - over - 1) : conditions;
  const spare = room - visibleLength(html(parts([], shortConditions))) - 3;
  const first = clause.sentences[0];
  return html(parts(first && spare > 10 ? [shorten(first, spare)] : [], shortConditions));
}

const EMPTY_TEXT = "（本条款只有标题，没有正文）";
/** Widest part label, reserved while packing. */
const LABEL_ROOM = "（第999/共999部分）";

interface Piece {
  context: boolean;
  text: string;
}

/**
 * 查看原文: the whole clause — heading, the lead-in of its parents (上级条款), its full text,
 * citation and warnings — in as many messages as it takes, cut at sentence ends, each part
 * labelled and carrying the citation.
 */
export function renderClauseFull(hit: SearchHit, doc: DocumentMeta | undefined, now: Date, library?: ReadonlyMap<string, DocumentMeta>): string[] {
  const heading = [...hit.path, hit.label].join(" › ");
  const citation = doc ? clauseCitation(doc, hit.path, hit.label) : [`《${hit.title}》`, ...hit.path, hit.label].join(" › ");
  const source = sourceLines(citation, doc ? documentWarnings(doc, now) : [], doc ? statusLine(documentStatus(doc, now, library)) : undefined).join("\n");
  const render = (label: string, pieces: Piece[]) => clausePart(heading, label, pieces, source);
  const pieceMax = MESSAGE_LIMIT - visibleLength(render(LABEL_ROOM, [])) - 20;
  const text = hit.text.trim() ? hit.text : EMPTY_TEXT;
  const pieces = [
    ...capPieces(sentencePieces(hit.context), pieceMax).map((t) => ({ context: true, text: t })),
    ...capPieces(sentencePieces(text), pieceMax).map((t) => ({ context: false, text: t })),
  ];
  const parts = packPieces(pieces, (p) => visibleLength(render(LABEL_ROOM, p)) <= MESSAGE_LIMIT);
  if (parts.length === 1) return [render("", parts[0])];
  return parts.map((p, i) => render(`（第${i + 1}/共${parts.length}部分）`, p));
}

function packPieces(pieces: Piece[], fits: (part: Piece[]) => boolean): Piece[][] {
  const parts: Piece[][] = [];
  let current: Piece[] = [];
  for (const piece of pieces) {
    if (current.length > 0 && !fits([...current, piece])) {
      parts.push(current);
      current = [];
    }
    current.push(piece);
  }
  return [...parts, current];
}

function clausePart(heading: string, label: string, pieces: Piece[], source: string): string {
  const blocks = [label ? `${bold(heading)}\n${label}` : bold(heading)];
  const context = pieces.filter((p) => p.context).map((p) => p.text).join("").trim();
  const text = pieces.filter((p) => !p.context).map((p) => p.text).join("").trim();
  if (context) blocks.push(`<blockquote>上级条款：${escapeHtml(context)}</blockquote>`);
  if (text) blocks.push(escapeHtml(text));
  return [...blocks, source].join("\n\n");
}
