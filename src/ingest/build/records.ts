// A clause as the search database stores it: its fields segmented into words, next to the
// clause itself.
import type { Clause } from "../../shared/schema.js";
import { wordTokens, type CutForSearch } from "../../search/tokens.js";

/** Clause fields plus the segmented fields that the database indexes (see search/db.ts). */
export type ClauseRecord = Clause & { words: string; headingWords: string; contextWords: string };

export function toRecord(clause: Clause, cutForSearch: CutForSearch): ClauseRecord {
  const words = (text: string) => wordTokens(cutForSearch, text).join(" ");
  const headingText = [...clause.path, clause.label].join(" ");
  return {
    ...clause,
    words: words(clause.text),
    headingWords: words(headingText),
    contextWords: words(clause.context),
  };
}
