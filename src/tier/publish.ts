// Publishing to the search tier: a version's rows written into tables of its own in every
// shard, read back and checked, then the pointer switched in one UPDATE (shard 0); the previous
// version is kept for a rollback, older ones dropped. Readers follow the pointer
// (./source.ts), so a half-written version is never searched. Edge-safe.
import type { Db, Statement } from "../db/db.js";
import type { LoadedIndex } from "../search/load-index.js";
import { tierRows, type ShardRows } from "./rows.js";
import { createStatements, dropStatements, POINTER_SQL, POINTER_TABLE, tablesOf, type TierTables } from "./schema.js";

/** Rows per INSERT, as one JSON parameter (D1 binds at most 100 parameters; a JSON array is one). */
const ROWS_PER_INSERT = 200;
/** JSON characters per INSERT at most: under D1's 2 MB a value even when every character is Chinese (3 bytes). */
const CHARS_PER_INSERT = 500_000;
/** Statements per batch (one round trip, one transaction on D1). */
const STATEMENTS_PER_BATCH = 50;

export interface TierLive {
  version: string;
  previous?: string;
  switchedAt: string;
}

/** The live version, or undefined when nothing was ever switched to (no pointer table yet). */
export async function readTierLive(shard0: Db): Promise<TierLive | undefined> {
  let row: { version: string; previous: string | null; switched_at: string } | undefined;
  try {
    row = await shard0.prepare(`SELECT version, previous, switched_at FROM ${POINTER_TABLE} WHERE id = 1`).first();
  } catch (e) {
    if (/no such table/i.test(String((e as Error).message))) return undefined;
    throw e;
  }
  return row ? { version: row.version, ...(row.previous ? { previous: row.previous } : {}), switchedAt: row.switched_at } : undefined;
}

/** Writes a version's tables in every shard (dropping any left by a failed attempt with the same id). */
export async function writeTierVersion(shards: Db[], index: LoadedIndex, version: string): Promise<void> {
  const t = tablesOf(version);
  const rows = tierRows(index, shards.length);
  await Promise.all(shards.map((db, s) => writeShard(db, t, s, rows[s])));
}

async function writeShard(db: Db, t: TierTables, shard: number, rows: ShardRows): Promise<void> {
  await db.batch([...dropStatements(t, shard), ...createStatements(t, shard)].map((sql) => db.prepare(sql)));
  const statements: Statement[] = [
    ...inserts(db, `INSERT INTO ${t.postings} (kind, term, seq, data) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]') FROM json_each(?)`, rows.postings.map((r) => [r.kind, r.term, r.seq, r.data])),
    ...inserts(db, `INSERT INTO ${t.terms} (kind, term, count, df) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]') FROM json_each(?)`, rows.terms.map((r) => [r.kind, r.term, r.count, r.df])),
    ...inserts(db, `INSERT INTO ${t.clauses} (n, doc, lengths, flags, words, record) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]') FROM json_each(?)`, rows.clauses.map((r) => [r.n, r.doc, r.lengths, r.flags, r.words, r.record])),
    ...(shard === 0
      ? [
          ...inserts(db, `INSERT INTO ${t.docs} (n, id, region, meta, repealers) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]') FROM json_each(?)`, rows.docs.map((r) => [r.n, r.id, r.region, r.meta, r.repealers])),
          ...inserts(db, `INSERT INTO ${t.meta} (key, seq, value) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?)`, rows.meta.map((r) => [r.key, r.seq, r.value])),
        ]
      : []),
  ];
  for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) await db.batch(statements.slice(i, i + STATEMENTS_PER_BATCH));
  const counted = await db.prepare(`SELECT (SELECT count(*) FROM ${t.postings}) AS postings, (SELECT count(*) FROM ${t.clauses}) AS clauses`).first<{ postings: number; clauses: number }>();
  if (Number(counted?.postings) !== rows.postings.length || Number(counted?.clauses) !== rows.clauses.length) {
    throw new Error(`tier: shard ${shard} holds ${counted?.postings} postings rows and ${counted?.clauses} clauses, ${rows.postings.length} and ${rows.clauses.length} were written`);
  }
}

