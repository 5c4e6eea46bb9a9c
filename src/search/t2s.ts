// Traditional → simplified, character by character, from OpenCC's traditional-to-mainland
// table (opencc-js, TSCharacters). 技術改造有什麼補貼 is searched as 技术改造有什么补贴.
// A character whose alternatives include itself (著 → 着|著, as in 著作权) is left alone:
// only a phrase could tell, and phrase-level rewriting (OpenCC's phrase trie) costs more
// at cold start than it gains for search.
import { Locale } from "opencc-js/t2cn";

let table: Map<string, string> | undefined;

const isOneCodePoint = (s: string) => s.length === 1 || (s.length === 2 && s.codePointAt(0)! > 0xffff);

function buildTable(): Map<string, string> {
  const map = new Map<string, string>();
  for (const dict of (Locale.to.cn as unknown[][]).flat()) {
    if (typeof dict !== "string") continue;
    for (const entry of dict.split("|")) {
      const [from, ...targets] = entry.split(" ");
      if (!isOneCodePoint(from) || targets.length === 0 || targets.includes(from) || !isOneCodePoint(targets[0])) continue;
      if (!map.has(from)) map.set(from, targets[0]);
    }
  }
  return map;
}

export function toSimplified(text: string): string {
  table ??= buildTable();
  let out = "";
  for (const ch of text) out += table.get(ch) ?? ch;
  return out;
}
