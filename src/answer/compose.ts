// compose: ranked clauses → an answer grouped by document, each clause with the sentences
// that matter, the conditions its parents set, and its full citation. Only the clauses that
// score close to the best are shown (relevantResults); within a document, clauses under the
// same conditions are kept together so that a renderer states the conditions once. Only text
// of the clauses is shown: nothing is added that the documents do not say.
import type { SearchHit, SearchResponse } from "../search/engine.js";
import type { DocumentMeta } from "../shared/schema.js";
import { clauseCitation, documentCitation, documentWarnings } from "./document-notes.js";
import { documentStatus, notCurrentNote, type DocumentStatus } from "../shared/document-status.js";
import { deadlineLine } from "../shared/deadlines.js";
import { keySentences, qualifyingContext, splitSentences } from "./sentences.js";

export interface AnswerClause {
  id: string;
  /** Path and label: "三、政策措施 › (三)… › ——支持工业重大技改项目建设". */
  heading: string;
  /** Sentences of the clause worth showing, verbatim. */
  sentences: string[];
  /** Whether sentences were left out (the whole clause is one request away). */
  trimmed: boolean;
  /** Conditions stated by parent clauses, verbatim. */
  conditions: string[];
  citation: string;
  /** The application deadlines and windows it states, as lines: 「期限：每年6月30日前（报送…）」. */
  deadlines?: string[];
}

export interface AnswerDocument {
  id: string;
  citation: string;
  kind: DocumentMeta["kind"];
  region?: string;
  /** 有效 / 已过期 / 征求意见稿 / 工作计划或汇报 / 已废止 / 被《…》替代, with the words each came from. */
  status: DocumentStatus;
  warnings: string[];
  clauses: AnswerClause[];
}

export interface Answer {
  query: string;
  answered: boolean;
  /** A line about the region asked, when the question names one. */
  regionNote?: string;
  /** The first line when every document shown is expired, a draft, a plan or report, or repealed. */
  statusNote?: string;
  /** The question's topic words no shown clause holds, and the line that says so. */
  uncovered?: string[];
  uncoveredNote?: string;
  documents: AnswerDocument[];
}

export interface ComposeOptions {
  /** Today, for "period passed" (tests pass a fixed date). */
  now?: Date;
  /** Words of the question, to keep sentences that mention them. */
  queryWords?: string[];
  /** Show every result given, not only the relevant ones (a later page of 更多结果: the reader asked for more). */
  all?: boolean;
}

export const ANSWER_PARAMS = {
  /**
   * A clause is shown when its score is at least this share of the first clause's: where the
   * scores drop off, the rest is what the question's common words happen to touch. Chosen on
   * half a of the public seed questions and of STARD (scripts/relevance-cut.ts): every share up
   * to 0.7 keeps the gold clause of every seed question; on STARD, 0.35–0.55 cut 1 of the 391
   * gold articles the top 5 held, 0.6 cuts 4, 0.7 21; 0.5 is a step back from that edge. Half b:
   * no seed gold cut, 3 of 399 on STARD; seed answers show 2.1 clauses of 5 on both halves,
   * STARD answers 4.6 (statute articles score close together).
   */
  minScoreShare: 0.5,
};

/**
 * The results worth showing: the first, and every other whose score is at least
 * minScoreShare of the first's, in the ranking's order. /api/search keeps all k.
 */
export function relevantResults(results: SearchHit[], share = ANSWER_PARAMS.minScoreShare): SearchHit[] {
  const first = results[0];
  if (!first) return [];
  return results.filter((hit, i) => i === 0 || hit.score >= share * first.score);
}

export function composeAnswer(
  response: Pick<SearchResponse, "query" | "answered" | "results" | "region" | "uncovered">,
  documentsById: ReadonlyMap<string, DocumentMeta>,
  { now = new Date(), queryWords = [], all = false }: ComposeOptions = {},
): Answer {
  const groups = new Map<string, SearchHit[]>();
  for (const hit of all ? response.results : relevantResults(response.results)) groups.set(hit.docId, [...(groups.get(hit.docId) ?? []), hit]);
  const documents: AnswerDocument[] = [];
  for (const [docId, hits] of groups) {
    const doc = documentsById.get(docId);
    if (!doc) continue;
    documents.push({
      id: docId,
      citation: documentCitation(doc),
      kind: doc.kind,
      region: doc.region,
      status: documentStatus(doc, now, documentsById),
      warnings: documentWarnings(doc, now),
      clauses: underSameConditions(hits.map((hit) => answerClause(doc, hit, queryWords))),
    });
  }
  const { uncovered } = response; // only set when answered
  const statusNote = response.answered ? notCurrentNote(documents.map((d) => d.status)) : undefined;
  return {
    query: response.query,
    answered: response.answered,
    ...(statusNote ? { statusNote } : {}),
    regionNote: regionNote(response),
    ...(uncovered?.length ? { uncovered, uncoveredNote: uncoveredNote(uncovered) } : {}),
    documents,
  };
}

/** What a clause shows for the conditions the clause before it (in the same document and message) has just stated. */
export const SAME_CONDITIONS = "适用条件：同上";

/** Whether two clauses are under the same conditions (a renderer states them once). */
export const sameConditions = (a: AnswerClause | undefined, b: AnswerClause) =>
  a !== undefined && a.conditions.length === b.conditions.length && a.conditions.every((c, i) => c === b.conditions[i]);

/** A document's clauses, those under the same conditions together (in order of their first), else in rank order. */
function underSameConditions(clauses: AnswerClause[]): AnswerClause[] {
  const runs: AnswerClause[][] = [];
  for (const clause of clauses) {
    const run = runs.find((r) => sameConditions(r[0], clause));
    if (run) run.push(clause);
    else runs.push([clause]);
  }
  return runs.flat();
}

/** Says which words of the question no clause shown speaks of: a hurried reader must not take the rest for them. */
export const uncoveredNote = (words: string[]) => `以下条款都没有提到${words.map((w) => `“${w}”`).join("、")}：没有找到完全对应问题的条款，请勿把它们当作这方面的答案。`;

function answerClause(doc: DocumentMeta, hit: SearchHit, queryWords: string[]): AnswerClause {
  const sentences = hit.text ? keySentences(hit.text, queryWords) : [];
  return {
    id: hit.id,
    heading: [...hit.path, hit.label].join(" › "),
    sentences,
    trimmed: sentences.length < splitSentences(hit.text).length,
    conditions: qualifyingContext(hit.context),
    citation: clauseCitation(doc, hit.path, hit.label),
    ...(hit.deadlines?.length ? { deadlines: hit.deadlines.map(deadlineLine) } : {}),
  };
}

function regionNote(response: Pick<SearchResponse, "region">): string | undefined {
  if (!response.region) return undefined;
  const asked = response.region.asked.join("、");
  return response.region.covered
    ? `已优先列出${asked}的文件。`
    : `知识库里没有${asked}的政策文件，以下条款来自其他地区，请注意适用范围。`;
}
