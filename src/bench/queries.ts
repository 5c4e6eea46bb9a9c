// The fixed question list the latency figures run: every public eval question (31) and an
// evenly spaced sample of the STARD legal queries (questions this corpus mostly cannot
// answer, so the abstaining path is timed too).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../cli/paths.js";

export const EVAL_QUESTIONS = join(REPO_ROOT, "..", "shared", "eval", "questions.public.json");
export const STARD_QUERIES = join(REPO_ROOT, "..", "shared", "bench", "stard", "queries.public.json");

export interface BenchQuery {
  id: string;
  q: string;
}

const FALLBACK: BenchQuery[] = [
  { id: "f1", q: "成都2017年一季度工业投资计划完成多少" },
  { id: "f2", q: "企业发展互助资金能调贷多少" },
  { id: "f3", q: "十堰市技改项目有什么补助" },
];

function read(file: string): BenchQuery[] {
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, "utf8")) as { id: string; q: string }[]).map(({ id, q }) => ({ id, q }));
}

export function benchQueries(stardSample = 30): { queries: BenchQuery[]; sources: string[] } {
  const evalQs = read(EVAL_QUESTIONS);
  const stard = read(STARD_QUERIES);
  const step = Math.max(1, Math.floor(stard.length / stardSample));
  const sample = stard.filter((_, i) => i % step === 0).slice(0, stardSample);
  const queries = [...evalQs, ...sample];
  if (queries.length === 0) return { queries: FALLBACK, sources: ["built-in fallback (question files not found)"] };
  return { queries, sources: [`${evalQs.length} eval questions`, `${sample.length} STARD queries (every ${step}th)`] };
}