/** INSERTs of the rows, each as one JSON array parameter, cut by count and by size. */
export function inserts(db: Db, sql: string, rows: unknown[][]): Statement[] {
  const out: Statement[] = [];
  let part: string[] = [];
  let chars = 0;
  const flush = () => {
    if (part.length) out.push(db.prepare(sql).bind(`[${part.join(",")}]`));
    part = [];
    chars = 0;
  };
  for (const row of rows) {
    const json = JSON.stringify(row);
    if (part.length >= ROWS_PER_INSERT || (chars + json.length > CHARS_PER_INSERT && part.length)) flush();
    part.push(json);
    chars += json.length;
  }
  flush();
  return out;
}

/**
 * Pointer changes made through each shard-0 database object in this isolate: a reader of the
 * same database (./source.ts tierReader) follows them at once instead of after its next check.
 */
export const pointerChanges = new WeakMap<Db, number>();
const changedPointer = (shard0: Db) => pointerChanges.set(shard0, (pointerChanges.get(shard0) ?? 0) + 1);

/** Makes `version` the live one; the one it replaces becomes `previous`. */
export async function switchTier(shard0: Db, version: string, now: Date): Promise<TierLive> {
  await shard0.prepare(POINTER_SQL).run();
  const live = await readTierLive(shard0);
  await shard0
    .prepare(`INSERT INTO ${POINTER_TABLE} (id, version, previous, switched_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version, previous = excluded.previous, switched_at = excluded.switched_at`)
    .bind(version, live?.version ?? null, now.toISOString())
    .run();
  changedPointer(shard0);
  return { version, ...(live ? { previous: live.version } : {}), switchedAt: now.toISOString() };
}

/**
 * Makes `version` the live one only if `from` still is (one conditional UPDATE: of two changes
 * built on the same version, the second finds it gone); false when it was not.
 */
export async function switchTierFrom(shard0: Db, from: string, version: string, now: Date): Promise<boolean> {
  const r = await shard0.prepare(`UPDATE ${POINTER_TABLE} SET version = ?, previous = version, switched_at = ? WHERE id = 1 AND version = ?`).bind(version, now.toISOString(), from).run();
  if (r.changes !== 1) return false;
  changedPointer(shard0);
  return true;
}

/** Back to the previous version (which stays until the next publish drops it). */
export async function rollbackTier(shard0: Db, now: Date): Promise<TierLive> {
  const live = await readTierLive(shard0);
  if (!live?.previous) throw new Error("tier: no previous version to roll back to");
  await shard0.prepare(`UPDATE ${POINTER_TABLE} SET version = ?, previous = NULL, switched_at = ? WHERE id = 1`).bind(live.previous, now.toISOString()).run();
  changedPointer(shard0);
  return { version: live.previous, switchedAt: now.toISOString() };
}

/** Drops every version's tables but the live one, its previous, and the full versions those two lie over (./delta.ts). */
export async function pruneTier(shards: Db[]): Promise<string[]> {
  const live = await readTierLive(shards[0]);
  const kept = [live?.version, live?.previous].filter((v): v is string => !!v);
  for (const v of [...kept]) {
    const base = await shards[0].prepare(`SELECT value FROM ${tablesOf(v).meta} WHERE key = 'base'`).first<{ value: string }>().catch(() => null);
    if (base) kept.push(base.value);
  }
  const keep = new Set(kept.map((v) => tablesOf(v).meta));
  const metas = await shards[0].prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'tier\\_%\\_meta' ESCAPE '\\'").all<{ name: string }>();
  const dropped: string[] = [];
  for (const { name } of metas) {
    if (keep.has(name)) continue;
    const prefix = name.slice(0, -"_meta".length);
    const t: TierTables = { postings: `${prefix}_postings`, terms: `${prefix}_terms`, clauses: `${prefix}_clauses`, docs: `${prefix}_docs`, meta: name };
    await Promise.all(shards.map((db, s) => db.batch(dropStatements(t, s).map((sql) => db.prepare(sql)))));
    dropped.push(prefix);
  }
  return dropped;
}
