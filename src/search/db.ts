// The clause store: an Orama database of the clauses as they are shown and cited, keyed by
// clause id (`getByID`) and filterable by document (`docId`, an enum). Full-text matching
// does not go through it: Orama's saved radix trees cost more to load on a cold worker than
// the whole budget (75 ms for 138 clauses, 400 MB at 13,800), so the words and bigrams live
// in postings.json (./postings.ts), and the store holds only what an answer shows.
import { create, load, save, type Orama, type RawData } from "@orama/orama";
import type { Clause } from "../shared/schema.js";

export const CLAUSE_SCHEMA = { docId: "enum" } as const;

export type ClauseDb = Orama<typeof CLAUSE_SCHEMA>;

/** A clause as stored. */
export type StoredClause = Clause;

export function createClauseDb(): ClauseDb {
  return create({ schema: CLAUSE_SCHEMA, sort: { enabled: false } });
}

export function loadClauseDb(raw: RawData): ClauseDb {
  const db = createClauseDb();
  load(db, raw);
  return db;
}

export function saveClauseDb(db: ClauseDb): RawData {
  return save(db);
}

/**
 * Every stored clause, in insertion (document) order: position i is clause number i of
 * postings.json. Orama numbers documents 1…N as they are inserted.
 */
export function allClauses(db: ClauseDb): StoredClause[] {
  const store = (db.data.docs as unknown as { docs: Record<string, StoredClause> }).docs;
  const ids = Object.keys(store)
    .map(Number)
    .sort((a, b) => a - b);
  if (ids.some((id, i) => id !== i + 1)) throw new Error("clause database: internal ids are not 1…N");
  return ids.map((k) => store[k]);
}
