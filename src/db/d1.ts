// The Db interface over Cloudflare D1 (binding DB).
import type { Db, RunResult, SqlValue, Statement } from "./db.js";

const D1_STATEMENT = Symbol("d1 statement");
type D1Backed = Statement & { [D1_STATEMENT]: D1PreparedStatement };

const result = (r: D1Result): RunResult => ({ changes: r.meta.changes ?? 0, lastRowId: r.meta.last_row_id ?? 0 });

function statement(s: D1PreparedStatement): D1Backed {
  return {
    [D1_STATEMENT]: s,
    bind: (...values: SqlValue[]) => statement(s.bind(...values)),
    all: async <T>() => (await s.all<T>()).results,
    first: async <T>() => (await s.first<T>()) ?? undefined,
    run: async () => result(await s.run()),
  };
}

export function d1Db(database: D1Database): Db {
  return {
    prepare: (sql) => statement(database.prepare(sql)),
    batch: async (statements) => (await database.batch(statements.map((s) => (s as D1Backed)[D1_STATEMENT]))).map(result),
  };
}
