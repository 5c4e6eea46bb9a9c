// Edge-safe: a new index from a live one, with documents added, replaced or withdrawn. Used
// when an admin publishes from the chat, where nodejieba cannot run: every clause is
// segmented with the TypeScript jieba (src/search/segment/jieba.ts) over the live index's
// lexicon. For the clauses already in the index this gives exactly the words nodejieba gave
// (the lexicon was exported to reproduce it on that text; test/node/segment-clauses.test.ts);
// a new document's words missing from the lexicon fall to jieba's HMM, the same way a
// question is segmented, so questions and clauses stay in one token space.
import { insertMultiple } from "@orama/orama";
import { allClauses, createClauseDb, saveClauseDb } from "../../search/db.js";
import type { LoadedIndex } from "../../search/load-index.js";
import type { Clause, DocumentMeta } from "../../shared/schema.js";
import { ingestDocument, type IngestInput, type Ingested } from "../document.js";
import { buildPostings } from "./postings.js";
import { clauseTokens } from "./records.js";
import { serialiseIndex } from "./serialise.js";

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
}

export const EDGE_SEGMENTER = "jieba.ts cutForSearch (hmm on) over the index lexicon";

export async function rebuildIndex(base: LoadedIndex, changes: IndexChanges): Promise<Rebuilt> {
  const added = (changes.add ?? []).map((input) => ingestDocument(input));
  const drop = new Set([...(changes.remove ?? []), ...added.map((a) => a.document.id)]);
  const unknown = (changes.remove ?? []).filter((id) => !base.documentsById.has(id));
  if (unknown.length > 0) throw new Error(`no such document: ${unknown.join(", ")}`);
  const removed = base.documents.filter((d) => drop.has(d.id));

  const documents = [...base.documents.filter((d) => !drop.has(d.id)), ...added.map((a) => a.document)];
  const clauses: Clause[] = [...allClauses(base.db).filter((c) => !drop.has(c.docId)), ...added.flatMap((a) => a.clauses)];

  const db = createClauseDb();
  await insertMultiple(db, clauses.map((c) => ({ ...c })), 500);
  const cut = (text: string, hmm: boolean) => base.segmenter.cutForSearch(text, hmm);
  const segmenter = base.manifest.segmenter.includes(EDGE_SEGMENTER) ? base.manifest.segmenter : `${base.manifest.segmenter}; edge rebuilds: ${EDGE_SEGMENTER}`;
  const files = await serialiseIndex({
    documents,
    clauseDb: saveClauseDb(db),
    lexicon: base.lexicon,
    synonyms: base.synonyms,
    postings: buildPostings(clauses.map((c) => clauseTokens(c, cut))),
    counts: { documents: documents.length, clauses: clauses.length, lexiconWords: base.manifest.lexiconWords },
    segmenter,
  });
  return { files, documents, added, removed };
}
