// Character-level normalisation of scraped text: line endings, invisible characters,
// the many kinds of space, and stray spaces that a PDF or web page put inside words and
// numbers ("1 亿元", "十亿 企业", "15 户").

const SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]/g;
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

/** Characters around which a space is never meaningful in Chinese text. */
const CJK = "\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef“”‘’《》〈〉【】—…·";
const SPACE_NEXT_TO_CJK = new RegExp(`(?<=[${CJK}]) +| +(?=[${CJK}])`, "gu");

export function normaliseLineEndings(raw: string): string {
  return raw.replace(/\r\n?/g, "\n").replace(INVISIBLE, "");
}

/** Every kind of space becomes an ordinary one; runs collapse; lines are trimmed. */
export function normaliseSpaces(line: string): string {
  return line.replace(SPACES, " ").replace(/ {2,}/g, " ").trim();
}

/**
 * Removes spaces that sit next to a Chinese character or full-width punctuation, and
 * spaces inside numbers ("1 0" stays apart only between two Latin words). Spaces between
 * two Latin letters or digits are kept ("Copyright 2018", "IPv6 升级" keeps none: the
 * second side is Chinese).
 */
export function dropStraySpaces(line: string): string {
  return line.replace(SPACE_NEXT_TO_CJK, "").replace(/(?<=\d) +(?=[%‰])/g, "");
}

/**
 * A sentence that ends and is followed by spaces then more text marks a paragraph break
 * that the source flattened ("…80 户。 一、民营经济提升行动。"): restore it as a new line.
 */
export function restoreParagraphBreaks(line: string): string[] {
  return line.split(/(?<=[。！？；][)）]?) +(?=\S)/u);
}
