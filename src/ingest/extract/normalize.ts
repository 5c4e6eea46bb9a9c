// The clean-up every extracted text gets, whatever it came from.

// C0 controls but \t and \n, DEL, C1 controls, and stray byte order marks / U+FFFE.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFEFF\uFFFE]/g;
const TRAILING_SPACE = /[ \t\u00A0\u3000]+$/gm;

/** Unix line ends, no control characters, no trailing spaces, at most one blank line in a row. */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\f\v\u2028\u2029]/g, "\n")
    .replace(CONTROL, "")
    .replace(TRAILING_SPACE, "")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^\n+|\n+$/g, "");
}

/** True when the text holds a letter or digit of any script (CJK included), not just spaces and punctuation. */
export function hasContent(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** How many letters and digits (any script) a text holds: what counts as "text" on a PDF page. */
export function contentLength(text: string): number {
  // One string rather than an array of every match (a long page would make millions); code
  // points, not UTF-16 units.
  const kept = text.replace(/[^\p{L}\p{N}]+/gu, "");
  let surrogates = 0;
  for (let i = 0; i < kept.length; i++) if ((kept.charCodeAt(i) & 0xfc00) === 0xd800) surrogates++;
  return kept.length - surrogates;
}
