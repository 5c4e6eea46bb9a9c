// Documents are evidence too: a document's title and issuer describe every clause in it. A
// question that names a document's subject (「芜湖多子女家庭公积金有什么政策」) should reach that
// document's clauses first, even when the clause itself does not repeat the title's words.
// Each document gets a factor from how much of the question's topic its title and issuer hold;
// a clause's score (and its chance to be a candidate at all) is multiplied by its document's.
import type { LoadedIndex } from "./load-index.js";
import type { PreparedQuery } from "./rank.js";
import { corpusStats } from "./stats.js";
import { toSimplified } from "./t2s.js";
import { wordTokens, type CutForSearch } from "./tokens.js";
import { PostingReader } from "./postings.js";
import type { DocumentMeta } from "../shared/schema.js";

export const DOCUMENT_PARAMS = {
  /**
   * A clause whose document's title holds the whole topic scores (1 + weight)× its own score.
   * Chosen on half a of STARD and of the document-naming questions over realdocs, checked on
   * half b (docs/evaluation.md, "Documents are evidence"): weights 0.25 / 0.5 / 1 gave doc@1
   * 0.49 / 0.51 / 0.55 on half a at threshold 0.3, with STARD hit@5 unchanged on half a.
   */
  weight: 1,
  /** Titles that hold less than this share of the topic are not evidence (one common word is not a subject); 0.15 / 0.5 / 0.7 gave doc@1 0.50 / 0.53 / 0.52 on half a. */
  minCoverage: 0.5,
};

/** The documents' titles as the search reads them, built once per index. */
export interface DocumentTitles {
  /** Document number → id (the order of documents.json). */
  ids: string[];
  /** Title or issuer word → the numbers of the documents whose title holds it (ascending). */
  docsOf(word: string): readonly number[];
  /** Clause → its document's number. */
  documentOf: Int32Array;
}

const titleCache = new WeakMap<LoadedIndex, DocumentTitles>();

/** A document's title and issuer as index words: what the index stores (PostingsData.titles) and what an older index is segmented into. */
export function titleWords(cut: CutForSearch, d: Pick<DocumentMeta, "title" | "issuer">): string[] {
  return [...new Set(wordTokens(cut, toSimplified([d.title, d.issuer ?? ""].join(" "))))];
}

/**
 * Each document's title words, and each clause's document, once per index. An index that
 * stores the title words (postings.json's `titles`) is read a word at a time, on demand; an
 * older one has its titles segmented here, once.
 */
export function documentTitles(index: LoadedIndex): DocumentTitles {
  let titles = titleCache.get(index);
  if (!titles) {
    const ids = index.documents.map((d) => d.id);
    const number = new Map(ids.map((id, n) => [id, n]));
    const stats = corpusStats(index);
    const documentOf = Int32Array.from({ length: stats.size }, (_, i) => number.get(stats.clause(i).docId) ?? -1);
    titleCache.set(index, (titles = { ids, docsOf: titleLookup(index), documentOf }));
  }
  return titles;
}

function titleLookup(index: LoadedIndex): (word: string) => readonly number[] {
  const stored = index.postings.titles;
  if (stored) {
    const reader = new PostingReader(stored, 1);
    const cache = new Map<string, number[]>();
    return (word) => {
      let docs = cache.get(word);
      if (!docs) {
        if (cache.size >= 4096) cache.clear();
        cache.set(word, (docs = reader.read(word)));
      }
      return docs;
    };
  }
  const byWord = new Map<string, number[]>();
  const cut = (t: string, hmm: boolean) => index.segmenter.cutForSearch(t, hmm);
  index.documents.forEach((d, n) => {
    for (const w of titleWords(cut, d)) {
      const docs = byWord.get(w);
      if (docs) docs.push(n);
      else byWord.set(w, [n]);
    }
  });
  return (word) => byWord.get(word) ?? [];
}

export interface DocumentEvidence {
  /** What a clause's own score is multiplied by. */
  factor: number;
  /** The question's topic words the title holds: every clause of the document is about them. */
  holds: string[];
}

/**
 * Document number → evidence, for the documents whose title names enough of the question's
 * topic: a topic word counts when the title holds it, a synonym of it, or all its parts.
 */
export function documentEvidence(docsOf: (word: string) => ArrayLike<number>, q: PreparedQuery): Map<number, DocumentEvidence> {
  const found = new Map<number, DocumentEvidence>();
  const total = q.topic.reduce((sum, t) => sum + t.info, 0);
  if (total === 0 || DOCUMENT_PARAMS.weight === 0) return found;
  // per topic word, the documents that hold it (ascending: title postings are in document order)
  const lists = q.topic.map((t) => {
    const own = [docsOf(t.term), ...q.terms.filter((s) => !s.original && s.of === t.term).map((s) => docsOf(s.term))];
    return union(t.parts.length > 1 ? [...own, intersection(t.parts.map((p) => docsOf(p)))] : own);
  });
  // every document on any list, ascending, with the topic words it holds in topic order
  const at = lists.map(() => 0);
  for (;;) {
    let n = Infinity;
    lists.forEach((l, k) => {
      if (at[k] < l.length && l[at[k]] < n) n = l[at[k]];
    });
    if (n === Infinity) return found;
    const holds: string[] = [];
    let share = 0;
    lists.forEach((l, k) => {
      if (at[k] < l.length && l[at[k]] === n) {
        holds.push(q.topic[k].term);
        share += q.topic[k].info;
        at[k]++;
      }
    });
    share /= total;
    if (share >= DOCUMENT_PARAMS.minCoverage) found.set(n, { factor: 1 + DOCUMENT_PARAMS.weight * share, holds });
  }
}

/** Ascending lists merged into one, each number once. */
function union(lists: readonly ArrayLike<number>[]): Int32Array {
  const all = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
  let k = 0;
  for (const l of lists) {
    all.set(l, k);
    k += l.length;
  }
  // a typed array sorts numerically, without a comparator call per pair (a common title word is on thousands of documents)
  if (lists.length > 1) all.sort();
  return dedupe(all);
}

/** The numbers on every one of the ascending lists (merged pairwise, each list read once). */
function intersection(lists: readonly ArrayLike<number>[]): Int32Array {
  let common = dedupe(Int32Array.from(lists[0]));
  for (const l of lists.slice(1)) {
    let m = 0;
    let k = 0;
    for (let i = 0; i < common.length; i++) {
      while (k < l.length && l[k] < common[i]) k++;
      if (k < l.length && l[k] === common[i]) common[m++] = common[i];
    }
    common = common.subarray(0, m);
  }
  return common;
}

/** An ascending array with each number once (in place). */
function dedupe(sorted: Int32Array): Int32Array {
  let m = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[m++] = sorted[i];
  return sorted.subarray(0, m);
}
