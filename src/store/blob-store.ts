// Where the live index, uploaded originals, pending previews, the audit log and question
// statistics are kept: an R2 bucket on the edge (./r2-store.ts), a data folder on Node
// (./file-store.ts). Keys are paths ("index/live.json"); values are bytes or text, with a
// little string metadata that `list` returns without reading the values.

export interface StoredEntry {
  key: string;
  meta: Record<string, string>;
  /** When the value was written, ms since the epoch (R2's `uploaded`; the file's mtime on Node). */
  uploaded: number;
}

export interface BlobStore {
  /** The value, or null if there is none. */
  get(key: string): Promise<Uint8Array | null>;
  getText(key: string): Promise<string | null>;
  /** Writes the whole value at once: a reader sees the old value or the new, never a part. */
  put(key: string, value: string | Uint8Array, meta?: Record<string, string>): Promise<void>;
  delete(keys: string | string[]): Promise<void>;
  /** Every key under the prefix, in key order, with its metadata. */
  list(prefix: string): Promise<StoredEntry[]>;
  /** The text with a tag that changes whenever the value does (R2's etag; a hash on Node). */
  getVersioned(key: string): Promise<{ text: string; version: string } | null>;
  /**
   * Compare-and-swap: writes only if the value is still at `version` (null: only if there is
   * none). False, and nothing written, when another writer got there first.
   */
  putIfUnchanged(key: string, value: string, version: string | null): Promise<boolean>;
}

export async function getJson<T = unknown>(store: BlobStore, key: string): Promise<T | null> {
  const text = await store.getText(key);
  return text === null ? null : (JSON.parse(text) as T);
}

export const putJson = (store: BlobStore, key: string, value: unknown, meta?: Record<string, string>) =>
  store.put(key, JSON.stringify(value), meta);
