// cppjieba DictTrie + Trie, over the lexicon's sorted word string: no per-word work at cold
// start (one indexOf scan for word offsets), lookups by binary search. A key is in cppjieba's trie
// iff it is a prefix of some word, i.e. iff the first word >= key starts with key; the trie
// node carries a DictUnit iff that word is the key itself.

import { charCodeToClass, type Lexicon, splitWords } from "./lexicon";

/** cppjieba MIN_DOUBLE. */
export const MIN_DOUBLE = -3.14e100;
/** cppjieba MAX_WORD_LENGTH (runes). */
export const MAX_WORD_LENGTH = 512;

export interface Dict {
  /** Sorted words joined by " ". */
  text: string;
  /** starts[k]: offset of word k in text; starts[n] = text.length + 1. */
  starts: Uint32Array;
  /** Weight class of each word (as char codes, see lexicon.ts). */
  wordClasses: string;
  classWeights: Float64Array;
  minWeight: number;
  /** Single-rune user-dict words. */
  userSingles: Set<string>;
}

export function buildDict(lex: Lexicon): Dict {
  const text = lex.words;
  const n = lex.wordClasses.length;
  const starts = new Uint32Array(n + 1);
  let k = 1;
  for (let i = text.indexOf(" "); i !== -1; i = text.indexOf(" ", i + 1)) {
    if (k >= n) throw new Error("invalid lexicon: more words than wordClasses");
    starts[k++] = i + 1;
  }
  if ((text === "" ? 0 : k) !== n) throw new Error("invalid lexicon: fewer words than wordClasses");
  starts[n] = text.length + 1;

  const fixups = new Map<number, number>(lex.logFixups);
  const classWeights = new Float64Array(lex.classes.length);
  lex.classes.forEach((freq, c) => {
    // cppjieba: log(double(freq) / freqSum) with glibc's log; user words: median weight.
    classWeights[c] = freq === null ? lex.userWeight : (fixups.get(freq) ?? Math.log(freq / lex.freqSum));
  });
  return {
    text,
    starts,
    wordClasses: lex.wordClasses,
    classWeights,
    minWeight: lex.minWeight,
    userSingles: new Set(splitWords(lex.userSingles)),
  };
}

const wordAt = (d: Dict, k: number) => d.text.slice(d.starts[k], d.starts[k + 1] - 1);

/** Trie lookup: the key's weight if it is a word, PREFIX if only a prefix of words, undefined if absent. */
export const PREFIX = null;
export function lookup(d: Dict, key: string): number | null | undefined {
  let lo = 0;
  let hi = d.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (wordAt(d, mid) < key) lo = mid + 1;
    else hi = mid;
  }
  if (lo === d.starts.length - 1) return undefined;
  const w = wordAt(d, lo);
  if (w === key) {
    const weight = d.classWeights[charCodeToClass(d.wordClasses.charCodeAt(lo))];
    if (weight === undefined) throw new Error(`invalid lexicon: bad weight class for "${w}"`);
    return weight;
  }
  return w.startsWith(key) ? PREFIX : undefined;
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
