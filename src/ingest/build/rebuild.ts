// Edge-safe: a new index from a live one, with documents added, replaced or withdrawn. Used
// when an admin publishes from the chat, where nodejieba cannot run. The clauses already in
// the index keep the tokens they were indexed with, read back from the postings (for a
// corpus built by `npm run index`, nodejieba's). Only a new document is segmented, with the
// TypeScript jieba (src/search/segment/jieba.ts) over the live index's lexicon: its words
// missing from the lexicon fall to jieba's HMM, the same way a question is segmented, so
// questions and clauses stay in one token space.
// A document that leaves (withdrawn, or replaced by a document added in the same change) is
// recorded in withdrawn.json with the day and its replacement, and every later rebuild carries
// the record forward, so that links to it keep saying what happened (src/web/).
import { insertMultiple } from "@orama/orama";
import { allClauses, createClauseDb, saveClauseDb } from "../../search/db.js";
import type { LoadedIndex } from "../../search/load-index.js";
import type { Clause, DocumentMeta, WithdrawnDocument } from "../../shared/schema.js";
import { ingestDocument, type IngestInput, type Ingested } from "../document.js";
import { decodeVarints, eachPostingRun, type PostingsData } from "../../search/postings.js";
import { buildPostings, type LearnedQuestion } from "./postings.js";
import { clauseTokens, type ClauseTokens } from "./records.js";
import { serialiseIndex } from "./serialise.js";
import { learnedQuestionWords } from "../../search/question-words.js";
import { titleWords } from "../../search/documents.js";

export interface IndexChanges {
  /** Documents to add; one whose id is already in the index replaces it. */
  add?: IngestInput[];
  /** Document ids to withdraw. */
  remove?: string[];
}

export interface Rebuilt {
  files: Record<string, string>;
  documents: DocumentMeta[];
  added: Ingested[];
  removed: DocumentMeta[];
  /** Every document that left the index so far, this change's included (withdrawn.json). */
  withdrawn: WithdrawnDocument[];
  /** Of `learn`, the questions added (or that gave an existing one more clauses), and those whose clauses all left. */
  learned: { added: number; gone: number };
}

export interface RebuildOptions {
  /** When the change is made: the day recorded for the documents that leave. */
  now?: Date;
  /** Questions an admin confirmed (question → clause ids), added to the learned questions. */
  learn?: ConfirmedQuestion[];
}

export interface ConfirmedQuestion {
  question: string;
  clauseIds: string[];
}

/** The day in China, where the documents' readers are: "2026-11-22". */
export const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export const EDGE_SEGMENTER = "jieba.ts cutForSearch (hmm on) over the index lexicon";

export async function rebuildIndex(base: LoadedIndex, changes: IndexChanges, { now = new Date(), learn = [] }: RebuildOptions = {}): Promise<Rebuilt> {
  const added = (changes.add ?? []).map((input) => ingestDocument(input));
  const drop = new Set([...(changes.remove ?? []), ...added.map((a) => a.document.id)]);
  const unknown = (changes.remove ?? []).filter((id) => !base.documentsById.has(id));
  if (unknown.length > 0) throw new Error(`no such document: ${unknown.join(", ")}`);
  const removed = base.documents.filter((d) => drop.has(d.id));

  const documents = [...base.documents.filter((d) => !drop.has(d.id)), ...added.map((a) => a.document)];
  const withdrawn = withdrawnAfter(base.withdrawn, removed, added.map((a) => a.document), chinaDay(now));
  const kept = allClauses(base.db).flatMap((c, i) => (drop.has(c.docId) ? [] : [{ clause: c, position: i }]));
  const newClauses = added.flatMap((a) => a.clauses);
  const clauses: Clause[] = [...kept.map((k) => k.clause), ...newClauses];
  const indexed = tokensFromPostings(base.postings);
  const cut = (text: string, hmm: boolean) => base.segmenter.cutForSearch(text, hmm);
  const tokens = [...kept.map((k) => indexed[k.position]), ...newClauses.map((c) => clauseTokens(c, cut))];
  // learned questions follow their clauses to their new positions; a question whose clauses all left goes too
  const moved = new Map(kept.map((k, i) => [k.position, i]));
  const learned = learnedFromPostings(base.postings)
    .map((q) => ({ words: q.words, clauses: q.clauses.flatMap((c) => (moved.has(c) ? [moved.get(c)!] : [])) }))
    .filter((q) => q.clauses.length > 0);
  const confirmed = addConfirmed(learned, learn, new Map(clauses.map((c, i) => [c.id, i])), (text) => learnedQuestionWords(cut, text));
  // title words: the kept documents' as stored (or segmented, for an index that stores none), the new ones' segmented
  const storedTitles = titleWordsFromPostings(base.postings, base.documents.length);
  const basePosition = new Map(base.documents.map((d, n) => [d, n]));
  const titles = documents.map((d) => {
    const at = basePosition.get(d);
    return at !== undefined && storedTitles ? storedTitles[at] : titleWords(cut, d);
  });

  const db = createClauseDb();
  await insertMultiple(db, clauses.map((c) => ({ ...c })), 500);
  const segmenter = base.manifest.segmenter.includes(EDGE_SEGMENTER) ? base.manifest.segmenter : `${base.manifest.segmenter}; edge rebuilds: ${EDGE_SEGMENTER}`;
  const files = await serialiseIndex({
    documents,
    clauseDb: saveClauseDb(db),
    lexicon: base.lexicon,
    synonyms: base.synonyms,
    postings: buildPostings(tokens, learned, titles),
    withdrawn,
    counts: { documents: documents.length, clauses: clauses.length, lexiconWords: base.manifest.lexiconWords },
    segmenter,
  });
  return { files, documents, added, removed, withdrawn, learned: confirmed };
}

