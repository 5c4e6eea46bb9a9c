// The body of GET /api/answer: the composed answer with its text (not wrapped). One function for the
// API (./app.ts) and `npm run ask -- --answer --json`, so both give the same JSON; from the index in
// memory, or from any search source (the search tier, src/tier/).
import { composeAnswer } from "../answer/compose.js";
import { COVERAGE_LISTED, coverageOf, renderText } from "../answer/render-text.js";
import type { LoadedIndex } from "../search/load-index.js";
import { memorySource, searchSource } from "../search/engine.js";
import type { SearchSource } from "../search/source.js";

export interface AnswerOptions {
  k?: number;
  now?: Date;
  /** The text's line width; the API leaves it unwrapped (a client wraps to its own width), the terminal passes its own. */
  width?: number;
}

export async function answerResponse(index: LoadedIndex, q: string, options: AnswerOptions = {}) {
  return answerFromSource(memorySource(index), q, options);
}

export async function answerFromSource(source: SearchSource, q: string, { k, now = new Date(), width = Infinity }: AnswerOptions = {}) {
  const response = await searchSource(source, q, { k, now });
  const answer = composeAnswer(response, response.documents, { now, queryWords: response.words });
  const head = response.answered ? undefined : await source.head(COVERAGE_LISTED);
  return { ...answer, text: renderText(answer, head ? coverageOf(head.documents, head.total) : { documents: [] }, { width }) };
}
