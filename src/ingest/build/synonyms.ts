// The admin-edited synonym table (seeds/synonyms.tsv): one group per line, words separated
// by spaces, # comments. Compiled into the index so the edge needs no file access.
import { readFileSync } from "node:fs";

export function parseSynonyms(text: string, file = "synonyms.tsv"): string[][] {
  const groups: string[][] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, "").trim();
    if (!line) return;
    const words = [...new Set(line.split(/\s+/).map((w) => w.normalize("NFKC").toLowerCase()))];
    if (words.length < 2) throw new Error(`${file}:${i + 1}: 一组同义词至少要两个词: "${raw.trim()}"`);
    groups.push(words);
  });
  return groups;
}

export function readSynonyms(path: string): string[][] {
  return parseSynonyms(readFileSync(path, "utf8"), path);
}
