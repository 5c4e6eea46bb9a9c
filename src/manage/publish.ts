// Changing what the bot knows: rebuild the live index with documents added, replaced or
// withdrawn (on whichever host this runs), publish it as a new version, and switch this
// instance to it at once (other instances follow within the live-index check interval).
import { rebuildIndex, type IndexChanges } from "../ingest/build/rebuild.js";
import type { DocumentMeta } from "../shared/schema.js";
import { allClauses } from "../search/db.js";
import type { LoadedIndex } from "../search/load-index.js";
import { publishVersion, PublishError, rollbackVersion, type Published, type VersionEntry } from "../store/index-versions.js";
import type { ManageDeps } from "./deps.js";
import { markApplied, pendingPairs } from "../feedback/confirmed.js";
import { log } from "../shared/log.js";

export interface ChangePublished extends Published {
  added: DocumentMeta[];
  removed: DocumentMeta[];
  /** Confirmed question → clause pairs this publish applied (src/feedback/confirmed.ts): questions added, and those whose clauses had left. */
  learned: { added: number; gone: number };
}

export async function publishChanges(deps: ManageDeps, changes: IndexChanges, by: string, note: string): Promise<ChangePublished> {
  await deps.live.refresh();
  const base = await deps.live.get();
  const baseVersion = deps.live.version();
  // Building on what this instance serves while live.json names a version it cannot load would
  // drop that version's documents, or fail as a "conflict" forever: say what is wrong instead.
  const unloadable = deps.live.unloadable();
  if (unloadable) throw new PublishError("broken", `the live version ${unloadable} cannot be loaded (this instance serves ${baseVersion}); roll back first`);
  // the pairs admins confirmed since the last publish go into this one, and are marked with its version
  // (a database that cannot be read holds up no publish: they wait for the next)
  const none = { ids: [], questions: [] };
  const pairs = deps.db ? await pendingPairs(deps.db).catch((e) => (log.error("confirmed pairs: not read, this publish goes without them", e), none)) : none;
  const rebuilt = await rebuildIndex(base, changes, { now: deps.now(), learn: pairs.questions });
  const published = await publishVersion(deps.store, rebuilt.files, { by, note, now: deps.now(), bundled: deps.bundled, expectCurrent: baseVersion });
  await deps.live.refresh();
  // marked after the publish: should this fail, the next publish adds them again, which changes nothing (addConfirmed)
  if (deps.db && pairs.ids.length) await markApplied(deps.db, pairs.ids, published.entry.id).catch((e) => log.error("confirmed pairs: applied but not marked", e));
  return { ...published, added: rebuilt.added.map((a) => a.document), removed: rebuilt.removed, learned: rebuilt.learned };
}

/** Publishes a whole index built elsewhere (`npm run publish:index`); `added`: its documents that are new or whose text changed. */
export async function publishFiles(deps: ManageDeps, files: Record<string, string>, by: string, note: string): Promise<Published & { added: DocumentMeta[] }> {
  await deps.live.refresh();
  const before = await deps.live.get();
  const published = await publishVersion(deps.store, files, { by, note, now: deps.now(), bundled: deps.bundled });
  await deps.live.refresh();
  return { ...published, added: changedDocuments(before, published.index) };
}

/**
 * The documents of `after` that `before` does not have, or has with other text: what
 * subscribers hear about. A document's text is compared by a hash of its clauses' labels and
 * texts, so the same document published again (or only its metadata corrected) is not news.
 */
export function changedDocuments(before: LoadedIndex, after: LoadedIndex): DocumentMeta[] {
  const was = textHashes(before);
  const now = textHashes(after);
  return after.documents.filter((d) => was.get(d.id) !== now.get(d.id));
}

function textHashes(index: LoadedIndex): Map<string, number> {
  const hashes = new Map<string, number>();
  for (const c of allClauses(index.db)) {
    let h = hashes.get(c.docId) ?? 0x811c9dc5;
    for (const part of [c.label, c.text]) {
      for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193) >>> 0;
      h = Math.imul(h ^ 0x1f, 0x01000193) >>> 0;
    }
    hashes.set(c.docId, h);
  }
  return hashes;
}

export async function rollback(deps: ManageDeps): Promise<{ from: VersionEntry; to: VersionEntry }> {
  const { from, to } = await rollbackVersion(deps.store, { bundled: deps.bundled });
  await deps.live.refresh();
  return { from, to };
}
