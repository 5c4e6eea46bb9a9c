// The index this instance serves. Loaded once and kept; every `checkEveryMs` (default 5 s)
// a request first reads index/live.json (one small object) and, when another version went
// live, loads it before answering. So every instance serves the newest published version
// within that bound, without reloading the index on every request. Without a store (or
// before any publish) the bundled index is served. A store that cannot be read is logged and
// the version already loaded keeps answering.
import type { LoadedIndex } from "../search/load-index.js";
import { log as defaultLog } from "../shared/log.js";
import type { BlobStore } from "./blob-store.js";
import { BUNDLED, loadVersion, readLive } from "./index-versions.js";

export const DEFAULT_CHECK_MS = 5_000;
const REPEAT_LOG_MS = 5 * 60_000;

export interface LiveIndex {
  get(): Promise<LoadedIndex>;
  /** Reads the live pointer now (after a publish or a rollback in this instance). */
  refresh(): Promise<void>;
  /** The id of the version being served ("bundled" until a publish). */
  version(): string | undefined;
  /** The live version this instance could not load at its last check, if any (it serves `version()` meanwhile). */
  unloadable(): string | undefined;
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
  const log = o.log ?? ((m, e) => defaultLog.error(m, e));
  let current: { id: string; index: LoadedIndex } | undefined;
  let checkedAt = -Infinity;
  let inflight: Promise<void> | undefined;
  // The same failure is logged once, then at most every REPEAT_LOG_MS, not at every check.
  let failure: { id: string | undefined; message: string; loggedAt: number } | undefined;

  async function check(): Promise<void> {
    const store = o.store();
    if (!store) {
      current ??= { id: BUNDLED, index: o.bundled() };
      return;
    }
    let wanted: string | undefined;
    try {
      const live = await readLive(store, o.bundled);
      wanted = live.current.id;
      if (live.current.id !== current?.id) {
        const index = live.current.id === BUNDLED ? o.bundled() : await loadVersion(store, live.current.id);
        current = { id: live.current.id, index };
      }
      if (failure) log(`live index: version ${current.id} loaded again after a failure`);
      failure = undefined;
    } catch (e) {
      current ??= { id: BUNDLED, index: o.bundled() };
      const message = e instanceof Error ? e.message : String(e);
      const now = clock();
      if (!failure || failure.id !== wanted || failure.message !== message || now - failure.loggedAt >= REPEAT_LOG_MS) {
        log(`live index: could not ${wanted ? `load the live version ${wanted}` : "read the live version"}; serving ${current.id}`, e);
        failure = { id: wanted, message, loggedAt: now };
      } else failure = { ...failure, id: wanted };
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
    unloadable: () => (failure?.id !== undefined && failure.id !== current?.id ? failure.id : undefined),
  };
}
