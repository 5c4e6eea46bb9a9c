// The search tier's tables (issue 15): today's index as rows of a SQL database — D1 on the
// edge (one database or several shards), the same SQL over a SQLite file on Node — searched by
// today's ranking (src/search/engine.ts) through src/tier/source.ts. Every published version has
// its own tables; one pointer row names the live one, so a switch is one UPDATE and a rollback
// another. Edge-safe.
//
//   postings(kind, term, seq, data)  what finds the candidates (src/tier/candidates.ts): kind 4
//       the clauses whose text holds a word, 5 whose heading path holds it, 1 that hold a
//       character bigram (stride 1: clause deltas only; a clause's counts, for its score, come
//       from its own row), 2 title word (stride 1: document delta), 3 learned question word
//       (stride 2: question delta, count). data = varints as in postings.json
//       (src/search/postings.ts), cut at posting boundaries into rows of at most CHUNK_CHARS;
//       each row decodes on its own (its first delta counts from -1), and a term's rows in seq
//       order are ascending. A shard holds the postings of its own documents' clauses, numbered
//       globally. Kind 0 (a word) has figures only.
//   terms(kind, term, count, df)  (every shard, the whole corpus's figures) how many postings
//       the list has, and (kind 0) in how many clauses a word is in the text or heading path:
//       idf, and which lists are short enough to read with the first round.
//   clauses(n, doc, lengths, flags, words, record)  lengths: 4 varints (words, heading, lead-in,
//       bigrams); flags bit 0: introductory (rank.ts), bit 1: states deadlines (a partial index
//       holds those); words: the clause's own index words
//       with their counts in text, heading path and lead-in, JSON {"word": [t, h, c]} (its
//       bigrams come from the record); record: the stored clause (JSON).
//   docs(n, id, region, meta, repealers)  (shard 0; indexed by region and by id) meta: DocumentMeta JSON; repealers: the
//       library's documents that name this one as repealed, in library order (JSON), for its status.
//   meta(key, seq, value)  (shard 0) the manifest, counts, averages, the documents' first
//       clauses and shards, lexicon, synonyms, learned questions, withdrawn documents; a long
//       value is cut into rows.
//
// A delta version (an admin's upload, ./delta.ts) has tables of its own over a full `base`
// version's, which it does not copy: its clauses and documents are numbered after the base's
// (and after earlier deltas'), so every list stays ascending; a document that left keeps its
// numbers, marked gone (docs.gone), and its postings are dropped as they are read; its terms
// rows give the whole library's figures of the terms it changed (count: postings stored in
// both layers; df: in live clauses), the base's rows the others'; it holds the learned
// questions whole. Readers see one library through `VersionTables` (docsFrom, clausesFrom).
/** The clauses that state deadlines: the partial index's condition, and the query's (the same words, so that SQLite uses the index). */
export const DEADLINES_WHERE = "(flags & 2) = 2";

/** Under D1's 100 KB statement, so that a version can also be loaded as SQL text (`wrangler d1 execute --file`). */
export const CHUNK_CHARS = 60_000;
export const KIND = { word: 0, gram: 1, title: 2, learned: 3, text: 4, heading: 5 } as const;
/** A clause row's flags: introductory (rank.ts), and states deadlines (/deadlines reads those through a partial index). */
export const FLAG = { introductory: 1, deadlines: 2 } as const;
export const STRIDE = [4, 1, 1, 2, 1, 1] as const;

export const POINTER_TABLE = "tier_live";
export const POINTER_SQL = `CREATE TABLE IF NOT EXISTS ${POINTER_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), version TEXT NOT NULL, previous TEXT, switched_at TEXT NOT NULL)`;

export interface TierTables {
  postings: string;
  terms: string;
  clauses: string;
  docs: string;
  meta: string;
}

