// Scoring, as ../shared/eval/README.md and ../shared/bench/stard/README.md define it. Pure.
import type { EvalQuestion, GoldArticle } from "./questions.js";

/** NFKC, then letters and digits only. */
export const normalise = (s: string): string => s.normalize("NFKC").replace(/[^\p{L}\p{N}]/gu, "");

export interface ScoredResult {
  title: string;
  label: string;
  text: string;
}

/** What one system returned for one question. */
export interface Answer {
  answered: boolean;
  results: ScoredResult[];
}

/** Seeds: the clause's normalised label + text contains one of the snippets. */
export function containsSnippet(result: ScoredResult, snippets: string[]): boolean {
  const text = normalise(result.label + result.text);
  return snippets.some((s) => {
    const n = normalise(s);
    return n !== "" && text.includes(n);
  });
}

/** STARD: the clause is in the gold law and labelled with the gold article, or its text contains the article's snippet. */
export function isArticle(result: ScoredResult, article: GoldArticle): boolean {
  if (result.title.trim() === article.law.trim() && normalise(result.label) === normalise(article.article)) return true;
  const snippet = normalise(article.snippet);
  return snippet !== "" && normalise(result.label + result.text).includes(snippet);
}

export function isGold(result: ScoredResult, q: Pick<EvalQuestion, "snippets" | "articles">): boolean {
  return containsSnippet(result, q.snippets) || q.articles.some((a) => isArticle(result, a));
}

/** 1-based position of the first gold result; null when none (or when the system abstained). */
export function rankOf(q: Pick<EvalQuestion, "snippets" | "articles">, answer: Answer): number | null {
  if (!answer.answered) return null;
  const i = answer.results.findIndex((r) => isGold(r, q));
  return i < 0 ? null : i + 1;
}

/** A question's outcome for one system. */
export interface Outcome {
  negative: boolean;
  /** Answered false, or returned nothing. */
  abstained: boolean;
  rank: number | null;
}

export function outcomeOf(q: EvalQuestion, answer: Answer): Outcome {
  return { negative: q.negative, abstained: !answer.answered || answer.results.length === 0, rank: q.negative ? null : rankOf(q, answer) };
}

export interface Metrics {
  /** Non-negative questions (the denominator of hit@k and MRR). */
  questions: number;
  negatives: number;
  hit1: number;
  hit3: number;
  hit5: number;
  mrr: number;
  /** Share of negatives abstained on; null when the set has no negatives. */
  abstention: number | null;
  /** Non-negative questions the system abstained on (counted as misses). */
  wronglyAbstained: number;
}

export function hitAt(outcomes: Outcome[], k: number): number {
  const pos = outcomes.filter((o) => !o.negative);
  return pos.length === 0 ? 0 : pos.filter((o) => o.rank !== null && o.rank <= k).length / pos.length;
}

export function mrr(outcomes: Outcome[]): number {
  const pos = outcomes.filter((o) => !o.negative);
  return pos.length === 0 ? 0 : pos.reduce((sum, o) => sum + (o.rank === null ? 0 : 1 / o.rank), 0) / pos.length;
}

export function abstention(outcomes: Outcome[]): number | null {
  const neg = outcomes.filter((o) => o.negative);
  return neg.length === 0 ? null : neg.filter((o) => o.abstained).length / neg.length;
}

export function metrics(outcomes: Outcome[]): Metrics {
  const pos = outcomes.filter((o) => !o.negative);
  return {
    questions: pos.length,
    negatives: outcomes.length - pos.length,
    hit1: hitAt(outcomes, 1),
    hit3: hitAt(outcomes, 3),
    hit5: hitAt(outcomes, 5),
    mrr: mrr(outcomes),
    abstention: abstention(outcomes),
    wronglyAbstained: pos.filter((o) => o.abstained).length,
  };
}
