// npm run eval -- [FILE] [--index DIR] [--corpus DIR] [--k 5] [--json] [--verbose] [--no-baselines] [--article-labels]
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { evaluate, EvalInputError } from "../eval/evaluate.js";
import { QuestionFileError, readQuestionFile } from "../eval/questions.js";
import { parseHalf } from "../eval/halves.js";
import { REALDOCS, SEED_QUESTIONS_FIXTURE, STARD_CORPUS, STARD_QUERIES } from "../eval/question-sets.js";
import { reportJson, reportText } from "../eval/report.js";
import { parseArgs, UsageError } from "./args.js";
import { REPO_ROOT, shownPath } from "./paths.js";

export const EVAL_USAGE = `npm run eval -- [问题文件] [--index 目录] [--corpus 目录] [--k N] [--half a|b] [--json] [--verbose] [--no-baselines] [--article-labels]

给检索打分：对问题文件里的每道题，看本系统（和两个现成的检索基线）返回的前几条里
有没有标准答案，报告 hit@1/3/5、MRR、弃答是否得当和每题耗时。

  问题文件          种子问题格式（../shared/eval/questions.public.json）或 STARD 格式
                    （../shared/bench/stard/queries.public.json）；不给时用随仓库附带的
                    公开种子问题 test/fixtures/seed-questions.public.json（31 题）
选项：
  --index 目录      本系统的索引；默认 index/
  --corpus 目录     基线要检索的文档（每段一块）；默认问题文件旁的 corpus/，没有则 seeds/
  --k N             每个系统取前几条；默认 5
  --half a|b        只评测问题的固定一半（按 id 的哈希分）：在一半上调参，在另一半上检验；
                    配合用另一半学习的索引（npm run index -- --learn 文件 --learn-half a）
  --json            以 JSON 输出各项数字
  --verbose         列出本系统第 1 条没有答对的问题
  --no-baselines    只评测本系统
  --article-labels  把基线的段落标上它所属的法条（STARD：一条法条常跨几行；默认只有
                    含标准答案片段的那一行算对）
  -h, --help        显示本说明

例子：
  npm run eval
  npm run eval -- ../shared/eval/questions.public.json --verbose
  npm run eval -- ../shared/bench/stard/queries.public.json --index /tmp/stard-index --half a`;

export async function evalCommand(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, { values: ["index", "corpus", "k", "half"], flags: ["json", "verbose", "no-baselines", "article-labels"] });
    let half;
    try {
      half = parseHalf(args.values.half?.at(-1));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (args.positionals.length > 1) throw new UsageError(`一次只能评测一个问题文件，这里给了 ${args.positionals.length} 个`);
    const defaulted = args.positionals.length === 0;
    const questionFile = resolve(args.positionals[0] ?? SEED_QUESTIONS_FIXTURE);
    const kText = args.values.k?.at(-1) ?? "5";
    const k = Number(kText);
    if (!Number.isInteger(k) || k < 1) throw new UsageError(`--k 应为正整数，不能是 ${kText}`);
    const indexDir = resolve(args.values.index?.at(-1) ?? join(REPO_ROOT, "index"));
    const besideFile = join(dirname(questionFile), "corpus");
    const corpusDir = resolve(
      args.values.corpus?.at(-1) ?? (existsSync(besideFile) && statSync(besideFile).isDirectory() ? besideFile : join(REPO_ROOT, "seeds")),
    );
    const json = args.flags.has("json");
    const run = await evaluate({
      questionFile,
      indexDir,
      corpusDir,
      k,
      baselines: !args.flags.has("no-baselines"),
      articleLabels: args.flags.has("article-labels"),
      half,
      warn: (m) => console.error(m),
    });

    // which questions these figures are on, and what they leave out
    const fileLine = `问题文件：${shownPath(questionFile)}${defaulted ? "（没有给出问题文件，默认使用随仓库附带的公开种子问题）" : ""}`;
    const notes: string[] = [];
    if (half) {
      const total = readQuestionFile(questionFile).questions.length;
      notes.push(`只评测了一半问题：half ${half}，${total} 题中的 ${run.questions.length} 题`);
    }
    if (defaulted) notes.push(...otherSets());
    const preamble = [fileLine, ...(notes.length ? ["注意：这不是全部问题集。", ...notes.map((n) => `  - ${n}`)] : [])];
    const verbose = args.flags.has("verbose");
    if (json) {
      for (const line of preamble) console.error(line);
      console.log(JSON.stringify({ questionFile, ...(notes.length ? { notes } : {}), ...reportJson(run, { verbose }) }, null, 2));
    } else {
      console.log([...preamble, "", reportText(run, { verbose })].join("\n"));
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n用法：\n${EVAL_USAGE}`);
      return 2;
    }
    if (error instanceof QuestionFileError || error instanceof EvalInputError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

/** The question sets a run of the seed questions alone does not cover, and where they are (or that they are missing). */
function otherSets(): string[] {
  const stard = existsSync(STARD_QUERIES)
    ? `没有评测 STARD 法条问题（${shownPath(STARD_QUERIES)}），它要用自己的索引另行运行：npm run index -- --input ${shownPath(STARD_CORPUS)} --out /tmp/stard-index，然后 npm run eval -- ${shownPath(STARD_QUERIES)} --index /tmp/stard-index`
    : `没有评测 STARD 法条问题：本机找不到 ${shownPath(STARD_QUERIES)}`;
  const realdocs = existsSync(REALDOCS)
    ? `没有评测真实文件的命名问题（${shownPath(REALDOCS)}），另行运行：npm run index -- --input ${shownPath(REALDOCS)} --out /tmp/real-index，然后 npx tsx scripts/realdocs-naming.ts --index /tmp/real-index`
    : `没有评测真实文件的命名问题：本机找不到 ${shownPath(REALDOCS)}`;
  return [stard, realdocs];
}
