// The body of GET /api/answer: the composed answer with its text (not wrapped). One function for the
// API (./app.ts) and `npm run ask -- --answer --json`, so both give the same JSON.
import { composeAnswer } from "../answer/compose.js";
import { coverageOf, renderText } from "../answer/render-text.js";
import type { LoadedIndex } from "../search/load-index.js";
import { search } from "../search/engine.js";

export async function answerResponse(index: LoadedIndex, q: string, { k, now = new Date() }: { k?: number; now?: Date } = {}) {
  const response = await search(index, q, { k });
  const answer = composeAnswer(response, index.documentsById, { now, queryWords: response.words });
  // unwrapped: an API client wraps to its own width; the same on every host, whatever the server's terminal
  return { ...answer, text: renderText(answer, coverageOf(index.documents), { width: Infinity }) };
}
