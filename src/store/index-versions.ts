// Index versions in the store, and the one pointer that says which is live:
//
//   index/versions/<id>/<file>.json   the files of each published version
//   index/live.json                   { current, history }: the live version and, newest
//                                     first, the ones before it (what /rollback goes back to)
//
// Publishing writes a version completely, reads it back and checks it (every file matches
// the manifest's sha256, it loads, a smoke question finds the newest document), and only
// then switches by rewriting live.json: one compare-and-swap put (only if live.json is still
// the one the version was built on), so a reader sees the old pointer or the new one, and of
// two admins publishing at once one wins and the other is told. A failure at any step
// leaves live.json, hence the live index, as it was.
// "bundled" is the index that ships in the worker (or index/ on Node): live until an admin
// publishes, and what the first version rolls back to.
import * as z from "zod/mini";
import { contentHashOf, INDEX_FILES, indexFileNames, OPTIONAL_INDEX_FILES, sha256Hex } from "../ingest/build/serialise.js";
import { allClauses } from "../search/db.js";
import { search } from "../search/engine.js";
import { loadIndexText, type LoadedIndex } from "../search/load-index.js";
import { Manifest } from "../shared/schema.js";
import type { BlobStore } from "./blob-store.js";

export const LIVE_KEY = "index/live.json";
export const BUNDLED = "bundled";
/** Versions kept: the live one and the ones /rollback can go back to. */
export const KEEP_VERSIONS = 5;
/** Unnamed versions younger than this are another writer's publish in flight: never pruned. */
export const PRUNE_GRACE_MS = 15 * 60_000;
const VERSION_ID = /^(bundled|v\d{14}-[0-9a-f]{8}(-[0-9a-z]{6})?)$/;
/** Where the files of a published version are kept in the store. */
export const versionPrefix = (id: string) => `index/versions/${id}/`;

export const VersionEntry = z.object({
  // v<UTC second>-<content hash 8>-<random>: two publishes of the same content in the same
  // second still get two ids (ids without the random part were written before it existed).
  id: z.string().check(z.regex(VERSION_ID)),
  contentHash: z.string(),
  documents: z.int(),
  clauses: z.int(),
  publishedAt: z.string(),
  by: z.string(),
  note: z.string(),
});
export type VersionEntry = z.infer<typeof VersionEntry>;
export const LiveRecord = z.object({ current: VersionEntry, history: z.array(VersionEntry) });
export type LiveRecord = z.infer<typeof LiveRecord>;

/**
 * Why a publish did not happen. `message` is safe to show (no store paths, no raw errors of
 * the store); what the store said is in `cause`, for the server log only.
 */
export class PublishError extends Error {
  constructor(
    readonly step: "check" | "write" | "verify" | "switch" | "conflict" | "unchanged" | "rollback" | "broken",
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "PublishError";
  }
}

export function bundledEntry(index: LoadedIndex): VersionEntry {
  return { id: BUNDLED, contentHash: index.manifest.contentHash, documents: index.manifest.documents, clauses: index.manifest.clauses, publishedAt: "", by: "", note: "随程序发布的资料库" };
}

/** The live record; without one, the bundled index is live and there is no history. */
export async function readLive(store: BlobStore, bundled: () => LoadedIndex): Promise<LiveRecord> {
  return (await readLiveVersioned(store, bundled)).live;
}

