// Markdown → plain text: drop the syntax that would end up inside clauses (heading marks,
// emphasis, bullets, link targets, images, code fences), keep every word and every number
// ("一、" "（一）" "1、" "1." stay exactly as written).

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
/** A line without any of these characters has no Markdown syntax: it is kept as it is. */
const SYNTAX = /[#*_`~\[\]!<>|\\=+-]/;

export function stripMarkdown(source: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of source.split(/\r\n?|\n/)) {
    const opening = FENCE.exec(line);
    if (fence) {
      // Inside a code block the content is kept as is; only the closing fence goes.
      if (opening && opening[1][0] === fence[0] && opening[1].length >= fence.length && line.trim() === opening[1]) fence = undefined;
      else out.push(line);
      continue;
    }
    if (opening) {
      fence = opening[1];
      continue;
    }
    if (!SYNTAX.test(line)) {
      out.push(line);
      continue;
    }
    const stripped = stripLine(line);
    if (stripped !== undefined) out.push(stripped);
  }
  return out.join("\n");
}

/** One line outside code blocks; undefined when the whole line is syntax (rules, link definitions). */
function stripLine(line: string): string | undefined {
  // Thematic breaks and setext underlines ("---", "***", "===").
  if (/^\s{0,3}([-*_=])(\s*\1){2,}\s*$/.test(line)) return undefined;
  // Link reference definitions: "[1]: https://…".
  if (/^\s{0,3}\[[^\]]+\]:\s*\S+/.test(line)) return undefined;
  // Table alignment rows: "| --- | :---: |".
  if (line.includes("|") && /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)) return undefined;

  let text = line.replace(/^\s{0,3}(>\s?)+/, ""); // blockquote markers
  const heading = /^\s{0,3}#{1,6}(?=\s|$|[^\x00-\x7F])\s*/.exec(text);
  if (heading) {
    // "## 一、总则 ##" and the common "#一、总则" → "一、总则".
    text = text.slice(heading[0].length).replace(/\s+#+\s*$/, "");
  } else {
    text = text.replace(/^\s*[-*+]\s+(\[[ xX]\]\s+)?/, ""); // bullet (and task box), the item text stays
  }

  if (/^\s*\|.*\|\s*$/.test(text)) {
    // Table row: cells separated by tabs.
    text = text.trim().slice(1, -1).split("|").map((cell) => cell.trim()).join("\t");
  }
  return stripInline(text);
}

function stripInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "") // images
    .replace(/!\[([^\]]*)\]\[[^\]]*\]/g, "")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1") // inline links → their text
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, "$1") // reference links
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, "$1") // autolinks
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, "$2") // strong
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, "$1") // strikethrough
    .replace(/(^|[^*\w])\*(?=[^\s*])([^*]*?[^\s*])\*(?!\*)/g, "$1$2") // *emphasis*
    .replace(/(^|[^\w`])`([^`]+)`/g, "$1$2") // inline code
    .replace(/<br\s*\/?>/gi, " ")
    .replace(/\\([\\`*_{}\[\]()#+\-.!|~>])/g, "$1"); // backslash escapes
}
