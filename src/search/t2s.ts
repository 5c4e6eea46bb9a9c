// Traditional → simplified, character by character, from OpenCC's traditional-to-mainland
// table (opencc-js, TSCharacters). 技術改造有什麼補貼 is searched as 技术改造有什么补贴.
// A character whose alternatives include itself (著 → 着|著, as in 著作权) is left alone:
// only a phrase could tell, and phrase-level rewriting (OpenCC's phrase trie) costs more
// at cold start than it gains for search. The table is generated: npm run gen:tables.
import { indexInSorted } from "../shared/sorted-string.js";
import { T2S_FROM, T2S_FROM_ASTRAL, T2S_TO } from "./t2s-table.js";

/** T2S_TO by code point, split on the first traditional character met. */
let targets: string[] | undefined;

function simplified(ch: string): string {
  const c = ch.codePointAt(0)!;
  let k = c > 0xffff ? indexInSorted(T2S_FROM_ASTRAL, c, 2) : indexInSorted(T2S_FROM, c);
  if (k < 0) return ch;
  if (c > 0xffff) k += T2S_FROM.length;
  targets ??= [...T2S_TO];
  return targets[k];
}

export function toSimplified(text: string): string {
  let out = "";
  for (const ch of text) out += simplified(ch);
  return out;
}
