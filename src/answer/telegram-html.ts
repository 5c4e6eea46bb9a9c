// Telegram HTML (parse_mode "HTML") building blocks: escaping, the length Telegram counts,
// shortening without breaking a character, and cutting text at sentence ends. Edge-safe.

/** Telegram allows 4096 UTF-16 units of visible text per message; we keep a margin. */
export const MESSAGE_LIMIT = 4000;

/** The closing line of every answer (same wording as render-text.ts). */
export const DISCLAIMER = "以上内容摘自政策原文，仅供参考，不构成法律意见；申报前请以发文机关的最新规定为准。";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ENTITIES[c]);
}

/** The length Telegram counts: tags removed, each entity one character, in UTF-16 units. */
export function visibleLength(html: string): number {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi, decodeEntity)
    .length;
}

function decodeEntity(entity: string): string {
  const numeric = /^&#(x?)([0-9a-f]+);$/i.exec(entity);
  if (!numeric) return "x";
  const code = parseInt(numeric[2], numeric[1] ? 16 : 10);
  return code <= 0x10ffff ? String.fromCodePoint(code) : "x";
}

export const bold = (text: string) => `<b>${escapeHtml(text)}</b>`;

/** Plain text cut to at most `max` UTF-16 units, ending with "…" when cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  let cut = text.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

const PIECE = /[^。；！？;!?\n]*[。；！？;!?]*[”’」』）)]*\n*/gu;

/** Text cut after each sentence end (or line break), keeping every character: pieces join back to the text. */
export function sentencePieces(text: string): string[] {
  return (text.match(PIECE) ?? []).filter((p) => p.length > 0);
}

/** Pieces longer than `max` cut into parts of at most `max` units (never inside a surrogate pair). */
export function capPieces(pieces: string[], max: number): string[] {
  return pieces.flatMap((p) => (p.length <= max ? [p] : hardSplit(p, max)));
}

function hardSplit(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let end = max;
    if (/[\ud800-\udbff]/.test(rest[end - 1])) end--;
    parts.push(rest.slice(0, end));
    rest = rest.slice(end);
  }
  return rest ? [...parts, rest] : parts;
}

/** Balanced lines joined; when too long, lines dropped from the end and "……" put in their place. */
export function fitLines(lines: string[], limit: number): string {
  if (visibleLength(lines.join("\n")) <= limit) return lines.join("\n");
  let kept = lines.slice(0, -1);
  while (kept.length > 1 && visibleLength([...kept, "……"].join("\n")) > limit) kept = kept.slice(0, -1);
  return [...kept, "……"].join("\n");
}
