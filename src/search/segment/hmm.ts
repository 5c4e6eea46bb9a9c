// cppjieba HMMSegment: ASCII letter/number rules, then Viterbi (B/E/M/S) on the rest.

import { MIN_DOUBLE } from "./dict";
import { decodeEmitProb, type HmmModelJson } from "./lexicon";
import type { Span } from "./mp";

// States: B=0, E=1, M=2, S=3 (cppjieba HMMModel order).
const E = 1;
const S = 3;
const STATUS_SUM = 4;

export interface HmmModel {
  start: number[];
  trans: number[][];
  /** Per state: code point → log emission probability. Missing: MIN_DOUBLE (as in cppjieba). */
  emit: EmitTable[];
}

export interface EmitTable {
  get(cp: number): number | undefined;
}

/**
 * The model over the lexicon's strings as they are: nothing is decoded up front (a worker's
 * cold start would pay for ~30,000 entries); a rune's probability is found by binary search
 * in the state's sorted rune string and decoded when first asked for.
 */
export function buildHmm(json: HmmModelJson): HmmModel {
  const emit = json.emit.map(([runes, codes]) => {
    if (/[\ud800-\udfff]/.test(runes)) return decodedTable(runes, codes);
    if (runes.length * 4 !== codes.length) throw new Error("invalid lexicon: hmm.emit runes/codes length mismatch");
    return sortedTable(runes, codes);
  });
  return { start: json.start, trans: json.trans, emit };
}

/** Runes all in the BMP: one UTF-16 unit each, so the i-th unit is the i-th rune. */
function sortedTable(runes: string, codes: string): EmitTable {
  const seen = new Map<number, number | undefined>();
  return {
    get(cp) {
      if (seen.has(cp)) return seen.get(cp);
      let lo = 0;
      let hi = runes.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (runes.charCodeAt(mid) < cp) lo = mid + 1;
        else hi = mid;
      }
      const prob = lo < runes.length && runes.charCodeAt(lo) === cp ? decodeEmitProb(codes, 4 * lo) : undefined;
      seen.set(cp, prob);
      return prob;
    },
  };
}

/** Runes beyond the BMP: decode the whole table once. */
function decodedTable(runes: string, codes: string): EmitTable {
  const m = new Map<number, number>();
  let at = 0;
  for (let i = 0; i < runes.length; i++) {
    const cp = runes.codePointAt(i)!;
    if (cp > 0xffff) i++;
    m.set(cp, decodeEmitProb(codes, at));
    at += 4;
  }
  if (at !== codes.length) throw new Error("invalid lexicon: hmm.emit runes/codes length mismatch");
  return m;
}

const isLetter = (x: number) => (x >= 0x61 && x <= 0x7a) || (x >= 0x41 && x <= 0x5a);
const isDigit = (x: number) => x >= 0x30 && x <= 0x39;

/** SequentialLetterRule: [A-Za-z][A-Za-z0-9]*; returns the end index (== begin if no match). */
function letterRule(cps: number[], begin: number, end: number): number {
  if (!isLetter(cps[begin])) return begin;
  let i = begin + 1;
  while (i < end && (isLetter(cps[i]) || isDigit(cps[i]))) i++;
  return i;
}

/** NumbersRule: [0-9][0-9.]* */
function numbersRule(cps: number[], begin: number, end: number): number {
  if (!isDigit(cps[begin])) return begin;
  let i = begin + 1;
  while (i < end && (isDigit(cps[i]) || cps[i] === 0x2e)) i++;
  return i;
}

/** HMMSegment::Cut(begin, end, res): ASCII runes are cut by rules, runs of non-ASCII by Viterbi. */
export function hmmCut(model: HmmModel, cps: number[], begin: number, end: number, out: Span[]): void {
  let left = begin;
  let right = begin;
  while (right !== end) {
    if (cps[right] < 0x80) {
      if (left !== right) internalCut(model, cps, left, right, out);
      left = right;
      right = letterRule(cps, left, end);
      if (right === left) right = numbersRule(cps, left, end);
      if (right === left) right++;
      out.push([left, right - 1]);
      left = right;
    } else {
      right++;
    }
  }
  if (left !== right) internalCut(model, cps, left, right, out);
}

function internalCut(model: HmmModel, cps: number[], begin: number, end: number, out: Span[]): void {
  const status = viterbi(model, cps, begin, end);
  let left = begin;
  for (let i = 0; i < status.length; i++) {
    if (status[i] % 2) {
      // E or S ends a word
      out.push([left, begin + i]);
      left = begin + i + 1;
    }
  }
}

function viterbi(model: HmmModel, cps: number[], begin: number, end: number): number[] {
  const Y = STATUS_SUM;
  const X = end - begin;
  const path = new Int32Array(X * Y);
  const weight = new Float64Array(X * Y);
  const emitOf = (y: number, x: number) => model.emit[y].get(cps[begin + x]) ?? MIN_DOUBLE;

  for (let y = 0; y < Y; y++) {
    weight[y * X] = model.start[y] + emitOf(y, 0);
    path[y * X] = -1;
  }
  for (let x = 1; x < X; x++) {
    for (let y = 0; y < Y; y++) {
      const now = x + y * X;
      weight[now] = MIN_DOUBLE;
      path[now] = E; // cppjieba's default when no predecessor beats MIN_DOUBLE
      const emitProb = emitOf(y, x);
      for (let preY = 0; preY < Y; preY++) {
        const old = x - 1 + preY * X;
        const tmp = weight[old] + model.trans[preY][y] + emitProb; // same order as C++
        if (tmp > weight[now]) {
          weight[now] = tmp;
          path[now] = preY;
        }
      }
    }
  }
  const endE = weight[X - 1 + E * X];
  const endS = weight[X - 1 + S * X];
  let stat = endE >= endS ? E : S;
  const status = new Array<number>(X);
  for (let x = X - 1; x >= 0; x--) {
    status[x] = stat;
    stat = path[x + stat * X];
  }
  return status;
}