/**
 * Adds the confirmed questions to `learned` (in place), segmented as the live index segments a
 * question. A question with the same words as a learned one gives it its clauses instead of
 * being added twice, so applying a pair again changes nothing.
 */
export function addConfirmed(learned: LearnedQuestion[], confirmed: ConfirmedQuestion[], position: ReadonlyMap<string, number>, words: (question: string) => string[]): { added: number; gone: number } {
  const key = (w: string[]) => [...w].sort().join("\u0000");
  const byWords = new Map(learned.map((q) => [key(q.words), q]));
  let added = 0;
  let gone = 0;
  for (const c of confirmed) {
    const at = c.clauseIds.flatMap((id) => (position.has(id) ? [position.get(id)!] : []));
    const w = words(c.question);
    if (at.length === 0 || w.length === 0) {
      gone++;
      continue;
    }
    const same = byWords.get(key(w));
    if (!same) {
      const q = { words: w, clauses: [...new Set(at)] };
      learned.push(q);
      byWords.set(key(w), q);
      added++;
    } else if (at.some((p) => !same.clauses.includes(p))) {
      same.clauses = [...new Set([...same.clauses, ...at])];
      added++;
    }
  }
  return { added, gone };
}

/**
 * The records of documents that left: the earlier ones, less any whose id is back, and one for
 * each document this change removes (not one re-added under its own id). A removed document is
 * replaced by the added one with its 文号 or title, or by the only one added.
 */
export function withdrawnAfter(before: WithdrawnDocument[], removed: DocumentMeta[], added: DocumentMeta[], day: string): WithdrawnDocument[] {
  const back = new Set(added.map((d) => d.id));
  const leaving = removed.filter((d) => !back.has(d.id));
  const gone = new Set(leaving.map((d) => d.id));
  const replacement = (d: DocumentMeta) =>
    added.find((a) => (d.docNumber && a.docNumber === d.docNumber) || a.title === d.title) ?? (added.length === 1 ? added[0] : undefined);
  return [
    ...before.filter((w) => !back.has(w.id) && !gone.has(w.id)),
    ...leaving.map((d) => {
      const by = replacement(d);
      return { id: d.id, title: d.title, ...(d.docNumber ? { docNumber: d.docNumber } : {}), date: day, ...(by ? { replacedBy: by.id } : {}) };
    }),
  ];
}

/**
 * Every clause's tokens as the postings hold them: each term repeated as often as it occurs
 * in each field. Order within a field is lost, which the postings never kept (they count).
 */
export function tokensFromPostings(postings: PostingsData): ClauseTokens[] {
  const out: ClauseTokens[] = Array.from({ length: postings.clauses }, () => ({ words: [], heading: [], context: [], grams: [] }));
  eachPostingRun(postings.words, 4, (term, n) => {
    for (let k = 0, clause = -1; k < n.length; k += 4) {
      clause += n[k];
      const t = out[clause];
      for (let c = 0; c < n[k + 1]; c++) t.words.push(term);
      for (let c = 0; c < n[k + 2]; c++) t.heading.push(term);
      for (let c = 0; c < n[k + 3]; c++) t.context.push(term);
    }
  });
  eachPostingRun(postings.grams, 2, (term, n) => {
    for (let k = 0, clause = -1; k < n.length; k += 2) {
      clause += n[k];
      for (let c = 0; c < n[k + 1]; c++) out[clause].grams.push(term);
    }
  });
  return out;
}

/** Each document's title words as the postings hold them (documents.json's order), or undefined when they hold none. */
export function titleWordsFromPostings(postings: PostingsData, documents: number): string[][] | undefined {
  if (!postings.titles) return undefined;
  const out: string[][] = Array.from({ length: documents }, () => []);
  eachPostingRun(postings.titles, 1, (term, numbers) => {
    for (let k = 0, doc = -1; k < numbers.length; k++) {
      doc += numbers[k];
      if (doc >= documents) throw new Error("postings: a title word names a document that is not there");
      out[doc].push(term);
    }
  });
  return out;
}

/** The learned questions as the postings hold them: their words, and the clauses (old positions) that answer them. */
export function learnedFromPostings(postings: PostingsData): LearnedQuestion[] {
  const learned = postings.learned;
  if (!learned) return [];
  const numbers = decodeVarints(learned.answers, 0, learned.answers.length);
  const out: LearnedQuestion[] = [];
  for (let k = 0; k < numbers.length; ) {
    const n = numbers[k++];
    out.push({ words: [], clauses: numbers.slice(k, k + n) });
    k += n;
  }
  eachPostingRun(learned.list, 2, (term, n) => {
    for (let k = 0, question = -1; k < n.length; k += 2) {
      question += n[k];
      for (let c = 0; c < n[k + 1]; c++) out[question].words.push(term);
    }
  });
  return out;
}