/** A version id as it may appear in a table name: letters, digits and _. */
export function tablesOf(version: string): TierTables {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(version)) throw new Error(`tier: bad version id ${JSON.stringify(version)}`);
  const v = version.replace(/-/g, "_");
  return { postings: `tier_${v}_postings`, terms: `tier_${v}_terms`, clauses: `tier_${v}_clauses`, docs: `tier_${v}_docs`, meta: `tier_${v}_meta` };
}

/** A version's tables, and for a delta version its base's (./delta.ts). */
export interface VersionTables {
  own: TierTables;
  base?: TierTables;
}

/** The library's documents as one table: a delta's own rows (less those gone) over the base's rows it does not replace. */
export function docsFrom(v: VersionTables): string {
  if (!v.base) return v.own.docs;
  return `(SELECT n, id, region, meta, repealers FROM ${v.own.docs} WHERE gone = 0 UNION ALL SELECT n, id, region, meta, repealers FROM ${v.base.docs} WHERE n NOT IN (SELECT n FROM ${v.own.docs}))`;
}

/** The library's clause rows as one table (a delta's own are numbered after the base's; those of documents gone are still there). */
export function clausesFrom(v: VersionTables): string {
  if (!v.base) return v.own.clauses;
  return `(SELECT * FROM ${v.base.clauses} UNION ALL SELECT * FROM ${v.own.clauses})`;
}

/** The posting rows with their layer (0 the base, 1 a delta's own; a list is read in that order); a delta holds the learned questions whole. */
export function postingsFrom(v: VersionTables): string {
  if (!v.base) return `(SELECT 0 AS layer, kind, term, seq, data FROM ${v.own.postings})`;
  return `(SELECT 0 AS layer, kind, term, seq, data FROM ${v.base.postings} WHERE kind <> ${KIND.learned} UNION ALL SELECT 1 AS layer, kind, term, seq, data FROM ${v.own.postings})`;
}

export function createStatements(t: TierTables, shard: number, { delta = false }: { delta?: boolean } = {}): string[] {
  return [
    `CREATE TABLE ${t.postings} (kind INTEGER NOT NULL, term TEXT NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (kind, term, seq)) WITHOUT ROWID`,
    `CREATE TABLE ${t.terms} (kind INTEGER NOT NULL, term TEXT NOT NULL, count INTEGER NOT NULL, df INTEGER NOT NULL, PRIMARY KEY (kind, term)) WITHOUT ROWID`,
    `CREATE TABLE ${t.clauses} (n INTEGER PRIMARY KEY, doc INTEGER NOT NULL, lengths TEXT NOT NULL, flags INTEGER NOT NULL, words TEXT NOT NULL, record TEXT NOT NULL)`,
    `CREATE INDEX ${t.clauses}_deadlines ON ${t.clauses} (n) WHERE ${DEADLINES_WHERE}`,
    ...(shard === 0
      ? [
          `CREATE TABLE ${t.docs} (n INTEGER PRIMARY KEY, id TEXT NOT NULL, region TEXT, meta TEXT NOT NULL, repealers TEXT NOT NULL${delta ? ", gone INTEGER NOT NULL DEFAULT 0" : ""})`,
          // the places' documents are found by scanning regions: this index, not the documents' rows
          `CREATE INDEX ${t.docs}_region ON ${t.docs} (region)`,
          // a document's page (/d/<id>, /c/<id>:…) finds it by id
          `CREATE INDEX ${t.docs}_id ON ${t.docs} (id)`,
          `CREATE TABLE ${t.meta} (key TEXT NOT NULL, seq INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (key, seq)) WITHOUT ROWID`,
        ]
      : []),
  ];
}

export function dropStatements(t: TierTables, shard: number): string[] {
  return [t.postings, t.terms, t.clauses, ...(shard === 0 ? [t.docs, t.meta] : [])].map((name) => `DROP TABLE IF EXISTS ${name}`);
}

/** The shard a document's rows go to: FNV-1a of its id. */
export function shardOf(docId: string, shards: number): number {
  return fnv1a(docId) % shards;
}

/** FNV-1a, 32 bits, of a string's UTF-16 code units. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
