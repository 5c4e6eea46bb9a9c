// build: source documents → clauses → clause store (Orama) + postings of their nodejieba words
// and bigrams + lexicon → files.
import { insertMultiple } from "@orama/orama";
import { createRequire } from "node:module";
import { createClauseDb, saveClauseDb } from "../../search/db.js";
import type { Lexicon } from "../../search/segment/lexicon.js";
import type { Clause, DocumentMeta } from "../../shared/schema.js";
import { ingestDocument } from "../document.js";
import { exportLexicon } from "../segment/lexicon-export.js";
import { cutForSearch } from "../segment/nodejieba.js";
import type { SourceDocument } from "./corpus.js";
import { buildPostings } from "./postings.js";
import { clauseTokens } from "./records.js";
import { learnedQuestionWords } from "../../search/question-words.js";
import { titleWords } from "../../search/documents.js";
import { serialiseIndex } from "./write-index.js";

const nodejiebaVersion = (createRequire(import.meta.url)("nodejieba/package.json") as { version: string }).version;
export const SEGMENTER = `nodejieba ${nodejiebaVersion} cutForSearch (hmm on) + domain.dict.utf8`;

export interface BuiltIndex {
  documents: DocumentMeta[];
  clauses: Clause[];
  files: Record<string, string>;
}

/** Confirmed questions, each with the positions (in the clause list) of the clauses that answer it. */
export type LearnedQuestions = (clauses: Clause[], documents: DocumentMeta[]) => { question: string; clauses: number[] }[];

export async function buildIndex(sources: SourceDocument[], synonyms: string[][] = [], learn?: LearnedQuestions): Promise<BuiltIndex> {
  const documents: DocumentMeta[] = [];
  const clauses: Clause[] = [];
  for (const source of sources) {
    const ingested = ingestDocument(source);
    documents.push(ingested.document);
    clauses.push(...ingested.clauses);
  }
  const db = createClauseDb();
  // Orama's insertMultiple yields to the event loop between batches; order is kept.
  await insertMultiple(db, clauses.map((c) => ({ ...c })), 500);
  // every text the index segments: clauses, and the titles and issuers of documents.ts's title words
  const lexicon = exportLexicon(clauses.flatMap((c) => [c.label, ...c.path, c.text, c.context]).concat(documents.flatMap((d) => [d.title, d.issuer ?? ""])));
  const files = await serialiseIndex({
    documents,
    clauseDb: saveClauseDb(db),
    lexicon,
    synonyms,
    postings: buildPostings(
      clauses.map((c) => clauseTokens(c, cutForSearch)),
      (learn?.(clauses, documents) ?? []).map((l) => ({ words: learnedQuestionWords(cutForSearch, l.question), clauses: l.clauses })),
      documents.map((d) => titleWords(cutForSearch, d)),
    ),
    counts: { documents: documents.length, clauses: clauses.length, lexiconWords: lexiconSize(lexicon) },
    segmenter: SEGMENTER,
  });
  return { documents, clauses, files };
}

function lexiconSize(lexicon: Lexicon): number {
  return lexicon.entries ? lexicon.entries.split("\n").length : 0;
}
