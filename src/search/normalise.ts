// Text normalisation shared by the index build (Node) and the query side (edge), so that
// both segment exactly the same characters: Unicode NFKC (full-width letters, digits and
// punctuation become half-width) and lower case.
export function normaliseForSearch(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/** A token worth indexing: it has at least one letter or digit. */
export function isWordToken(token: string): boolean {
  return /[\p{L}\p{N}]/u.test(token);
}

/** Character bigrams within runs of letters and digits: "技改补贴" → 技改 改补 补贴. */
/** A clause's character bigrams as the index takes them: of its heading path, label and text (what a bigram posting counts). */
export function clauseBigrams(c: { path: string[]; label: string; text: string }): string[] {
  return charBigrams([...c.path, c.label, c.text].join(" "));
}

export function charBigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of normaliseForSearch(text).match(/[\p{L}\p{N}]+/gu) ?? []) {
    const chars = [...run];
    if (chars.length === 1) out.push(chars[0]);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }
  return out;
}
