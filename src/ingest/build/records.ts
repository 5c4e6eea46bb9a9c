// A clause as the search index sees it: its fields segmented into index words, and the
// character bigrams of its heading path, label and text.
import { clauseBigrams } from "../../search/normalise.js";
import { wordTokens, type CutForSearch } from "../../search/tokens.js";
import type { Clause } from "../../shared/schema.js";

export interface ClauseTokens {
  /** Words of the clause's own text. */
  words: string[];
  /** Words of its ancestors' labels and its own label. */
  heading: string[];
  /** Words of the lead-in text its ancestors carry. */
  context: string[];
  /** Bigrams of path, label and text. */
  grams: string[];
}

export function clauseTokens(clause: Clause, cutForSearch: CutForSearch): ClauseTokens {
  const words = (text: string) => wordTokens(cutForSearch, text);
  return {
    words: words(clause.text),
    heading: words([...clause.path, clause.label].join(" ")),
    context: words(clause.context),
    grams: clauseBigrams(clause),
  };
}
