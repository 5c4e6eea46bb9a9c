// Learning from confirmed questions (常见问法): questions users asked, each with the clauses
// that answered it, kept in the index (`npm run index -- --learn FILE`). A new question is
// compared with each of them (BM25 over their words); the few most alike lend their clauses a
// boost, at most LEARNED_PARAMS.weight of the best clause's own score — they help a clause be
// found, they never outrank what the clauses themselves say by more than that.
import type { PreparedQuery } from "./rank.js";
import { findClause, idf, type CorpusStats } from "./stats.js";

// Chosen on STARD half a, learned from half b: weight 0.1 (0.2 and 0.3 lost hit@1, 0.446 →
// 0.418 / 0.397, for at most 0.003 of hit@5); 10 neighbours (5: no better).
export const LEARNED_PARAMS = {
  /** The most alike learned questions that lend their clauses a boost… */
  neighbours: 10,
  /** …of this share of the best own score, times their likeness to the best of them. */
  weight: 0.1,
  k1: 1.2,
  b: 0.75,
};

export interface LearnedMatch {
  /** Clause → boost, in units of the best clause's own score. */
  boosts: Map<number, number>;
  /** Share (information-weighted) of the question's topic words the most alike learned question holds. */
  coverage: number;
}

export function learnedMatch(stats: CorpusStats, q: PreparedQuery): LearnedMatch {
  const boosts = new Map<number, number>();
  const n = stats.learnedCount;
  if (n === 0) return { boosts, coverage: 0 };
  const { k1, b, neighbours, weight } = LEARNED_PARAMS;
  const scores = new Float64Array(n);
  const touched: number[] = [];
  const seen = new Set<string>();
  for (const t of q.terms) {
    if (seen.has(t.term)) continue;
    seen.add(t.term);
    const p = stats.learned(t.term);
    if (p.clauses.length === 0) continue;
    const w = t.weight * idf(n, p.clauses.length);
    for (let k = 0; k < p.clauses.length; k++) {
      const question = p.clauses[k];
      const tf = p.counts[k];
      const norm = 1 - b + (b * stats.learnedLength(question)) / stats.avg.learned;
      if (scores[question] === 0) touched.push(question);
      scores[question] += (w * tf * (k1 + 1)) / (tf + k1 * norm);
    }
  }
  const best = touched.sort((a, c) => scores[c] - scores[a] || a - c).slice(0, neighbours);
  if (best.length === 0) return { boosts, coverage: 0 };
  const top = scores[best[0]];
  for (const question of best) {
    for (const clause of stats.learnedAnswers(question)) boosts.set(clause, (boosts.get(clause) ?? 0) + (weight * scores[question]) / top);
  }
  let covered = 0;
  let total = 0;
  for (const t of q.topic) {
    total += t.info;
    if (findClause(stats.learned(t.term).clauses, best[0]) >= 0) covered += t.info;
  }
  return { boosts, coverage: total > 0 ? covered / total : 0 };
}
