// The Orama database of clauses, as built in Node and loaded on the edge. Fields hold
// tokens that were segmented before insertion (nodejieba at build time, the same
// algorithm in TypeScript at query time), joined by spaces, so Orama's own tokenizer is a
// plain split: it cannot drift from the segmenter, and a database brought back with
// `create` + `load` tokenises exactly as the one that was saved.
import { create, load, save, type Orama, type RawData } from "@orama/orama";

export const CLAUSE_SCHEMA = {
  docId: "enum",
  /** Words of the clause's own text. */
  words: "string",
  /** Words of its label and of its ancestors' labels. */
  headingWords: "string",
  /** Words of the lead-in text its ancestors carry. */
  contextWords: "string",
} as const;

export type ClauseDb = Orama<typeof CLAUSE_SCHEMA>;

const spaceTokenizer = {
  language: "pretokenized",
  normalizationCache: new Map<string, string>(),
  tokenize: (raw: string) => (raw ? raw.split(" ").filter((t) => t !== "") : []),
};

export function createClauseDb(): ClauseDb {
  return create({ schema: CLAUSE_SCHEMA, sort: { enabled: false }, components: { tokenizer: spaceTokenizer } });
}

export function loadClauseDb(raw: RawData): ClauseDb {
  const db = createClauseDb();
  load(db, raw);
  return db;
}

export function saveClauseDb(db: ClauseDb): RawData {
  return save(db);
}

/** A clause as stored: the clause itself and its segmented fields. */
export interface StoredClause {
  id: string;
  docId: string;
  kind: string;
  label: string;
  path: string[];
  text: string;
  context: string;
  children: number;
  order: number;
  words: string;
  headingWords: string;
  contextWords: string;
}

/** Every stored clause, in insertion (document) order. */
export function allClauses(db: ClauseDb): StoredClause[] {
  const store = (db.data.docs as unknown as { docs: Record<string, StoredClause> }).docs;
  return Object.keys(store)
    .map(Number)
    .sort((a, b) => a - b)
    .map((k) => store[k]);
}
