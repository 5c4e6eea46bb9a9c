// Runs every system on the same questions and collects the figures.
import type { EvalQuestion, QuestionFormat, QuestionSet } from "./questions.js";
import { metrics, outcomeOf, type Answer, type Metrics, type Outcome } from "./scoring.js";
import type { RetrievalSystem } from "./system.js";

export interface SystemRun {
  name: string;
  metrics: Metrics;
  msPerQuery: number;
  /** Time to build the system (baselines index the corpus), when measured. */
  buildMs?: number;
  outcomes: Outcome[];
  answers: Answer[];
}

export interface EvalRun {
  format: QuestionFormat;
  /** The half of the questions run (src/eval/halves.ts), when not all. */
  half?: "a" | "b";
  k: number;
  questions: EvalQuestion[];
  systems: SystemRun[];
}

export async function runSystem(system: RetrievalSystem, questions: EvalQuestion[], k: number): Promise<Omit<SystemRun, "buildMs">> {
  const answers: Answer[] = [];
  const started = performance.now();
  for (const q of questions) answers.push(await system.search(q.q, k));
  const elapsed = performance.now() - started;
  const outcomes = questions.map((q, i) => outcomeOf(q, answers[i]));
  return { name: system.name, metrics: metrics(outcomes), msPerQuery: questions.length ? elapsed / questions.length : 0, outcomes, answers };
}

export async function runEval(
  set: QuestionSet,
  systems: { system: RetrievalSystem; buildMs?: number }[],
  k = 5,
): Promise<EvalRun> {
  const runs: SystemRun[] = [];
  for (const { system, buildMs } of systems) runs.push({ ...(await runSystem(system, set.questions, k)), ...(buildMs !== undefined ? { buildMs } : {}) });
  return { format: set.format, k, questions: set.questions, systems: runs };
}

export interface Lead {
  versus: string;
  /** Our hit@1 / the best baseline's hit@1 (null when that is 0). */
  hit1: number | null;
  hit5: number | null;
}

/** The first system against the best of the others, on hit@1 and hit@5. */
export function leadOf(run: EvalRun): Lead | undefined {
  const [ours, ...baselines] = run.systems;
  if (!ours || baselines.length === 0) return undefined;
  const best = (key: "hit1" | "hit5") => Math.max(...baselines.map((b) => b.metrics[key]));
  const ratio = (key: "hit1" | "hit5") => (best(key) === 0 ? null : ours.metrics[key] / best(key));
  const versus = baselines.reduce((a, b) => (b.metrics.hit1 > a.metrics.hit1 ? b : a)).name;
  return { versus, hit1: ratio("hit1"), hit5: ratio("hit5") };
}

export interface Miss {
  id: string;
  q: string;
  gold: string[];
  rank: number | null;
  abstained: boolean;
  top: { title: string; label: string }[];
}

/** The questions the first system does not answer at rank 1 (non-negatives), and the negatives it answered. */
export function missesOf(run: EvalRun, system = 0): { misses: Miss[]; negativesAnswered: Miss[] } {
  const s = run.systems[system];
  const toMiss = (q: EvalQuestion, i: number): Miss => ({
    id: q.id,
    q: q.q,
    gold: q.negative ? [] : q.snippets.length > 0 ? q.snippets : q.articles.map((a) => `${a.law} ${a.article}`),
    rank: s.outcomes[i].rank,
    abstained: s.outcomes[i].abstained,
    top: s.answers[i].results.slice(0, 3).map((r) => ({ title: r.title, label: r.label })),
  });
  const misses: Miss[] = [];
  const negativesAnswered: Miss[] = [];
  run.questions.forEach((q, i) => {
    const o = s.outcomes[i];
    if (!q.negative && o.rank !== 1) misses.push(toMiss(q, i));
    if (q.negative && !o.abstained) negativesAnswered.push(toMiss(q, i));
  });
  return { misses, negativesAnswered };
}
