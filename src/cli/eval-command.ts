// npm run eval -- FILE [--index DIR] [--corpus DIR] [--k 5] [--json] [--verbose] [--no-baselines] [--article-labels]
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { evaluate, EvalInputError } from "../eval/evaluate.js";
import { QuestionFileError } from "../eval/questions.js";
import { parseHalf } from "../eval/halves.js";
import { reportJson, reportText } from "../eval/report.js";
import { parseArgs, UsageError } from "./args.js";
import { REPO_ROOT } from "./paths.js";

export const EVAL_USAGE = `npm run eval -- FILE [--index DIR] [--corpus DIR] [--k 5] [--half a|b] [--json] [--verbose] [--no-baselines] [--article-labels]
  FILE            questions: the seed format (../shared/eval/questions.public.json)
                  or STARD (../shared/bench/stard/queries.public.json)
  --index DIR     our index; default index/
  --corpus DIR    the documents the baselines index (one chunk per paragraph);
                  default corpus/ beside FILE if it exists, else seeds/
  --k N           results asked of each system; default 5
  --half a|b      only one fixed half of the questions (by a hash of their id): tune on one,
                  check on the other; with an index learned from the other half
                  (npm run index -- --learn FILE --learn-half a), the held-out figure
  --json          print the figures as JSON
  --verbose       list the questions our engine misses at rank 1
  --no-baselines  only our engine
  --article-labels  credit a baseline paragraph with the statute article it belongs
                  to (STARD: articles span several lines; by default only the line
                  holding the gold snippet counts)`;

export async function evalCommand(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, { values: ["index", "corpus", "k", "half"], flags: ["json", "verbose", "no-baselines", "article-labels"] });
    let half;
    try {
      half = parseHalf(args.values.half?.at(-1));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (args.positionals.length !== 1) throw new UsageError("需要且只需要一个问题文件 (expected exactly one question file)");
    const questionFile = resolve(args.positionals[0]);
    const kText = args.values.k?.at(-1) ?? "5";
    const k = Number(kText);
    if (!Number.isInteger(k) || k < 1) throw new UsageError(`--k 应为正整数 (--k must be a positive integer): ${kText}`);
    const indexDir = resolve(args.values.index?.at(-1) ?? join(REPO_ROOT, "index"));
    const besideFile = join(dirname(questionFile), "corpus");
    const corpusDir = resolve(
      args.values.corpus?.at(-1) ?? (existsSync(besideFile) && statSync(besideFile).isDirectory() ? besideFile : join(REPO_ROOT, "seeds")),
    );
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
    const verbose = args.flags.has("verbose");
    console.log(args.flags.has("json") ? JSON.stringify(reportJson(run, { verbose }), null, 2) : reportText(run, { verbose }));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\nusage:\n${EVAL_USAGE}`);
      return 2;
    }
    if (error instanceof QuestionFileError || error instanceof EvalInputError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}
