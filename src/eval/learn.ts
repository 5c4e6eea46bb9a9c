// Learning from confirmed questions: question files in the eval formats (seed questions with
// their gold snippets, STARD with its gold articles) → the questions each clause answers, which
// the index builder indexes as the clause's learned field (常见问法). A question is learned by
// every clause that the eval would count as its answer.
import type { LearnedQuestions } from "../ingest/build/index.js";
import type { Half } from "./halves.js";
import { halfOf } from "./halves.js";
import { readQuestionFile, type EvalQuestion } from "./questions.js";
import { isGold } from "./scoring.js";

export interface LearnReport {
  questions: number;
  /** Questions no clause of the index answers (their gold is not in this corpus). */
  unmatched: number;
  pairs: number;
}

export function learnFrom(files: string[], half?: Half, report?: (r: LearnReport) => void): LearnedQuestions {
  const questions: EvalQuestion[] = files
    .flatMap((f) => readQuestionFile(f).questions)
    .filter((q) => !q.negative && (half === undefined || halfOf(q.id) === half));
  return (clauses, documents) => {
    const titles = new Map(documents.map((d) => [d.id, d.title]));
    const asResult = clauses.map((c) => ({ title: titles.get(c.docId) ?? "", label: c.label, text: c.text }));
    const byLaw = new Map<string, number[]>();
    asResult.forEach((r, i) => byLaw.set(r.title.trim(), [...(byLaw.get(r.title.trim()) ?? []), i]));
    const learned: { question: string; clauses: number[] }[] = [];
    let unmatched = 0;
    let pairs = 0;
    for (const q of questions) {
      // a statute question is answered in its law; a seed question anywhere its snippet is
      const pool = q.articles.length > 0 ? [...new Set(q.articles.flatMap((a) => byLaw.get(a.law.trim()) ?? []))] : asResult.map((_, i) => i);
      const answering = pool.filter((i) => isGold(asResult[i], q));
      if (answering.length === 0) unmatched++;
      else learned.push({ question: q.q, clauses: answering });
      pairs += answering.length;
    }
    report?.({ questions: questions.length, unmatched, pairs });
    return learned;
  };
}
