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
import { findClause } from "../search/stats.js";
import { documentClauses } from "./rows.js";

/** Where a word is: the clauses whose own text holds it, and those whose heading path does. */
export interface WordLists {
  text: Int32Array;
  heading: Int32Array;
}

/** A relative margin on every bound, far above the error of adding a few dozen doubles in another order. */
const MARGIN = 1e-9;
/**
 * A clause looked up costs about this many postings read: its row (the record and its words) is
 * ~2.5 KB of JSON to send and parse, a posting ~1.5 characters of varint (measured at 1M clauses):
 * when the clauses in doubt would cost more than the lists left unread, those are read instead.
 */
export const LOOKUP_COST = 2_000;
/** Clauses per block of the sums' maxima (2^SHIFT). */
const SHIFT = 6;
const BLOCK = 1 << SHIFT;

export interface CandidateLists {
  size: number;
  /** Per query word (the prepared query's order): the clauses whose text, and whose heading path, hold it (ascending), or undefined when not read yet. */
  words: (WordLists | undefined)[];
  /** Per query bigram: the clauses that hold it, or undefined. */
  grams: (Int32Array | undefined)[];
  /** How many postings a list has (read or not). */
  count(kind: "words" | "grams", j: number): number;
  /** Each document's first clause, ascending (a document's clauses run to the next one's first, the last's to `size`). */
  documentStarts: ArrayLike<number>;
  /** The documents from the places the question names, ascending (when it names any). */
  localDocuments?: number[];
  /** Reads these lists in full (indexes into words and grams). */
  read(words: number[], grams: number[]): Promise<void>;
  /** Looks up these clauses: for each, which query words (bit 1 text, bit 2 heading) and bigrams it holds. */
  lookUp(clauses: number[]): Promise<(i: number) => { words: (j: number) => number; grams: (j: number) => boolean }>;
}

interface Problem {
  kind: "words" | "grams";
  n: number;
  /** Only the clauses of the documents from the places the question names. */
  local?: boolean;
}

