// A small SQL database interface, the same on both hosts: D1 on the edge (./d1.ts), a SQLite
// file in DATA_DIR on Node (./sqlite-file.ts). The schema is migrations/*.sql (wrangler's D1
// migrations format), applied by `wrangler d1 migrations apply` on the edge and at start on Node.
export type SqlValue = string | number | null;

export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
  /** The rowid of the last inserted row. */
  lastRowId: number;
}

export interface Statement {
  bind(...values: SqlValue[]): Statement;
  all<T = Record<string, SqlValue>>(): Promise<T[]>;
  first<T = Record<string, SqlValue>>(): Promise<T | undefined>;
  run(): Promise<RunResult>;
}

export interface Db {
  prepare(sql: string): Statement;
  /** Runs the statements in one transaction: all or none. */
  batch(statements: Statement[]): Promise<RunResult[]>;
}
