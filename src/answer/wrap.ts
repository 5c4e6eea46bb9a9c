// Lines for a terminal: display width (a CJK character takes two columns), wrapping at a
// width with a hanging indent, without starting a line with closing punctuation or ending one
// with an opening bracket, and without breaking a run of Latin letters and digits. Edge-safe.

/** Columns a terminal gives a code point: 2 for East Asian wide and fullwidth, 0 for combining marks, else 1. */
export function columnsOf(codePoint: number): number {
  if (codePoint === 0x200b || (codePoint >= 0x0300 && codePoint <= 0x036f) || (codePoint >= 0xfe00 && codePoint <= 0xfe0f)) return 0;
  const wide =
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0x303e) ||
    (codePoint >= 0x3041 && codePoint <= 0x33ff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0xa000 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1f64f) ||
    (codePoint >= 0x1f900 && codePoint <= 0x1f9ff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd);
  return wide ? 2 : 1;
}

/** The columns a line of text takes in a terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += columnsOf(ch.codePointAt(0)!);
  return width;
}

/** Never at the start of a line. */
const CLOSING = new Set([..."，。、；：？！）》」』】〉”’,.;:?!)]}%…·"]);
/** Never at the end of a line. */
const OPENING = new Set([..."（《「『【〈“‘([{"]);
/** A run kept whole: Latin letters, digits and what goes with them (2018-2020, 0719-8111685, syjxwtzk@163.com). */
const RUN = /[A-Za-z0-9][A-Za-z0-9.,:/@_%+\-]*|\s+|[\s\S]/gu;

export interface WrapIndent {
  /** Put before the first line. */
  first?: string;
  /** Put before each following line (the hanging indent). */
  rest?: string;
}

const isSpace = (token: string | undefined) => token !== undefined && /^\s+$/.test(token);

/**
 * One paragraph as lines of at most `width` columns (indents included): the first line after
 * `first`, the others after `rest`. Breaks go between characters of Chinese text and at spaces;
 * a closing mark takes the character before it to the next line, an opening bracket goes there
 * itself; a Latin run wider than a line is cut. Spaces at a break are dropped.
 */
export function wrapText(text: string, width: number, { first = "", rest = "" }: WrapIndent = {}): string[] {
  const chunk = Math.max(1, width - Math.max(displayWidth(first), displayWidth(rest)));
  const tokens = (text.match(RUN) ?? []).flatMap((t) => (displayWidth(t) > chunk ? splitToFit(t, chunk) : [t]));
  const lines: string[] = [];
  let indent = first;
  let line: string[] = [];
  const used = () => displayWidth(indent) + displayWidth(line.join(""));
  const flush = () => {
    while (isSpace(line[line.length - 1])) line.pop();
    lines.push(indent + line.join(""));
    indent = rest;
    line = [];
  };
  for (const token of tokens) {
    if (isSpace(token) && line.length === 0) continue;
    if (used() + displayWidth(token) <= width) {
      line.push(token);
      continue;
    }
    if (isSpace(token)) {
      flush();
      continue;
    }
    const carried: string[] = [];
    if (CLOSING.has(token)) {
      // closing marks in a row go together, with the character they close
      while (line.length > 1 && CLOSING.has(line[line.length - 1])) carried.unshift(line.pop()!);
      if (line.length > 1 && !isSpace(line[line.length - 1])) carried.unshift(line.pop()!);
    }
    while (line.length > 1 && OPENING.has(line[line.length - 1])) carried.unshift(line.pop()!);
    flush();
    line = [...carried, token];
    if (carried.length > 0 && used() > width) {
      // what was carried and the token do not fit together: the width wins
      line = carried;
      flush();
      line = [token];
    }
  }
  if (line.length > 0 || lines.length === 0) flush();
  return lines;
}

function splitToFit(token: string, columns: number): string[] {
  const parts: string[] = [];
  let part = "";
  for (const ch of token) {
    if (part && displayWidth(part + ch) > columns) {
      parts.push(part);
      part = "";
    }
    part += ch;
  }
  return part ? [...parts, part] : parts;
}

/** The columns of the terminal the output goes to, or 80 when it goes elsewhere (a pipe, a file, the edge). */
export function terminalWidth(): number {
  const stdout = (globalThis as { process?: { stdout?: { isTTY?: boolean; columns?: number } } }).process?.stdout;
  return stdout?.isTTY && stdout.columns && stdout.columns > 0 ? stdout.columns : 80;
}
