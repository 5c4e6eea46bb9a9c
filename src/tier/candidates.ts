// The candidates (src/search/candidates.ts) without reading every posting list in full. A
// clause's pre-score is a sum of fixed weights, one per list it is on (a word in its text, in its
// heading, a bigram), times its document's factor (at most `maxFactor`). So, as in MaxScore:
//   1. the short lists come with the first round; the n-th best lower bound they give is a
//      threshold no candidate is below;
//   2. the long lists whose weights, all together and at the largest factor, could not reach that
//      threshold are not needed to find candidates (a clause on those alone cannot be one); the
//      others are read in full;
//   3. every clause on a list read now has its score within known bounds; those that may still
//      reach the n-th best lower bound are looked up in the clause store, where each clause
//      carries its own words (src/tier/schema.ts), and scored exactly, adding the same weights
//      in the same order as the in-memory engine, so the n best are the same clauses.
// When looking the clauses in doubt up would cost more than reading the lists left, those are
// read after all (exact either way). The bounds use a relative margin far above floating-point error.
import { best, gramScore, wordScore, wordWeight, type CandidateQuery } from "../search/candidates.js";
import { RANK_PARAMS } from "../search/rank.js";
import { findClause, type GramPostings, type WordPostings } from "../search/stats.js";

/** A relative margin on every bound, far above the error of adding a few dozen doubles in another order. */
const MARGIN = 1e-9;
/**
 * A clause looked up costs about this many postings read (its row: the record and its words,
 * ~2.5 KB of JSON, against ~6 characters a posting): when the clauses in doubt would cost more
 * than the lists left unread, those are read instead.
 */
export const LOOKUP_COST = 400;

export interface CandidateLists {
  size: number;
  /** Per query word (the prepared query's order): its postings, or undefined when not read yet. */
  words: (WordPostings | undefined)[];
  /** Per query bigram: its postings, or undefined. */
  grams: (GramPostings | undefined)[];
  /** How many postings a list has (read or not). */
  count(kind: "words" | "grams", j: number): number;
  /** Reads these lists in full (indexes into words and grams). */
  read(words: number[], grams: number[]): Promise<void>;
  /** Looks up these clauses: for each, which query words (bit 1 text, bit 2 heading) and bigrams it holds. */
  lookUp(clauses: number[]): Promise<(i: number) => { words: (j: number) => number; grams: (j: number) => boolean }>;
}

interface Problem {
  kind: "words" | "grams";
  n: number;
  filter?: (i: number) => boolean;
}

