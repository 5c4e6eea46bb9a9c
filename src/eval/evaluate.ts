// One eval run from files: the question file, our index folder and the documents the
// baselines index.
import { readCorpus } from "../ingest/build/corpus.js";
import { IndexDirError, readIndexDir } from "../node/index-dir.js";
import { miniSearchBaseline } from "./baselines/minisearch.js";
import { oramaBaseline } from "./baselines/orama.js";
import { labelArticles, paragraphChunks } from "./chunks.js";
import { readQuestionFile } from "./questions.js";
import { halfOf, type Half } from "./halves.js";
import { runEval, type EvalRun } from "./run.js";
import { engineSystem, type RetrievalSystem } from "./system.js";

export interface EvaluateOptions {
  questionFile: string;
  indexDir: string;
  /** Where the baselines read the documents (not needed without baselines). */
  corpusDir?: string;
  k?: number;
  baselines?: boolean;
  /** Label the baselines' paragraphs with their statute article (see labelArticles). */
  articleLabels?: boolean;
  /** Only this half of the questions (src/eval/halves.ts). */
  half?: Half;
  /** Told about what looks wrong but does not stop the run. */
  warn?: (message: string) => void;
}

export class EvalInputError extends Error {}

export async function evaluate(options: EvaluateOptions): Promise<EvalRun> {
  const { k = 5, baselines = true, warn = () => {} } = options;
  const all = readQuestionFile(options.questionFile);
  const set = options.half ? { ...all, questions: all.questions.filter((q) => halfOf(q.id) === options.half) } : all;
  let index;
  try {
    index = readIndexDir(options.indexDir);
  } catch (error) {
    // the folder's own message already names it and says how to build one
    throw new EvalInputError(error instanceof IndexDirError ? error.message : `无法读取索引 ${options.indexDir}：${error instanceof Error ? error.message : error}`);
  }
  const systems: { system: RetrievalSystem; buildMs?: number }[] = [{ system: engineSystem(index) }];
  if (baselines) {
    if (!options.corpusDir) throw new EvalInputError("基线需要一个文件夹的文档（--corpus 目录）");
    let docs;
    try {
      docs = readCorpus([options.corpusDir]);
    } catch (error) {
      throw new EvalInputError(`无法读取文档 ${options.corpusDir}：${error instanceof Error ? error.message : error}`);
    }
    const paragraphs = paragraphChunks(docs, index.documentsById);
    const { untitled } = paragraphs;
    const chunks = options.articleLabels ? labelArticles(paragraphs.chunks) : paragraphs.chunks;
    if (untitled.length > 0) {
      warn(
        `注意：${options.corpusDir} 的 ${docs.length} 份文件里有 ${untitled.length} 份不在索引 ${options.indexDir} 中` +
          `（例如 ${untitled[0]}）：基线和本系统检索的不是同一批文件`,
      );
    }
    for (const build of [oramaBaseline, miniSearchBaseline]) {
      const started = performance.now();
      const system = await build(chunks);
      systems.push({ system, buildMs: performance.now() - started });
    }
  }
  const run = await runEval(set, systems, k);
  return options.half ? { ...run, half: options.half } : run;
}
