// clean: raw scraped text → paragraphs of document text, with what was removed and why.
import { dropStraySpaces, normaliseLineEndings, normaliseSpaces, restoreParagraphBreaks } from "./whitespace.js";
import { repairPageNumbers } from "./page-numbers.js";
import { furnitureRule, hiddenTextMarker } from "./furniture.js";
import { extractHeaderFields } from "./header-fields.js";

export interface Removed {
  line: string;
  reason: string;
}

export interface Cleaned {
  /** One paragraph a line, no blank lines. */
  paragraphs: string[];
  /** Facts printed in the page's header table (索引号, 发文日期, 文号…). */
  fields: Record<string, string>;
  /** Lines dropped as page furniture, with the rule that dropped them. */
  removed: Removed[];
  /** Characters the source says it hid ("此处隐藏5003字"), when it did. */
  hiddenChars?: number;
  /** Page numbers of a PDF conversion that were removed from line starts. */
  pageMarkers: number;
}

export function clean(raw: string): Cleaned {
  const lines = normaliseLineEndings(raw).split("\n").map(normaliseSpaces);
  const pages = repairPageNumbers(lines);
  const removed: Removed[] = [];
  let hiddenChars: number | undefined;
  const kept: string[] = [];
  for (const line of pages.lines.flatMap(restoreParagraphBreaks).map(dropStraySpaces)) {
    if (line === "") {
      kept.push(line);
      continue;
    }
    const hidden = hiddenTextMarker(line);
    if (hidden) {
      hiddenChars = (hiddenChars ?? 0) + hidden.hiddenChars;
      removed.push({ line, reason: "hidden-text marker" });
      continue;
    }
    const rule = furnitureRule(line);
    if (rule) {
      removed.push({ line, reason: rule });
      continue;
    }
    kept.push(line);
  }
  const header = extractHeaderFields(kept);
  return {
    paragraphs: header.lines.filter((l) => l !== ""),
    fields: header.fields,
    removed,
    hiddenChars,
    pageMarkers: pages.removed,
  };
}
