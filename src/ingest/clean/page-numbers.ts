// Repairs text converted from PDF where each page's number was glued to the start of the
// next page's first line as "N、" ("全年 1\n3、0 亿元企业" is "全年10亿元企业"). Such
// markers count 1, 2, 3… down the document, sit on long lines, and the line before them
// stops mid-sentence: that is what tells them from a real "1、 2、 3、" list, whose items
// end their sentences.

const MARKER = /^(\d{1,3})、/;
const SENTENCE_END = /[。！？；：:.!?;）)」』”]$/u;

export interface PageRepair {
  lines: string[];
  /** How many page markers were removed (0 when the document has none). */
  removed: number;
}

export function repairPageNumbers(lines: string[]): PageRepair {
  const content = lines.map((line, index) => ({ line, index })).filter((l) => l.line.trim() !== "");
  const markers = content.filter((l) => MARKER.test(l.line.trim()));
  if (!looksLikePageMarkers(content, markers)) return { lines, removed: 0 };

  const out: string[] = [];
  let removed = 0;
  for (const raw of lines) {
    const line = raw.trim();
    const m = MARKER.exec(line);
    if (!m || line === "") {
      out.push(raw);
      continue;
    }
    removed++;
    const rest = line.slice(m[0].length);
    const prevIndex = lastContentIndex(out);
    if (prevIndex < 0) {
      out.push(rest);
    } else if (SENTENCE_END.test(out[prevIndex].trim())) {
      out.push(rest);
    } else {
      // The page break fell inside a sentence or a word: join without a separator.
      out[prevIndex] = out[prevIndex].trimEnd() + rest;
      out.splice(prevIndex + 1);
    }
  }
  return { lines: out, removed };
}

function looksLikePageMarkers(
  content: { line: string; index: number }[],
  markers: { line: string; index: number }[],
): boolean {
  if (markers.length < 3) return false;
  const numbers = markers.map((m) => Number(MARKER.exec(m.line.trim())![1]));
  // Consecutive from 1 (or 2, when the first page carries no number).
  if (numbers[0] > 2) return false;
  for (let i = 1; i < numbers.length; i++) if (numbers[i] !== numbers[i - 1] + 1) return false;
  // Page-sized lines: a list of headings or short items is not pages.
  const lengths = markers.map((m) => m.line.length).sort((a, b) => a - b);
  if (lengths[Math.floor(lengths.length / 2)] < 100) return false;
  // Most markers follow a line that stops mid-sentence.
  let midSentence = 0;
  let withPrevious = 0;
  for (const marker of markers) {
    const pos = content.findIndex((c) => c.index === marker.index);
    if (pos <= 0) continue;
    withPrevious++;
    if (!SENTENCE_END.test(content[pos - 1].line.trim())) midSentence++;
  }
  return withPrevious > 0 && midSentence / withPrevious >= 0.6;
}

function lastContentIndex(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].trim() !== "") return i;
  return -1;
}
