// cppjieba DictTrie + Trie, over the lexicon's sorted entry string: no per-word work at cold
// start, lookups by binary search over the string itself. A key is in cppjieba's trie
// iff it is a prefix of some word, i.e. iff the first word >= key starts with key; the trie
// node carries a DictUnit iff that word is the key itself.

import { charCodeToClass, type Lexicon, splitWords } from "./lexicon";

/** cppjieba MIN_DOUBLE. */
export const MIN_DOUBLE = -3.14e100;
/** cppjieba MAX_WORD_LENGTH (runes). */
export const MAX_WORD_LENGTH = 512;

export interface Dict {
  /** The lexicon's entries: word + class char, sorted, joined by "\n". */
  entries: string;
  classes: (number | null)[];
  /** Weight of each class, computed on first use (NaN: not yet). */
  classWeights: Float64Array;
  fixups: Map<number, number>;
  freqSum: number;
  userWeight: number;
  minWeight: number;
  /** Single-rune user-dict words. */
  userSingles: Set<string>;
  /** Per first UTF-16 unit: the [start, end) char range of the entries that begin with it. */
  buckets: Map<number, [number, number]>;
}

export function buildDict(lex: Lexicon): Dict {
  if (lex.entries !== "" && (lex.entries.startsWith("\n") || lex.entries.endsWith("\n") || lex.entries.includes("\n\n"))) {
    throw new Error("invalid lexicon: empty entry");
  }
  return {
    entries: lex.entries,
    classes: lex.classes,
    classWeights: new Float64Array(lex.classes.length).fill(NaN),
    fixups: new Map<number, number>(lex.logFixups),
    freqSum: lex.freqSum,
    userWeight: lex.userWeight,
    minWeight: lex.minWeight,
    userSingles: new Set(splitWords(lex.userSingles)),
    buckets: new Map(),
  };
}

/** cppjieba: log(double(freq) / freqSum) with glibc's log; user words: the median weight. */
function classWeight(d: Dict, c: number): number {
  let w = d.classWeights[c];
  if (Number.isNaN(w)) {
    if (!(c >= 0 && c < d.classes.length)) throw new Error(`invalid lexicon: bad weight class ${c}`);
    const freq = d.classes[c];
    w = d.classWeights[c] = freq === null ? d.userWeight : (d.fixups.get(freq) ?? Math.log(freq / d.freqSum));
  }
  return w;
}

/** Trie lookup: the key's weight if it is a word, PREFIX if only a prefix of words, undefined if absent. */
export const PREFIX = null;
export function lookup(d: Dict, key: string): number | null | undefined {
  if (key === "") return undefined;
  const [from, to] = bucket(d, key.charCodeAt(0));
  const text = d.entries;
  const lo = firstEntryNotBelow(text, key, from, to);
  if (lo >= to) return undefined;
  const end = entryEnd(text, lo);
  const w = text.slice(lo, end - 1);
  if (w === key) return classWeight(d, charCodeToClass(text.charCodeAt(end - 1)));
  return w.startsWith(key) ? PREFIX : undefined;
}

/** The entries whose word starts with the unit c, found once per unit. */
function bucket(d: Dict, c: number): [number, number] {
  let range = d.buckets.get(c);
  if (!range) {
    const first = String.fromCharCode(c);
    const from = firstEntryNotBelow(d.entries, first, 0, d.entries.length);
    const to = c === 0xffff ? d.entries.length : firstEntryNotBelow(d.entries, String.fromCharCode(c + 1), from, d.entries.length);
    d.buckets.set(c, (range = [from, to]));
  }
  return range;
}

const entryEnd = (text: string, start: number) => {
  const end = text.indexOf("\n", start);
  return end === -1 ? text.length : end;
};

/**
 * Binary search over entry start positions in [from, to) (from is an entry start, to an entry
 * start or the end): the start of the first entry whose word is >= key, or `to`.
 */
function firstEntryNotBelow(text: string, key: string, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = Math.max(lo, text.lastIndexOf("\n", mid - 1) + 1);
    const end = entryEnd(text, start);
    if (text.slice(start, end - 1) < key) lo = end + 1;
    else hi = start;
  }
  return Math.min(lo, to);
}

/** Candidate ends of the DAG at one position: end index (inclusive) and weight (null: no word). */
export interface DagNode {
  ends: number[];
  weights: (number | null)[];
}

/**
 * cppjieba Trie::Find(begin, end, dags, max_word_len): for each position i, first the
 * single rune (with its weight if it is a word, else null), then every longer word
 * starting at i, in increasing length, walking until the key is no longer a prefix.
 */
export function buildDag(dict: Dict, chars: string[], begin: number, end: number, maxWordLen = MAX_WORD_LENGTH): DagNode[] {
  const dags: DagNode[] = new Array(end - begin);
  for (let i = begin; i < end; i++) {
    let key = chars[i];
    let v = lookup(dict, key);
    const node: DagNode = { ends: [i - begin], weights: [v === undefined ? null : v] };
    for (let j = i + 1; v !== undefined && j < end && j - i + 1 <= maxWordLen; j++) {
      key += chars[j];
      v = lookup(dict, key);
      if (v !== undefined && v !== PREFIX) {
        node.ends.push(j - begin);
        node.weights.push(v);
      }
    }
    dags[i - begin] = node;
  }
  return dags;
}

/** cppjieba DictTrie::Find(begin, end) != NULL: is the rune span [l, r] a word? */
export function isWord(dict: Dict, chars: string[], l: number, r: number): boolean {
  let key = "";
  for (let k = l; k <= r; k++) key += chars[k];
  const v = lookup(dict, key);
  return v !== undefined && v !== PREFIX;
}
