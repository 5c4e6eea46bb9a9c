// Every admin action, with who and when: a log line (wrangler tail / the Node console) and
// an object in the store (audit/<time>-<random>.json) that outlives the logs.
import { log } from "../shared/log.js";
import { putJson, type BlobStore } from "../store/blob-store.js";

export interface AuditEntry {
  at: string;
  /** "telegram:42", "api", "cli" */
  by: string;
  action: string;
  ok: boolean;
  detail: string;
}

export async function audit(store: BlobStore | undefined, entry: Omit<AuditEntry, "at">, now = new Date()): Promise<void> {
  const record: AuditEntry = { at: now.toISOString(), ...entry };
  log.info(`admin ${JSON.stringify(record)}`);
  if (!store) return;
  const key = `audit/${record.at.replace(/[:.]/g, "-")}-${Math.random().toString(36).slice(2, 8)}.json`;
  await putJson(store, key, record).catch((e) => log.error(`audit: could not store ${key}`, e));
}
