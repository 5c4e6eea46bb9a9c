// Changing what the bot knows: rebuild the live index with documents added, replaced or
// withdrawn (on whichever host this runs), publish it as a new version, and switch this
// instance to it at once (other instances follow within the live-index check interval).
import { rebuildIndex, type IndexChanges } from "../ingest/build/rebuild.js";
import type { DocumentMeta } from "../shared/schema.js";
import { publishVersion, rollbackVersion, type Published, type VersionEntry } from "../store/index-versions.js";
import type { ManageDeps } from "./deps.js";

export interface ChangePublished extends Published {
  added: DocumentMeta[];
  removed: DocumentMeta[];
}

export async function publishChanges(deps: ManageDeps, changes: IndexChanges, by: string, note: string): Promise<ChangePublished> {
  await deps.live.refresh();
  const base = await deps.live.get();
  const baseVersion = deps.live.version();
  const rebuilt = await rebuildIndex(base, changes);
  const published = await publishVersion(deps.store, rebuilt.files, { by, note, now: deps.now(), bundled: deps.bundled, expectCurrent: baseVersion });
  await deps.live.refresh();
  return { ...published, added: rebuilt.added.map((a) => a.document), removed: rebuilt.removed };
}

/** Publishes a whole index built elsewhere (`npm run publish:index`). */
export async function publishFiles(deps: ManageDeps, files: Record<string, string>, by: string, note: string): Promise<Published> {
  const published = await publishVersion(deps.store, files, { by, note, now: deps.now(), bundled: deps.bundled });
  await deps.live.refresh();
  return published;
}

export async function rollback(deps: ManageDeps): Promise<{ from: VersionEntry; to: VersionEntry }> {
  const { from, to } = await rollbackVersion(deps.store, { bundled: deps.bundled });
  await deps.live.refresh();
  return { from, to };
}