/** The live record and the store's version tag of it (null: no record yet), for a compare-and-swap. */
async function readLiveVersioned(store: BlobStore, bundled: () => LoadedIndex): Promise<{ live: LiveRecord; version: string | null }> {
  const stored = await store.getVersioned(LIVE_KEY);
  if (stored === null) return { live: { current: bundledEntry(bundled()), history: [] }, version: null };
  let raw: unknown;
  try {
    raw = JSON.parse(stored.text);
  } catch {
    throw new Error(`${LIVE_KEY} is not JSON`);
  }
  const parsed = LiveRecord.safeParse(raw);
  if (!parsed.success) throw new Error(`${LIVE_KEY} is malformed: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  return { live: parsed.data, version: stored.version };
}

/** A stored version, its files checked against the manifest's sha256, loaded. */
export async function loadVersion(store: BlobStore, id: string): Promise<LoadedIndex> {
  const text: Record<string, string> = {};
  for (const name of Object.values(INDEX_FILES)) {
    const t = await store.getText(versionPrefix(id) + name);
    if (t === null) throw new Error(`version ${id}: ${name} is missing`);
    text[name] = t;
  }
  // an optional file is read when the manifest lists it (checkFiles then requires it)
  const listed = listedFiles(text[INDEX_FILES.manifest]);
  for (const name of Object.values(OPTIONAL_INDEX_FILES).filter((n) => listed.includes(n))) {
    const t = await store.getText(versionPrefix(id) + name);
    if (t !== null) text[name] = t;
  }
  await checkFiles(text);
  return loadIndexText(text);
}

/** The file names a manifest lists ([] when it cannot be read: checkFiles says why). */
function listedFiles(manifest: string): string[] {
  try {
    const files = (JSON.parse(manifest) as { files?: unknown }).files;
    return files && typeof files === "object" ? Object.keys(files) : [];
  } catch {
    return [];
  }
}

/** Every index file is there and matches the manifest (bytes, sha256, content hash). */
export async function checkFiles(files: Record<string, string>): Promise<Manifest> {
  const missing = Object.values(INDEX_FILES).filter((n) => typeof files[n] !== "string");
  if (missing.length) throw new PublishError("check", `missing index files: ${missing.join(", ")}`);
  let manifest: Manifest;
  try {
    manifest = Manifest.parse(JSON.parse(files[INDEX_FILES.manifest]));
  } catch (e) {
    throw new PublishError("check", `manifest.json is not a valid manifest: ${(e as Error).message}`);
  }
  // the required files, and each optional one the manifest lists or that was given
  const dataFiles = indexFileNames((n) => Object.hasOwn(manifest.files, n) || typeof files[n] === "string").filter((n) => n !== INDEX_FILES.manifest);
  for (const name of dataFiles) {
    if (typeof files[name] !== "string") throw new PublishError("check", `missing index file: ${name} (the manifest lists it)`);
    const stated = manifest.files[name];
    if (!stated) throw new PublishError("check", `manifest.json does not list ${name}`);
    const actual = await sha256Hex(files[name]);
    if (actual !== stated.sha256) throw new PublishError("check", `${name} does not match the manifest (sha256 ${actual.slice(0, 12)}…, manifest ${stated.sha256.slice(0, 12)}…)`);
  }
  if ((await contentHashOf(manifest.files)) !== manifest.contentHash) throw new PublishError("check", "manifest.json: contentHash does not match its files");
  return manifest;
}

/** A question made from the longest clause of the newest document must find that document. */
export async function smokeCheck(index: LoadedIndex): Promise<void> {
  const doc = index.documents.at(-1);
  if (!doc) throw new PublishError("verify", "the index has no documents");
  const clause = allClauses(index.db)
    .filter((c) => c.docId === doc.id)
    .sort((a, b) => b.text.length - a.text.length)[0];
  if (!clause) throw new PublishError("verify", `document ${doc.id} has no clauses`);
  const question = clause.text.slice(0, 40);
  const response = await search(index, question, { k: 10 });
  if (!response.answered || !response.results.some((r) => r.docId === doc.id))
    throw new PublishError("verify", `smoke question "${question}" did not find document ${doc.id}`);
}

export interface PublishOptions {
  by: string;
  note: string;
  now: Date;
  bundled: () => LoadedIndex;
  /** The live version the new one was built from: publishing fails if another got live since. */
  expectCurrent?: string;
  keep?: number;
}

export interface Published {
  entry: VersionEntry;
  index: LoadedIndex;
  live: LiveRecord;
}

const stamp = (d: Date) => d.toISOString().replace(/\D/g, "").slice(0, 14);
const nonce = () => Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => "0123456789abcdefghijklmnopqrstuvwxyz"[b % 36]).join("");

/** A new version id: unique even for the same content published twice in one second. */
export const newVersionId = (now: Date, contentHash: string) => `v${stamp(now)}-${contentHash.slice(0, 8)}-${nonce()}`;

/** When a version was published, from its id (undefined for "bundled"). */
export function versionTime(id: string): number | undefined {
  const m = /^v(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})-/.exec(id);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : undefined;
}

const named = (live: LiveRecord) => new Set([live.current.id, ...live.history.map((h) => h.id)]);

export async function publishVersion(store: BlobStore, files: Record<string, string>, o: PublishOptions): Promise<Published> {
  const manifest = await checkFiles(files);
  const { live: before, version: beforeVersion } = await readLiveVersioned(store, o.bundled);
  if (o.expectCurrent !== undefined && before.current.id !== o.expectCurrent)
    throw new PublishError("conflict", `the live version changed while this one was prepared (${o.expectCurrent} → ${before.current.id})`);
  if (before.current.contentHash === manifest.contentHash) throw new PublishError("unchanged", `this index is already live (${before.current.id})`);

  const id = newVersionId(o.now, manifest.contentHash);
  const prefix = versionPrefix(id);
  const entry: VersionEntry = { id, contentHash: manifest.contentHash, documents: manifest.documents, clauses: manifest.clauses, publishedAt: o.now.toISOString(), by: o.by, note: o.note };
  // Removes this publish's own files, unless the pointer names them after all (a switch that
  // succeeded though its answer was lost): files live.json names are never deleted.
  const discard = async () => {
    try {
      if (named(await readLive(store, o.bundled)).has(id)) return;
      await store.delete(indexFileNames(() => true).map((n) => prefix + n));
    } catch {
      // left for the sweep (src/manage/sweep.ts), which prunes unnamed versions past PRUNE_GRACE_MS
    }
  };
  let index: LoadedIndex;
  try {
    // data files first, manifest last
    for (const name of indexFileNames((n) => typeof files[n] === "string").filter((n) => n !== INDEX_FILES.manifest)) await store.put(prefix + name, files[name]);
    await store.put(prefix + INDEX_FILES.manifest, files[INDEX_FILES.manifest]);
  } catch (e) {
    await discard();
    throw new PublishError("write", `writing version ${id} to the store failed`, e);
  }
  try {
    index = await loadVersion(store, id);
    await smokeCheck(index);
  } catch (e) {
    await discard();
    // a file that no longer matches its manifest once stored is a failed verification, not bad input
    throw e instanceof PublishError && e.step === "verify" ? e : new PublishError("verify", `version ${id} did not read back intact from the store`, e);
  }
  const keep = o.keep ?? KEEP_VERSIONS;
  const live: LiveRecord = { current: entry, history: [before.current, ...before.history].slice(0, keep - 1) };
  let switched: boolean;
  let switchError: unknown;
  try {
    // the switch: only if live.json is still the one this version was built on
    switched = await store.putIfUnchanged(LIVE_KEY, JSON.stringify(live), beforeVersion);
  } catch (e) {
    switched = false;
    switchError = e;
  }
  if (!switched) {
    // What is live now decides what to say: this very version (the write went through but its
    // answer was lost), the same content (a double tap: the other publish won), or another one.
    const now = await readLive(store, o.bundled).catch(() => undefined);
    if (now?.current.id === id) return finish(store, { entry, index, live: now }, o.now);
    await discard();
    if (now?.current.contentHash === manifest.contentHash) throw new PublishError("unchanged", `the same index went live meanwhile (${now.current.id})`);
    if (switchError !== undefined) throw new PublishError("switch", `switching to ${id} failed`, switchError);
    throw new PublishError("conflict", "another version went live while this one was being written");
  }
  return finish(store, { entry, index, live }, o.now);
}

async function finish(store: BlobStore, published: Published, now: Date): Promise<Published> {
  await pruneVersions(store, now).catch(() => undefined);
  return published;
}

/** Goes back to the version before the live one (the bundled index after the first). */
export async function rollbackVersion(store: BlobStore, o: { bundled: () => LoadedIndex }): Promise<{ from: VersionEntry; to: VersionEntry; index: LoadedIndex }> {
  const { live, version } = await readLiveVersioned(store, o.bundled);
  const [to, ...rest] = live.history;
  if (!to) throw new PublishError("rollback", "there is no earlier version to go back to");
  let index: LoadedIndex;
  try {
    index = to.id === BUNDLED ? o.bundled() : await loadVersion(store, to.id);
  } catch (e) {
    throw new PublishError("rollback", `version ${to.id} cannot be loaded: ${(e as Error).message}`);
  }
  if (!(await store.putIfUnchanged(LIVE_KEY, JSON.stringify({ current: to, history: rest } satisfies LiveRecord), version)))
    throw new PublishError("conflict", "another version went live meanwhile; nothing was rolled back");
  return { from: live.current, to, index };
}

/**
 * Deletes stored versions that live.json no longer names, read just before deleting; a version
 * younger than PRUNE_GRACE_MS is left alone (another writer may be about to switch to it).
 */
export async function pruneVersions(store: BlobStore, now: Date): Promise<string[]> {
  const stored = await store.list("index/versions/");
  const text = await store.getText(LIVE_KEY);
  const parsed = text === null ? undefined : LiveRecord.safeParse(JSON.parse(text));
  if (parsed && !parsed.success) return []; // a pointer that cannot be read names nothing we could trust: keep all
  const keep = parsed ? named(parsed.data) : new Set([BUNDLED]);
  const versionOf = (key: string) => key.split("/")[2];
  const stale = [...new Set(stored.map((e) => versionOf(e.key)))].filter(
    (id) => !keep.has(id) && now.getTime() - (versionTime(id) ?? now.getTime()) >= PRUNE_GRACE_MS,
  );
  if (stale.length) await store.delete(stored.map((e) => e.key).filter((k) => stale.includes(versionOf(k))));
  return stale;
}