export async function tierCandidates(q: CandidateQuery, lists: CandidateLists, { lookupCost = LOOKUP_COST } = {}): Promise<Set<number>> {
  const { prepared: p, counts } = q;
  const f = (i: number) => (q.factor ? q.factor(i) : 1);
  const { words: inText, heading: inHeading } = RANK_PARAMS.field;
  const upper = { words: p.terms.map((t) => wordWeight(t) * (inText + inHeading)), grams: p.grams.map((g) => g.idf) };
  const problems: Problem[] = [
    { kind: "words", n: counts.words },
    { kind: "grams", n: counts.grams },
    ...(q.local ? [{ kind: "words" as const, n: counts.region, filter: q.local }] : []),
  ];
  const unread = (kind: Problem["kind"]) => lists[kind].flatMap((l, j) => (l ? [] : [j]));

  // 1–2: the lists each problem needs, read
  const need = { words: new Set<number>(), grams: new Set<number>() };
  for (const problem of problems) {
    const least = known(problem, (clauses, scores) => threshold(problem, clauses, scores));
    for (const j of needed(problem.kind, least)) need[problem.kind].add(j);
  }
  if (need.words.size + need.grams.size > 0) await lists.read([...need.words], [...need.grams]);

  // 3: the clauses in doubt, looked up, or every list read when they are too many
  let doubt = problems.map((problem) => inDoubt(problem));
  const unreadPostings = (["words", "grams"] as const).reduce((sum, kind) => sum + unread(kind).reduce((n, j) => n + lists.count(kind, j), 0), 0);
  if (new Set(doubt.flat()).size * lookupCost > unreadPostings) {
    await lists.read(unread("words"), unread("grams"));
    doubt = problems.map((problem) => inDoubt(problem));
  }
  const all = [...new Set(doubt.flat())].sort((a, b) => a - b);
  const lookedUp = unread("words").length + unread("grams").length > 0 ? await lists.lookUp(all) : undefined;
  const out = new Set<number>();
  problems.forEach((problem, k) => {
    const scores = new Map<number, number>();
    for (const i of doubt[k]) scores.set(i, exact(problem.kind, i, lookedUp));
    for (const i of best(doubt[k], (i) => scores.get(i)!, problem.n)) out.add(i);
  });
  return out;

  /**
   * f(clauses, score) over the known part of each clause's pre-score on the lists read so far
   * (the clauses on any of them, filtered), kept in a table the size of those lists, not of the
   * library.
   */
  function known<T>(problem: Problem, use: (clauses: number[], score: (i: number) => number) => T): T {
    const read = problem.kind === "words" ? lists.words : lists.grams;
    const table = new ScoreTable(read.reduce((n, l) => n + (l?.clauses.length ?? 0), 0));
    const clauses: number[] = [];
    const add = (i: number, w: number) => {
      if (problem.filter && !problem.filter(i)) return;
      if (table.add(i, w)) clauses.push(i);
    };
    if (problem.kind === "words") {
      p.terms.forEach((t, j) => {
        const l = lists.words[j];
        if (!l) return;
        const w = wordWeight(t);
        for (let k = 0; k < l.clauses.length; k++) {
          if (l.words[k] > 0) add(l.clauses[k], w * inText);
          if (l.heading[k] > 0) add(l.clauses[k], w * inHeading);
        }
      });
    } else {
      p.grams.forEach((g, j) => {
        const l = lists.grams[j];
        if (l) for (let k = 0; k < l.clauses.length; k++) add(l.clauses[k], g.idf);
      });
    }
    for (const i of clauses) table.scale(i, f(i));
    return use(clauses, (i) => table.get(i));
  }

  /** The n-th best lower bound (0 when fewer than n clauses). */
  function threshold(problem: Problem, clauses: number[], score: (i: number) => number): number {
    const top = best(clauses, score, problem.n);
    return top.length === problem.n ? score(top[problem.n - 1]) : 0;
  }

  /** The unread lists a clause must be on to reach the threshold: all but the lightest ones whose weights together cannot. */
  function needed(kind: Problem["kind"], threshold: number): number[] {
    const open = unread(kind).sort((a, b) => upper[kind][a] - upper[kind][b]);
    let sum = 0;
    let k = 0;
    while (k < open.length && q.maxFactor * (sum + upper[kind][open[k]]) * (1 + MARGIN) < threshold * (1 - MARGIN)) sum += upper[kind][open[k++]];
    return open.slice(k);
  }

  /** The clauses that may still be among the n best: upper bound at least the n-th best lower bound. */
  function inDoubt(problem: Problem): number[] {
    const rest = unread(problem.kind).reduce((sum, j) => sum + upper[problem.kind][j], 0);
    return known(problem, (clauses, score) => {
      const least = threshold(problem, clauses, score);
      return clauses.filter((i) => (score(i) + f(i) * rest) * (1 + MARGIN) >= least * (1 - MARGIN));
    });
  }

  /** A clause's pre-score, exactly as the in-memory engine adds it. */
  function exact(kind: Problem["kind"], i: number, lookedUp?: Awaited<ReturnType<CandidateLists["lookUp"]>>): number {
    const factor = q.factor ? q.factor(i) : undefined;
    const row = lookedUp?.(i);
    if (kind === "words") {
      return wordScore(
        p,
        (j) => {
          const l = lists.words[j];
          if (!l) return row!.words(j);
          const k = findClause(l.clauses, i);
          return k < 0 ? 0 : (l.words[k] > 0 ? 1 : 0) | (l.heading[k] > 0 ? 2 : 0);
        },
        factor,
      );
    }
    return gramScore(
      p,
      (j) => {
        const l = lists.grams[j];
        return l ? findClause(l.clauses, i) >= 0 : row!.grams(j);
      },
      factor,
    );
  }
}

/** Clause → score, open addressing in typed arrays sized for `entries` clauses at most. */
class ScoreTable {
  private keys: Int32Array;
  private values: Float64Array;
  private mask: number;
  constructor(entries: number) {
    let capacity = 16;
    while (capacity < 2 * entries) capacity *= 2;
    this.keys = new Int32Array(capacity).fill(-1);
    this.values = new Float64Array(capacity);
    this.mask = capacity - 1;
  }
  private slot(i: number): number {
    let h = Math.imul(i, 0x9e3779b1) & this.mask;
    while (this.keys[h] !== -1 && this.keys[h] !== i) h = (h + 1) & this.mask;
    return h;
  }
  /** Adds w to clause i's score; true when i was not there yet. */
  add(i: number, w: number): boolean {
    const h = this.slot(i);
    const fresh = this.keys[h] === -1;
    this.keys[h] = i;
    this.values[h] += w;
    return fresh;
  }
  scale(i: number, factor: number): void {
    this.values[this.slot(i)] *= factor;
  }
  get(i: number): number {
    const h = this.slot(i);
    return this.keys[h] === i ? this.values[h] : 0;
  }
}
