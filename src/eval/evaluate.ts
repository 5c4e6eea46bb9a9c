// One eval run from files: the question file, our index folder and the documents the
// baselines index.
import { readCorpus } from "../ingest/build/corpus.js";
import { readIndexDir } from "../node/index-dir.js";
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
    throw new EvalInputError(`无法读取索引 (cannot load the index) ${options.indexDir}: ${error instanceof Error ? error.message : error}`);
  }
  const systems: { system: RetrievalSystem; buildMs?: number }[] = [{ system: engineSystem(index) }];
  if (baselines) {
    if (!options.corpusDir) throw new EvalInputError("baselines need a corpus folder (--corpus DIR)");
    let docs;
    try {
      docs = readCorpus([options.corpusDir]);
    } catch (error) {
      throw new EvalInputError(`无法读取文档 (cannot read the corpus) ${options.corpusDir}: ${error instanceof Error ? error.message : error}`);
    }
    const paragraphs = paragraphChunks(docs, index.documentsById);
    const { untitled } = paragraphs;
    const chunks = options.articleLabels ? labelArticles(paragraphs.chunks) : paragraphs.chunks;
    if (untitled.length > 0) {
      warn(
        `warning: ${untitled.length} of the ${docs.length} documents in ${options.corpusDir} are not in the index ${options.indexDir} ` +
          `(e.g. ${untitled[0]}): the baselines and our engine are not searching the same documents`,
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
