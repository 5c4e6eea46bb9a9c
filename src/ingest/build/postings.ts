// Build time: the clauses' tokens → index/postings.json (see src/search/postings.ts).
import { encodePostingList, encodeVarint, POSTINGS_FORMAT, POSTINGS_VERSION, type PostingList, type PostingsData } from "../../search/postings.js";
import type { ClauseTokens } from "./records.js";

/** A confirmed question: its index words, and the positions of the clauses that answer it. */
export interface LearnedQuestion {
  words: string[];
  clauses: number[];
}

/** Each document's title words (documents.json's order), for PostingsData.titles. */
export type TitleWords = string[][];

export function buildPostings(clauses: ClauseTokens[], questions: LearnedQuestion[] = [], titles?: TitleWords): PostingsData {
  const words = new Map<string, number[][]>();
  const grams = new Map<string, number[][]>();

  const sum = { words: 0, heading: 0, context: 0, grams: 0 };
  let lengths = "";
  clauses.forEach((c, i) => {
    const counts = new Map<string, number[]>();
    const add = (tokens: string[], field: 1 | 2 | 3) => {
      for (const t of tokens) {
        let entry = counts.get(t);
        if (!entry) counts.set(t, (entry = [i, 0, 0, 0]));
        entry[field]++;
      }
    };
    add(c.words, 1);
    add(c.heading, 2);
    add(c.context, 3);
    for (const [term, entry] of counts) push(words, term, entry);
    const gramCounts = new Map<string, number>();
    for (const g of c.grams) gramCounts.set(g, (gramCounts.get(g) ?? 0) + 1);
    for (const [gram, n] of gramCounts) push(grams, gram, [i, n]);
    sum.words += c.words.length;
    sum.heading += c.heading.length;
    sum.context += c.context.length;
    sum.grams += c.grams.length;
    lengths += [c.words.length, c.heading.length, c.context.length, c.grams.length].map(encodeVarint).join("");
  });
  const n = Math.max(1, clauses.length);
  return {
    format: POSTINGS_FORMAT,
    version: POSTINGS_VERSION,
    clauses: clauses.length,
    avg: { words: sum.words / n || 1, heading: sum.heading / n || 1, context: sum.context / n || 1, grams: sum.grams / n || 1 },
    lengths,
    words: encodePostingList(words),
    grams: encodePostingList(grams),
    ...(questions.length > 0 ? { learned: learnedPostings(questions, clauses.length) } : {}),
    ...(titles ? { titles: titlePostings(titles) } : {}),
  };
}

function titlePostings(titles: TitleWords): PostingList {
  const list = new Map<string, number[][]>();
  titles.forEach((words, doc) => {
    for (const w of new Set(words)) push(list, w, [doc]);
  });
  return encodePostingList(list);
}

function learnedPostings(questions: LearnedQuestion[], clauseCount: number): NonNullable<PostingsData["learned"]> {
  const list = new Map<string, number[][]>();
  let lengths = "";
  let answers = "";
  let sum = 0;
  questions.forEach((q, i) => {
    const counts = new Map<string, number>();
    for (const w of q.words) counts.set(w, (counts.get(w) ?? 0) + 1);
    for (const [term, n] of counts) push(list, term, [i, n]);
    lengths += encodeVarint(q.words.length);
    const clauses = [...new Set(q.clauses)].sort((a, b) => a - b);
    if (clauses.some((c) => c < 0 || c >= clauseCount)) throw new Error("postings: a learned question names a clause that is not there");
    answers += encodeVarint(clauses.length) + clauses.map(encodeVarint).join("");
    sum += q.words.length;
  });
  return { list: encodePostingList(list), lengths, answers, avg: sum / questions.length || 1 };
}

function push(map: Map<string, number[][]>, term: string, entry: number[]): void {
  const list = map.get(term);
  if (list) list.push(entry);
  else map.set(term, [entry]);
}
