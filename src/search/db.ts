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

/**
 * Every stored clause, in insertion (document) order. Orama numbers documents 1…N as they
 * are inserted, so position i holds internal id i + 1 (exactPostings relies on it).
 */
export function allClauses(db: ClauseDb): StoredClause[] {
  const store = (db.data.docs as unknown as { docs: Record<string, StoredClause> }).docs;
  const ids = Object.keys(store)
    .map(Number)
    .sort((a, b) => a - b);
  if (ids.some((id, i) => id !== i + 1)) throw new Error("clause database: internal ids are not 1…N");
  return ids.map((k) => store[k]);
}

type IndexedField = "words" | "headingWords" | "contextWords";

/**
 * Orama's inverted index for one field, looked up exactly: the positions, in document order,
 * of the clauses whose field holds the token. Orama's own `find` walks the whole subtree
 * below the token even when asked for an exact match (costly for one-character tokens
 * in a large index); an exact lookup needs only the descent.
 */
export function exactPostings(db: ClauseDb, field: IndexedField, token: string): readonly number[] {
  let node = (db.data.index as unknown as { indexes: Record<string, { node: RadixNode }> }).indexes[field].node;
  for (let i = 0; i < token.length; ) {
    const child = node.c.get(token[i]);
    if (!child || !token.startsWith(child.s, i)) return NO_POSTINGS;
    node = child;
    i += child.s.length;
  }
  return node.e && node.w === token ? Array.from(node.d, (id) => id - 1) : NO_POSTINGS;
}

/** The parts of Orama's radix-tree node (trees/radix.ts) an exact lookup reads. */
interface RadixNode {
  /** Children by first character of their edge label. */
  c: Map<string, RadixNode>;
  /** Edge label from the parent. */
  s: string;
  /** Whether a word ends here, the word, and the documents holding it. */
  e: boolean;
  w: string;
  d: Set<number>;
}

const NO_POSTINGS: readonly number[] = [];
