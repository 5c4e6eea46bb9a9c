// Changing what the bot knows: rebuild the live index with documents added, replaced or
// withdrawn (on whichever host this runs), publish it as a new version, and switch this
// instance to it at once (other instances follow within the live-index check interval).
import { rebuildIndex, type IndexChanges } from "../ingest/build/rebuild.js";
import type { DocumentMeta } from "../shared/schema.js";
import { publishVersion, PublishError, rollbackVersion, type Published, type VersionEntry } from "../store/index-versions.js";
import type { ManageDeps } from "./deps.js";

export interface ChangePublished extends Published {
  added: DocumentMeta[];
  removed: DocumentMeta[];
}

export async function publishChanges(deps: ManageDeps, changes: IndexChanges, by: string, note: string): Promise<ChangePublished> {
  await deps.live.refresh();
  const base = await deps.live.get();
  const baseVersion = deps.live.version();
  // Building on what this instance serves while live.json names a version it cannot load would
  // drop that version's documents, or fail as a "conflict" forever: say what is wrong instead.
  const unloadable = deps.live.unloadable();
  if (unloadable) throw new PublishError("broken", `the live version ${unloadable} cannot be loaded (this instance serves ${baseVersion}); roll back first`);
  const rebuilt = await rebuildIndex(base, changes, { now: deps.now() });
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
