// BlobStore over an R2 bucket binding (wrangler.toml [[r2_buckets]] STORE; local under
// `wrangler dev` and in the workerd tests). R2 reads are strongly consistent: once
// index/live.json is written, every instance that reads it sees the new version.
import type { BlobStore, StoredEntry } from "./blob-store.js";

export function r2Store(bucket: R2Bucket): BlobStore {
  return {
    async get(key) {
      const object = await bucket.get(key);
      return object ? new Uint8Array(await object.arrayBuffer()) : null;
    },
    async getText(key) {
      const object = await bucket.get(key);
      return object ? object.text() : null;
    },
    async put(key, value, meta) {
      await bucket.put(key, value, meta ? { customMetadata: meta } : undefined);
    },
    async delete(keys) {
      const list = typeof keys === "string" ? [keys] : keys;
      for (let i = 0; i < list.length; i += 1000) await bucket.delete(list.slice(i, i + 1000));
    },
    async getVersioned(key) {
      const object = await bucket.get(key);
      return object ? { text: await object.text(), version: object.etag } : null;
    },
    async putIfUnchanged(key, value, version) {
      // R2 checks the condition and writes in one step: null when the precondition fails.
      const written = await bucket.put(key, value, { onlyIf: version === null ? { etagDoesNotMatch: "*" } : { etagMatches: version } });
      return written !== null;
    },
    async list(prefix) {
      const out: StoredEntry[] = [];
      let cursor: string | undefined;
      do {
        const page = await bucket.list({ prefix, cursor, include: ["customMetadata"] } as R2ListOptions);
        for (const o of page.objects) out.push({ key: o.key, meta: o.customMetadata ?? {}, uploaded: o.uploaded.getTime() });
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
  };
}
