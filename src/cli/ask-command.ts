// npm run ask -- [--answer] [--json] [--k N] [--index DIR] "问题"
import { join, resolve } from "node:path";
import { terminalWidth } from "../answer/wrap.js";
import { answerResponse } from "../http/answer-response.js";
import { MAX_QUERY_CHARS, SearchParams } from "../http/validate.js";
import { readIndexDir } from "../node/index-dir.js";
import { publicResponse, search } from "../search/engine.js";
import { parseArgs, UsageError } from "./args.js";
import { REPO_ROOT } from "./paths.js";

export const ASK_USAGE = `npm run ask -- [--answer] [--json] [--k N] [--index 目录] "问题"

用索引回答一个问题，并引用出处条款。

输出：
  （默认）或 --answer   组合好的回答（文字），与 /api/answer 返回的 text 相同，按终端宽度折行
  --json                检索结果 JSON，与 /api/search 返回的相同
  --answer --json       组合好的回答 JSON，与 /api/answer 返回的相同

选项：
  --k N          最多引用几条条款，1 到 20；默认 5
  --index 目录   用哪个索引；默认 index/（由 npm run index 生成）
  -h, --help     显示本说明

例子：
  npm run ask -- "我能申请哪些技改补贴"
  npm run ask -- --answer --json --k 3 "壮大贷新增投放多少钱"`;

export async function askCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ["k", "index"], flags: ["json", "answer"] });
  const q = args.positionals.join(" ").trim();
  if (q === "") throw new UsageError("请给出一个问题");
  if ([...q].length > MAX_QUERY_CHARS) throw new UsageError(`问题太长：最多 ${MAX_QUERY_CHARS} 个字，这个有 ${[...q].length} 个`);
  const kText = args.values.k?.at(-1);
  if (kText !== undefined && !/^\d+$/.test(kText)) throw new UsageError(`--k 应为 1 到 20 的整数，不能是 ${kText}`);
  if (kText !== undefined && (Number(kText) < 1 || Number(kText) > 20)) throw new UsageError(`--k 应为 1 到 20 的整数，不能是 ${kText}`);
  // the API's own check last (control characters): the same question is refused here as there
  const parsed = SearchParams.safeParse({ q, k: kText });
  if (!parsed.success) throw new UsageError("问题里有控制字符或无效字符");
  const index = readIndexDir(resolve(args.values.index?.at(-1) ?? join(REPO_ROOT, "index")));
  const { k } = parsed.data;
  if (args.flags.has("answer") || !args.flags.has("json")) {
    // JSON as /api/answer gives it (text unwrapped); text wrapped to this terminal (80 columns when not a terminal)
    const json = args.flags.has("json");
    const answer = await answerResponse(index, parsed.data.q, { k, ...(json ? {} : { width: terminalWidth() }) });
    console.log(json ? JSON.stringify(answer, null, 2) : answer.text);
  } else {
    console.log(JSON.stringify(publicResponse(await search(index, parsed.data.q, { k })), null, 2));
  }
  return 0;
}
