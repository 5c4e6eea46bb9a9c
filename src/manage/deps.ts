// What document management needs: the store, the live index of this instance, the bundled
// index (the default and the bottom of /rollback) and a clock.
import type { BinaryParsers } from "../ingest/extract/index.js";
import type { LoadedIndex } from "../search/load-index.js";
import type { BlobStore } from "../store/blob-store.js";
import type { LiveIndex } from "../store/live-index.js";
import type { RefusalCounter } from "./refusals.js";
import type { Db } from "../db/db.js";

export interface ManageDeps {
  store: BlobStore;
  live: LiveIndex;
  bundled: () => LoadedIndex;
  now: () => Date;
  /** .docx and PDF parsers: in-process on Node, the extractor service on the edge. */
  parsers?: BinaryParsers;
  /** Refused attempts (wrong admin token, non-admins), counted per day instead of stored one by one. */
  refusals: RefusalCounter;
  /** The SQL database (D1 on the edge, a SQLite file on Node): feedback on answers; undefined when none is bound. */
  db?: Db;
}
