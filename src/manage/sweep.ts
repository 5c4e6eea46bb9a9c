// Every prefix in the store has an owner that expires or compacts it; this is where they run:
// hourly from a Cron Trigger on the edge (worker.ts `scheduled`), from a timer on Node.
//
//   updates/<bot>/<id>       seen-update markers                     deleted after 2 days
//   stats/q/<day>/…          one object per question                 folded into stats/days/<day>.json once the day is over
//   stats/days/<day>.json    a day's question statistics              deleted after 400 days
//   audit/…                  admin actions; audit/refused/<day>.json  deleted after 400 days
//   pending/…                uploads waiting for 确认上线                deleted once expired (a day)
//   originals/…              uploaded files                          deleted when no pending upload and no kept
//                                                                     version holds their document (after a day)
//   index/versions/<id>/     published versions                      pruned when live.json no longer names them
//   outbox/                  (Node) deferred replies                 owned by src/manage/replies.ts
//   *.tmp, *.lock            (Node) left by a killed process          deleted after an hour / 30 s
import type { DocumentMeta } from "../shared/schema.js";
import { log } from "../shared/log.js";
import type { BlobStore, StoredEntry } from "../store/blob-store.js";
import { LIVE_KEY, LiveRecord, pruneVersions } from "../store/index-versions.js";
import { pruneFeedback } from "../feedback/feedback.js";
import type { ManageDeps } from "./deps.js";
import { isExpired, Pending, PENDING_TTL_MS } from "./pending.js";
import { foldQuestionDays } from "./question-stats.js";

export const MARKER_TTL_MS = 2 * 86_400_000;
export const KEEP_RECORDS_MS = 400 * 86_400_000;
/** An original no pending upload names is kept this long (the upload may still be confirmed). */
export const ORIGINAL_GRACE_MS = PENDING_TTL_MS;

export interface SweepReport {
  markers: number;
  statsDaysFolded: number;
  statsDaysExpired: number;
  audit: number;
  pending: number;
  originals: number;
  versions: number;
  leftovers: number;
  /** Rows of answers and feedback past their keeping time (src/feedback/feedback.ts), when a database is bound. */
  feedback: number;
  /** Deadline reminders queued for subscribers (src/subscriptions/subscriptions.ts), when the host passes them. */
  reminders: number;
}

/** Runs every owner once; one that fails is logged and the others still run. */
export async function sweep(deps: Pick<ManageDeps, "store" | "now" | "refusals" | "db">, o: { leftovers?: () => Promise<number>; reminders?: (now: Date) => Promise<number> } = {}): Promise<SweepReport> {
  const { store } = deps;
  const now = deps.now();
  const report: SweepReport = { markers: 0, statsDaysFolded: 0, statsDaysExpired: 0, audit: 0, pending: 0, originals: 0, versions: 0, leftovers: 0, feedback: 0, reminders: 0 };
  const step = async (name: keyof SweepReport, run: () => Promise<number>) => {
    try {
      report[name] = await run();
    } catch (e) {
      log.error(`sweep: ${name} failed`, e);
    }
  };
  const olderThan = async (prefix: string, ms: number) => deleteWhere(store, await store.list(prefix), (e) => now.getTime() - e.uploaded > ms);

  await deps.refusals.flush(store).catch((e) => log.error("sweep: could not merge the refusal counts", e));
  await step("markers", () => olderThan("updates/", MARKER_TTL_MS));
  await step("statsDaysFolded", async () => (await foldQuestionDays(store, now)).length);
  await step("statsDaysExpired", () => olderThan("stats/days/", KEEP_RECORDS_MS));
  await step("audit", () => olderThan("audit/", KEEP_RECORDS_MS));
  // the pending uploads are read once: what the pending step keeps, the originals step keeps the files of
  let pending: Pending[] | undefined;
  await step("pending", async () => {
    const found = await livePending(store, now);
    pending = found.pending;
    return found.deleted;
  });
  if (pending) await step("originals", () => sweepOriginals(store, now, pending!));
  await step("versions", async () => (await pruneVersions(store, now)).length);
  if (o.leftovers) await step("leftovers", o.leftovers);
  if (deps.db) await step("feedback", () => pruneFeedback(deps.db!, now));
  if (o.reminders) await step("reminders", () => o.reminders!(now));
  const total = Object.values(report).reduce((a, b) => a + b, 0);
  if (total > 0) log.info(`sweep: ${Object.entries(report).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ")}`);
  return report;
}

async function deleteWhere(store: BlobStore, entries: StoredEntry[], stale: (e: StoredEntry) => boolean): Promise<number> {
  const keys = entries.filter(stale).map((e) => e.key);
  if (keys.length) await store.delete(keys);
  return keys.length;
}

/** Unexpired pending uploads; expired ones and pointers to nothing are deleted. */
async function livePending(store: BlobStore, now: Date): Promise<{ pending: Pending[]; deleted: number }> {
  const entries = await store.list("pending/");
  const pending: Pending[] = [];
  const stale: string[] = [];
  for (const { key } of entries.filter((e) => !e.key.startsWith("pending/latest-"))) {
    const text = await store.getText(key);
    const parsed = text === null ? undefined : Pending.safeParse(safeJson(text));
    if (parsed?.success && !isExpired(parsed.data, now)) pending.push(parsed.data);
    else stale.push(key);
  }
  const ids = new Set(pending.map((p) => p.id));
  for (const { key } of entries.filter((e) => e.key.startsWith("pending/latest-"))) {
    const latest = safeJson((await store.getText(key)) ?? "") as { id?: unknown } | undefined;
    if (typeof latest?.id !== "string" || !ids.has(latest.id)) stale.push(key);
  }
  if (stale.length) await store.delete(stale);
  return { pending, deleted: stale.length };
}

/**
 * An original is kept while a pending upload names it, or while a version /rollback can reach
 * holds its document (the original's `docId`, or for older uploads its file name as `source`).
 */
async function sweepOriginals(store: BlobStore, now: Date, pending: Pending[]): Promise<number> {
  const originals = await store.list("originals/");
  if (originals.length === 0) return 0;
  const named = new Set(pending.map((p) => p.originalKey));
  const docs = await keptDocuments(store);
  if (docs === undefined) return 0; // the versions could not be read: delete nothing
  const ids = new Set(docs.map((d) => d.id));
  const sources = new Set(docs.map((d) => d.source));
  return deleteWhere(
    store,
    originals,
    (e) => !named.has(e.key) && !(e.meta.docId ? ids.has(e.meta.docId) : sources.has(e.meta.name ?? "")) && now.getTime() - e.uploaded > ORIGINAL_GRACE_MS,
  );
}

/** The documents of every version live.json names (bundled: none of them is an upload). */
async function keptDocuments(store: BlobStore): Promise<DocumentMeta[] | undefined> {
  const text = await store.getText(LIVE_KEY);
  if (text === null) return [];
  const live = LiveRecord.safeParse(safeJson(text));
  if (!live.success) return undefined;
  const docs: DocumentMeta[] = [];
  for (const v of [live.data.current, ...live.data.history]) {
    if (v.id === "bundled") continue;
    const json = await store.getText(`index/versions/${v.id}/documents.json`);
    if (json === null) return undefined;
    docs.push(...(safeJson(json) as DocumentMeta[]));
  }
  return docs;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
