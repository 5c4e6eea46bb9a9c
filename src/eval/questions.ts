// Question files: the seed set (../shared/eval/questions.public.json: gold snippets, kinds,
// negatives) and STARD (../shared/bench/stard/queries.public.json: gold law + article +
// snippet). The format is detected from the fields; both become EvalQuestion.
import { readFileSync } from "node:fs";
import { z } from "zod";

export const SeedQuestion = z.object({
  id: z.string().min(1),
  q: z.string().min(1),
  doc: z.string().nullable(),
  gold: z.array(z.string()),
  kind: z.enum(["direct", "paraphrase", "traditional", "region", "negative"]),
});

export const GoldArticle = z.object({
  law: z.string().min(1),
  article: z.string().regex(/^第.+条(之.+)?$/),
  snippet: z.string().min(1),
});
export type GoldArticle = z.infer<typeof GoldArticle>;

export const StardQuestion = z.object({
  id: z.string().min(1),
  q: z.string().min(1),
  gold: z.array(GoldArticle).min(1),
});

export type QuestionFormat = "seeds" | "stard";

export interface EvalQuestion {
  id: string;
  q: string;
  kind: string;
  /** Nothing in the documents answers it: the right answer is to abstain. */
  negative: boolean;
  /** Seeds: a returned clause answers when its normalised label + text contains one of these. */
  snippets: string[];
  /** STARD: a returned clause answers when it is one of these articles. */
  articles: GoldArticle[];
}

export interface QuestionSet {
  format: QuestionFormat;
  questions: EvalQuestion[];
}

export class QuestionFileError extends Error {}

/** Seeds when the entries have `kind`, STARD when their gold entries are objects. */
export function detectFormat(data: unknown): QuestionFormat {
  if (!Array.isArray(data) || data.length === 0) throw new QuestionFileError("问题文件应为非空的 JSON 数组");
  const first = data[0] as Record<string, unknown> | null;
  if (first && typeof first === "object" && "kind" in first) return "seeds";
  if (first && typeof first === "object" && Array.isArray(first.gold) && typeof first.gold[0] === "object") return "stard";
  throw new QuestionFileError("无法识别问题文件格式：既不是种子问题格式 {id,q,doc,gold,kind}，也不是 STARD 格式 {id,q,gold:[{law,article,snippet}]}");
}

export function parseQuestions(data: unknown): QuestionSet {
  const format = detectFormat(data);
  const schema = format === "seeds" ? z.array(SeedQuestion) : z.array(StardQuestion);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `[${i.path.join(".")}] ${i.message}`);
    throw new QuestionFileError(`问题文件格式错误（按${format === "seeds" ? "种子问题" : " STARD "}格式读）：${issues.join("; ")}`);
  }
  const questions: EvalQuestion[] =
    format === "seeds"
      ? (parsed.data as z.infer<typeof SeedQuestion>[]).map((x) => ({
          id: x.id,
          q: x.q,
          kind: x.kind,
          negative: x.kind === "negative",
          snippets: x.gold,
          articles: [],
        }))
      : (parsed.data as z.infer<typeof StardQuestion>[]).map((x) => ({ id: x.id, q: x.q, kind: "stard", negative: false, snippets: [], articles: x.gold }));
  const bad = questions.find((x) => !x.negative && x.snippets.length === 0 && x.articles.length === 0);
  if (bad) throw new QuestionFileError(`问题 ${bad.id} 不是 negative，却没有 gold（标准答案）`);
  return { format, questions };
}

export function readQuestionFile(file: string): QuestionSet {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new QuestionFileError(`找不到问题文件：${file}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new QuestionFileError(`问题文件不是合法的 JSON：${file}（${error instanceof Error ? error.message : error}）`);
  }
  return parseQuestions(data);
}
