// The body of GET /api/answer: the composed answer with its text (not wrapped). One function for the
// API (./app.ts) and `npm run ask -- --answer --json`, so both give the same JSON.
import { composeAnswer } from "../answer/compose.js";
import { coverageOf, renderText } from "../answer/render-text.js";
import type { LoadedIndex } from "../search/load-index.js";
import { search } from "../search/engine.js";

/** `width`: the text's line width; the API leaves it unwrapped (a client wraps to its own width), the terminal passes its own. */
export async function answerResponse(index: LoadedIndex, q: string, { k, now = new Date(), width = Infinity }: { k?: number; now?: Date; width?: number } = {}) {
  const response = await search(index, q, { k, now });
  const answer = composeAnswer(response, index.documentsById, { now, queryWords: response.words });
  return { ...answer, text: renderText(answer, coverageOf(index.documents), { width }) };
}
