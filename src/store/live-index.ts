// The index this instance serves. Loaded once and kept; every `checkEveryMs` (default 5 s)
// a request first reads index/live.json (one small object) and, when another version went
// live, loads it before answering. So every instance serves the newest published version
// within that bound, without reloading the index on every request. Without a store (or
// before any publish) the bundled index is served. A store that cannot be read is logged and
// the version already loaded keeps answering.
import type { LoadedIndex } from "../search/load-index.js";
import type { BlobStore } from "./blob-store.js";
import { BUNDLED, loadVersion, readLive } from "./index-versions.js";

export const DEFAULT_CHECK_MS = 5_000;

export interface LiveIndex {
  get(): Promise<LoadedIndex>;
  /** Reads the live pointer now (after a publish or a rollback in this instance). */
  refresh(): Promise<void>;
  /** The id of the version being served ("bundled" until a publish). */
  version(): string | undefined;
}

export interface LiveIndexOptions {
  store: () => BlobStore | undefined;
  bundled: () => LoadedIndex;
  /** How often the live pointer is read, ms (a function: the worker reads it from its settings). */
  checkEveryMs?: number | (() => number);
  clock?: () => number;
  log?: (message: string, error?: unknown) => void;
}

export function createLiveIndex(o: LiveIndexOptions): LiveIndex {
  const clock = o.clock ?? (() => Date.now());
  const every = typeof o.checkEveryMs === "function" ? o.checkEveryMs : () => (o.checkEveryMs as number | undefined) ?? DEFAULT_CHECK_MS;
  const log = o.log ?? ((m, e) => console.error(m, e));
  let current: { id: string; index: LoadedIndex } | undefined;
  let checkedAt = -Infinity;
  let inflight: Promise<void> | undefined;

  async function check(): Promise<void> {
    const store = o.store();
    if (!store) {
      current ??= { id: BUNDLED, index: o.bundled() };
      return;
    }
    try {
      const live = await readLive(store, o.bundled);
      if (live.current.id === current?.id) return;
      const index = live.current.id === BUNDLED ? o.bundled() : await loadVersion(store, live.current.id);
      current = { id: live.current.id, index };
    } catch (e) {
      log(`live index: could not read the live version; serving ${current?.id ?? BUNDLED}`, e);
      current ??= { id: BUNDLED, index: o.bundled() };
    }
  }

  const run = () =>
    (inflight ??= check().finally(() => {
      checkedAt = clock();
      inflight = undefined;
    }));

  return {
    async get() {
      if (!current || clock() - checkedAt >= every()) await run();
      return current!.index;
    },
    refresh: async () => {
      await inflight;
      await run();
    },
    version: () => current?.id,
  };
}
