// An upload waiting for the admin's 确认上线: the extracted text, the admin's corrections
// and where the original file is kept. pending/<id>.json, plus pending/latest-<admin>.json
// naming the admin's newest one (what /edit corrects). Expires after a day.
import * as z from "zod/mini";
import { getJson, putJson, type BlobStore } from "../store/blob-store.js";

export const PENDING_TTL_MS = 24 * 3600 * 1000;

export const Pending = z.object({
  id: z.string().check(z.regex(/^[a-z0-9]{10}$/)),
  by: z.number(),
  createdAt: z.string(),
  fileName: z.string(),
  kind: z.string(),
  originalKey: z.string(),
  text: z.string(),
  docId: z.string(),
  overrides: z.record(z.string(), z.string()),
  notes: z.array(z.string()),
});
export type Pending = z.infer<typeof Pending>;

const keyOf = (id: string) => `pending/${id}.json`;
const latestKey = (admin: number) => `pending/latest-${admin}.json`;

export const newPendingId = () => Array.from(crypto.getRandomValues(new Uint8Array(10)), (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");

export async function savePending(store: BlobStore, pending: Pending): Promise<void> {
  await putJson(store, keyOf(pending.id), pending);
  await putJson(store, latestKey(pending.by), { id: pending.id });
}

export type FoundPending = { ok: true; pending: Pending } | { ok: false; reason: "missing" | "expired" | "other-admin" };

/** The pending upload, if it exists, is the admin's own and has not expired; else why not. */
export async function findPending(store: BlobStore, id: string, admin: number, now: Date): Promise<FoundPending> {
  if (!/^[a-z0-9]{10}$/.test(id)) return { ok: false, reason: "missing" };
  const parsed = Pending.safeParse(await getJson(store, keyOf(id)));
  if (!parsed.success) return { ok: false, reason: "missing" };
  if (parsed.data.by !== admin) return { ok: false, reason: "other-admin" };
  if (isExpired(parsed.data, now)) return { ok: false, reason: "expired" };
  return { ok: true, pending: parsed.data };
}

export const isExpired = (pending: Pick<Pending, "createdAt">, now: Date) => now.getTime() - Date.parse(pending.createdAt) > PENDING_TTL_MS;

export async function loadPending(store: BlobStore, id: string, admin: number, now: Date): Promise<Pending | undefined> {
  const found = await findPending(store, id, admin, now);
  return found.ok ? found.pending : undefined;
}

export async function latestPending(store: BlobStore, admin: number, now: Date): Promise<Pending | undefined> {
  const latest = await getJson<{ id?: unknown }>(store, latestKey(admin));
  return typeof latest?.id === "string" ? loadPending(store, latest.id, admin, now) : undefined;
}

export async function dropPending(store: BlobStore, pending: Pending): Promise<void> {
  await store.delete(keyOf(pending.id));
  const latest = await getJson<{ id?: unknown }>(store, latestKey(pending.by));
  if (latest?.id === pending.id) await store.delete(latestKey(pending.by));
}
