// npm run ask -- [--json] [--k N] [--index DIR] "问题"
import { resolve } from "node:path";
import { composeAnswer } from "../answer/compose.js";
import { coverageOf, renderText } from "../answer/render-text.js";
import { readIndexDir } from "../node/index-dir.js";
import { publicResponse, search } from "../search/engine.js";
import { SearchParams } from "../http/validate.js";
import { parseArgs, UsageError } from "./args.js";
import { REPO_ROOT } from "./paths.js";

export const ASK_USAGE = `npm run ask -- [--json] [--k N] [--index DIR] "问题"
  prints the composed answer with citations; --json prints the same JSON as /api/search`;

export async function askCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ["k", "index"], flags: ["json"] });
  if (args.positionals.length === 0) throw new UsageError("请给出一个问题");
  const parsed = SearchParams.safeParse({ q: args.positionals.join(" "), k: args.values.k?.[0] });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join("; "));
  const index = readIndexDir(resolve(args.values.index?.[0] ?? resolve(REPO_ROOT, "index")));
  const response = await search(index, parsed.data.q, { k: parsed.data.k });
  if (args.flags.has("json")) {
    console.log(JSON.stringify(publicResponse(response), null, 2));
  } else {
    const answer = composeAnswer(response, index.documentsById, { queryWords: response.words });
    console.log(renderText(answer, coverageOf(index.documents)));
  }
  return 0;
}