export async function tierCandidates(q: CandidateQuery, lists: CandidateLists, { lookupCost = LOOKUP_COST } = {}): Promise<Set<number>> {
  const { prepared: p, counts } = q;
  const { words: inText, heading: inHeading } = RANK_PARAMS.field;
  const upper = { words: p.terms.map((t) => wordWeight(t) * (inText + inHeading)), grams: p.grams.map((g) => g.idf) };
  const problems: Problem[] = [
    { kind: "words", n: counts.words },
    { kind: "grams", n: counts.grams },
    ...(q.local ? [{ kind: "words" as const, n: counts.region, local: true }] : []),
  ];
  const unread = (kind: Problem["kind"]) => lists[kind].flatMap((l, j) => (l ? [] : [j]));
  // clause ranges: a document's clauses, the whole library, the places' documents, the documents with a factor
  const starts = lists.documentStarts;
  const range = (d: number) => documentClauses(starts, lists.size, d);
  const everything: [number, number][] = [[0, lists.size]];
  const localRanges = (lists.localDocuments ?? []).map(range);
  const factorRanges = [...(q.documentFactors ?? new Map<number, number>())].sort((x, y) => x[0] - y[0]).map(([d, factor]) => [...range(d), factor] as const);
  const buffers: { words?: Float64Array; grams?: Float64Array } = {};
  const summed: { words?: Float64Array; grams?: Float64Array } = {};
  // per block of BLOCK clauses, at least the largest of their sums: a sweep passes over a block that cannot matter
  const blocks = Math.ceil(lists.size / BLOCK);
  const maxBuffers: { words?: Float64Array; grams?: Float64Array } = {};
  const tops = new Map<Problem, number[]>();

  // 1–2: the lists each problem needs, read
  const need = { words: new Set<number>(), grams: new Set<number>() };
  for (const problem of problems) for (const j of needed(problem.kind, threshold(problem))) need[problem.kind].add(j);
  if (need.words.size + need.grams.size > 0) {
    await lists.read([...need.words], [...need.grams]);
    forget();
  }

  // 3: a problem whose lists are all read has its scores (the same sums, added in the same order,
  // as in memory); for the others, the clauses in doubt are looked up, or the lists left are read
  // when that costs less
  const open = (problem: Problem) => unread(problem.kind).length > 0;
  const unreadPostings = (["words", "grams"] as const).reduce((sum, kind) => sum + unread(kind).reduce((n, j) => n + lists.count(kind, j), 0), 0);
  const limit = Math.floor(unreadPostings / lookupCost);
  let doubt = problems.map((problem) => (open(problem) ? inDoubt(problem, limit + 1) : []));
  if (new Set(doubt.flat()).size > limit) {
    await lists.read(unread("words"), unread("grams"));
    forget();
    doubt = problems.map(() => []);
  }
  const all = [...new Set(doubt.flat())].sort((a, b) => a - b);
  const lookedUp = all.length > 0 ? await lists.lookUp(all) : undefined;
  const out = new Set<number>();
  problems.forEach((problem, k) => {
    let top: number[];
    if (open(problem)) {
      const scores = new Map<number, number>();
      for (const i of doubt[k]) scores.set(i, exact(problem.kind, i, lookedUp));
      top = best(doubt[k], (i) => scores.get(i)!, problem.n);
    } else top = bestKnown(problem);
    for (const i of top) out.add(i);
  });
  return out;

  /**
   * Each clause's pre-score on the lists read so far, times its document's factor: one pass per
   * kind, in the prepared query's order, in an array of this question's (transient, 8 bytes a
   * clause of the library), kept until more lists are read.
   */
  function sums(kind: Problem["kind"]): Float64Array {
    const cached = summed[kind];
    if (cached) return cached;
    const scores = (buffers[kind] ??= new Float64Array(lists.size));
    const maxima = (maxBuffers[kind] ??= new Float64Array(blocks));
    const add = (l: Int32Array, weight: number) => {
      for (let k = 0; k < l.length; k++) {
        const i = l[k];
        const s = (scores[i] += weight);
        if (s > maxima[i >>> SHIFT]) maxima[i >>> SHIFT] = s;
      }
    };
    // per word its text list, then its heading list: a clause gets, word by word, the text
    // weight then the heading weight, the order candidateSet adds them in
    if (kind === "words") {
      p.terms.forEach((t, j) => {
        const l = lists.words[j];
        if (!l) return;
        const w = wordWeight(t);
        const text = w * inText;
        const heading = w * inHeading;
        add(l.text, text);
        add(l.heading, heading);
      });
    } else {
      p.grams.forEach((g, j) => {
        const l = lists.grams[j];
        if (l) add(l, g.idf);
      });
    }
    for (const [from, to, factor] of factorRanges)
      for (let i = from; i < to; i++) {
        if (scores[i] === 0) continue;
        const s = (scores[i] *= factor);
        if (s > maxima[i >>> SHIFT]) maxima[i >>> SHIFT] = s;
      }
    return (summed[kind] = scores);
  }

  /** Lists were read: the sums are made again (in order) when next asked for. */
  function forget() {
    tops.clear();
    for (const kind of ["words", "grams"] as const) {
      summed[kind]?.fill(0);
      if (summed[kind]) maxBuffers[kind]?.fill(0);
      summed[kind] = undefined;
    }
  }

  /** The n best clauses on the sums (ties: document order), in one sweep of the problem's clauses; kept until more lists are read. */
  function bestKnown(problem: Problem): number[] {
    let top = tops.get(problem);
    if (!top) tops.set(problem, (top = sweepBest(problem)));
    return top;
  }

  // best()'s insertion, inlined: it runs over every clause of a library-sized array, where a
  // generator feeding best() cost several times more
  function sweepBest(problem: Problem): number[] {
    const scores = sums(problem.kind);
    const n = problem.n;
    const top: number[] = [];
    if (n <= 0) return top;
    const cutoff = () => (top.length === n ? scores[top[n - 1]] : -Infinity);
    eachScored(problem, (max) => max < cutoff(), (i) => {
      const s = scores[i];
      // clauses come in ascending order: a later one with an equal score goes after
      if (top.length === n && s <= scores[top[n - 1]]) return;
      let k = top.length < n ? top.push(i) - 1 : n - 1;
      while (k > 0 && s > scores[top[k - 1]]) {
        top[k] = top[k - 1];
        k--;
      }
      top[k] = i;
    });
    return top;
  }

  /**
   * visit(i) for every clause of the problem with a score, ascending, until it returns true: from
   * the lists read when they are few (a list of their clauses), else in a sweep of its ranges,
   * passing over the blocks whose largest sum `skip` rules out.
   */
  function eachScored(problem: Problem, skip: (max: number) => boolean, visit: (i: number) => boolean | void): void {
    const scores = sums(problem.kind);
    const ids = listed(problem);
    if (ids) {
      for (const i of ids) if (visit(i)) return;
      return;
    }
    const maxima = maxBuffers[problem.kind]!;
    for (const [from, to] of problem.local ? localRanges : everything) {
      for (let b = from >>> SHIFT; b << SHIFT < to; b++) {
        if (skip(maxima[b])) continue;
        const end = Math.min(to, (b + 1) << SHIFT);
        for (let i = Math.max(from, b << SHIFT); i < end; i++) if (scores[i] !== 0 && visit(i)) return;
      }
    }
  }

  /** The clauses on the lists read (of the problem's ranges), ascending, when they are under an eighth of the library; else undefined. */
  function listed(problem: Problem): number[] | undefined {
    const read = problem.kind === "words" ? lists.words.flatMap((l) => (l ? [l.text, l.heading] : [])) : lists.grams.flatMap((l) => (l ? [l] : []));
    const total = read.reduce((n, l) => n + l.length, 0);
    if (total * 8 > lists.size) return undefined;
    const ids = new Int32Array(total);
    let k = 0;
    for (const l of read) {
      ids.set(l, k);
      k += l.length;
    }
    ids.sort();
    const out: number[] = [];
    for (let m = 0; m < ids.length; m++) if ((m === 0 || ids[m] !== ids[m - 1]) && (!problem.local || isLocal(ids[m]))) out.push(ids[m]);
    return out;
  }

  /** Whether clause i is in one of the places' documents (binary search over their ranges). */
  function isLocal(i: number): boolean {
    let lo = 0;
    let hi = localRanges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (localRanges[mid][1] <= i) lo = mid + 1;
      else hi = mid;
    }
    return lo < localRanges.length && localRanges[lo][0] <= i;
  }

  /** The n-th best lower bound (0 when fewer than n clauses). */
  function threshold(problem: Problem): number {
    const top = bestKnown(problem);
    return top.length === problem.n ? sums(problem.kind)[top[problem.n - 1]] : 0;
  }

  /** The unread lists a clause must be on to reach the threshold: all but the lightest ones whose weights together cannot. */
  function needed(kind: Problem["kind"], threshold: number): number[] {
    const open = unread(kind).sort((a, b) => upper[kind][a] - upper[kind][b]);
    let sum = 0;
    let k = 0;
    while (k < open.length && q.maxFactor * (sum + upper[kind][open[k]]) * (1 + MARGIN) < threshold * (1 - MARGIN)) sum += upper[kind][open[k++]];
    return open.slice(k);
  }

  /**
   * The clauses that may still be among the n best: upper bound (known part + the unread lists'
   * weights at the clause's factor) at least the n-th best lower bound. Stops past `limit`.
   */
  function inDoubt(problem: Problem, limit: number): number[] {
    const rest = unread(problem.kind).reduce((sum, j) => sum + upper[problem.kind][j], 0);
    const least = threshold(problem) * (1 - MARGIN);
    const scores = sums(problem.kind);
    const out: number[] = [];
    let f = 0;
    const beyond = q.maxFactor * rest;
    eachScored(problem, (max) => (max + beyond) * (1 + MARGIN) < least, (i) => {
      while (f < factorRanges.length && factorRanges[f][1] <= i) f++;
      const factor = f < factorRanges.length && factorRanges[f][0] <= i ? factorRanges[f][2] : 1;
      return (scores[i] + factor * rest) * (1 + MARGIN) >= least && out.push(i) >= limit;
    });
    return out;
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
          return (findClause(l.text, i) >= 0 ? 1 : 0) | (findClause(l.heading, i) >= 0 ? 2 : 0);
        },
        factor,
      );
    }
    return gramScore(
      p,
      (j) => {
        const l = lists.grams[j];
        return l ? findClause(l, i) >= 0 : row!.grams(j);
      },
      factor,
    );
  }
}
