// The admin-edited synonym table (seeds/synonyms.tsv): one group per line, words separated by
// spaces, and after them "# reason": why these words mean the same in any policy corpus (a
// group without a reason is refused: an entry must say what general relation it encodes, not
// which question it was added for). Lines starting with # are comments. Compiled into the
// index so the edge needs no file access.
import { readFileSync } from "node:fs";

export interface SynonymGroup {
  words: string[];
  reason: string;
}

export function parseSynonymGroups(text: string, file = "synonyms.tsv"): SynonymGroup[] {
  const groups: SynonymGroup[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const hash = line.indexOf("#");
    const reason = hash < 0 ? "" : line.slice(hash + 1).trim();
    const words = [...new Set((hash < 0 ? line : line.slice(0, hash)).trim().split(/\s+/).filter(Boolean).map((w) => w.normalize("NFKC").toLowerCase()))];
    if (words.length < 2) throw new Error(`${file}:${i + 1}: 一组同义词至少要两个词: "${line}"`);
    if (!reason) throw new Error(`${file}:${i + 1}: 请在行末用“# 理由”写明这组词为什么同义: "${line}"`);
    groups.push({ words, reason });
  });
  return groups;
}

/** The groups' words, as the index stores them. */
export const parseSynonyms = (text: string, file?: string): string[][] => parseSynonymGroups(text, file).map((g) => g.words);

export function readSynonyms(path: string): string[][] {
  return parseSynonyms(readFileSync(path, "utf8"), path);
}
