// The Db interface on Node: SQLite (sql.js, SQLite compiled to WebAssembly: nothing native to
// build, nothing downloaded at install) over one file, e.g. DATA_DIR/db.sqlite. The database
// lives in memory; every write that changed a row is saved at once, atomically (a temporary file
// renamed over the old one), so a crash leaves the file as it was before or after the write.
// One process per file: npm start holds DATA_DIR's lock (src/node/data-lock.ts).
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import initSqlJs, { type Database, type SqlValue as SqlJsValue } from "sql.js";
import type { Db, RunResult, SqlValue, Statement } from "./db.js";

export interface SqliteFileDb extends Db {
  /** Where it is saved; undefined: in memory only. */
  path?: string;
  /** Several statements at once (a migration), in one transaction, saved after. */
  execScript(script: string): void;
  close(): void;
}

export async function openSqliteFile(path: string | undefined): Promise<SqliteFileDb> {
  const SQL = await initSqlJs();
  const db: Database = path && existsSync(path) ? new SQL.Database(readFileSync(path)) : new SQL.Database();
  db.run("PRAGMA foreign_keys = ON");

  const save = () => {
    if (!path) return;
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, db.export());
    renameSync(tmp, path);
  };

  const rows = <T>(sql: string, params: SqlValue[]): T[] => {
    const s = db.prepare(sql);
    try {
      s.bind(params as SqlJsValue[]);
      const out: T[] = [];
      while (s.step()) out.push(s.getAsObject() as T);
      return out;
    } finally {
      s.free();
    }
  };

  const exec = (sql: string, params: SqlValue[]): RunResult => {
    db.run(sql, params as SqlJsValue[]);
    const changes = db.getRowsModified();
    const lastRowId = Number(db.exec("SELECT last_insert_rowid()")[0]?.values[0]?.[0] ?? 0);
    return { changes, lastRowId };
  };

  const SQL_OF = Symbol("sql");
  type Backed = Statement & { [SQL_OF]: { sql: string; params: SqlValue[] } };
  const statement = (sql: string, params: SqlValue[]): Backed => ({
    [SQL_OF]: { sql, params },
    bind: (...values) => statement(sql, values),
    all: async <T>() => rows<T>(sql, params),
    first: async <T>() => rows<T>(sql, params)[0],
    run: async () => {
      const r = exec(sql, params);
      if (r.changes > 0) save();
      return r;
    },
  });

  return {
    path,
    prepare: (sql) => statement(sql, []),
    batch: async (statements) => {
      db.run("BEGIN");
      let results: RunResult[];
      try {
        results = statements.map((s) => {
          const { sql, params } = (s as Backed)[SQL_OF];
          return exec(sql, params);
        });
        db.run("COMMIT");
      } catch (e) {
        db.run("ROLLBACK");
        throw e;
      }
      if (results.some((r) => r.changes > 0)) save();
      return results;
    },
    execScript: (script) => runScript(db, script, save),
    close: () => db.close(),
  };
}

function runScript(db: Database, script: string, save: () => void) {
  db.run("BEGIN");
  try {
    db.exec(script);
    db.run("COMMIT");
  } catch (e) {
    db.run("ROLLBACK");
    throw e;
  }
  save();
}

/** The migrations of a folder (wrangler's format: NNNN_name.sql), in order. */
export function readMigrations(dir: string): { name: string; sql: string }[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_.*\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), "utf8") }));
}

/**
 * Applies the migrations not applied yet, each in its own transaction, recording them in
 * d1_migrations as `wrangler d1 migrations apply` does. Returns the names applied.
 */
export async function migrate(db: SqliteFileDb, migrations: { name: string; sql: string }[]): Promise<string[]> {
  const script = (sql: string) => db.execScript(sql);
  script("CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)");
  const done = new Set((await db.prepare("SELECT name FROM d1_migrations").all<{ name: string }>()).map((r) => r.name));
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    script(`${m.sql}\n;INSERT INTO d1_migrations (name) VALUES ('${m.name.replace(/'/g, "''")}');`);
    applied.push(m.name);
  }
  return applied;
}
