// better-sqlite3 (native SQLite for Node), installed outside the repo:
//   mkdir -p /tmp/scale-deps && cd /tmp/scale-deps && npm init -y && npm install better-sqlite3
import { createRequire } from "node:module";

export interface SqliteStatement {
  run(...args: unknown[]): unknown;
  get(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown[];
  iterate(...args: unknown[]): IterableIterator<unknown>;
  pluck(on?: boolean): SqliteStatement;
}
export interface SqliteDb {
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  pragma(s: string): unknown;
  transaction<T extends (...a: never[]) => unknown>(f: T): T;
  close(): void;
}
export const Database = createRequire(process.env.SCALE_DEPS ?? "/tmp/scale-deps/package.json")("better-sqlite3") as new (file: string, o?: object) => SqliteDb;
