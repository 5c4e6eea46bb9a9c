// A clause as the search database stores it: its fields segmented into words (and
// character bigrams), next to the clause itself.
import type { Clause } from "../../shared/schema.js";
import { charBigrams, isWordToken, normaliseForSearch } from "../../search/normalise.js";

export interface Segment {
  (text: string): string[];
}

/** Clause fields plus the segmented fields that the database indexes (see search/db.ts). */
export type ClauseRecord = Clause & { words: string; headingWords: string; contextWords: string; grams: string };

export function toRecord(clause: Clause, cutForSearch: Segment): ClauseRecord {
  const words = (text: string) => cutForSearch(normaliseForSearch(text)).filter(isWordToken).join(" ");
  const headingText = [...clause.path, clause.label].join(" ");
  return {
    ...clause,
    words: words(clause.text),
    headingWords: words(headingText),
    contextWords: words(clause.context),
    grams: charBigrams(clause.label + " " + clause.text).join(" "),
  };
}
