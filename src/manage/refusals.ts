// Refused attempts — a wrong admin token, an admin command or button from someone who is not
// an admin — are counted, not stored one object each (500 bad requests used to write 500
// objects). Each is a log line; the counts gather in memory and are merged into one object per
// China day, audit/refused/<day>.json ({ "api:publish": 12, "telegram:stats": 3 }), at most once
// a minute per instance and by every sweep. An instance that is shut down before its next merge
// loses at most that minute's counts (the log lines stay). The sweep expires the day objects.
import { log } from "../shared/log.js";
import type { BlobStore } from "../store/blob-store.js";
import { chinaDay } from "./question-stats.js";

export const REFUSED_PREFIX = "audit/refused/";
export const REFUSAL_FLUSH_MS = 60_000;

export interface RefusalCounter {
  /** Logs the refusal and counts it under `kind` ("api:publish", "telegram:remove"). */
  count(store: BlobStore | undefined, kind: string, detail: string): Promise<void>;
  /** Merges what was counted into the store now. */
  flush(store: BlobStore): Promise<void>;
}

type Counts = Record<string, number>;

export function createRefusalCounter(now: () => Date = () => new Date(), flushEveryMs = REFUSAL_FLUSH_MS): RefusalCounter {
  const pending = new Map<string, Counts>();
  let flushedAt = -Infinity;
  let flushing: Promise<void> | undefined;

  async function merge(store: BlobStore, day: string, add: Counts): Promise<boolean> {
    const key = `${REFUSED_PREFIX}${day}.json`;
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await store.getVersioned(key);
      const counts: Counts = current ? (JSON.parse(current.text) as Counts) : {};
      for (const [kind, n] of Object.entries(add)) counts[kind] = (counts[kind] ?? 0) + n;
      if (await store.putIfUnchanged(key, JSON.stringify(counts), current?.version ?? null)) return true;
    }
    return false;
  }

  async function flushNow(store: BlobStore) {
    flushedAt = now().getTime();
    for (const [day, counts] of [...pending]) {
      pending.delete(day);
      let merged = false;
      try {
        merged = await merge(store, day, counts);
      } catch (e) {
        log.error(`refusals: could not merge the counts of ${day}; kept for the next try`, e);
      }
      if (!merged) {
        const again = pending.get(day) ?? {};
        for (const [kind, n] of Object.entries(counts)) again[kind] = (again[kind] ?? 0) + n;
        pending.set(day, again);
      }
    }
  }

  const flush = (store: BlobStore) =>
    (flushing ??= flushNow(store).finally(() => {
      flushing = undefined;
    }));

  return {
    async count(store, kind, detail) {
      const at = now();
      log.info(`refused ${kind}: ${detail}`);
      const day = chinaDay(at);
      const counts = pending.get(day) ?? {};
      counts[kind] = (counts[kind] ?? 0) + 1;
      pending.set(day, counts);
      if (store && at.getTime() - flushedAt >= flushEveryMs) await flush(store);
    },
    flush,
  };
}

/** The refusals counted on each of these days (ISO days), by kind. */
export async function refusalCounts(store: BlobStore, days: string[]): Promise<Record<string, Counts>> {
  const out: Record<string, Counts> = {};
  for (let i = 0; i < days.length; i += 16) {
    const texts = await Promise.all(days.slice(i, i + 16).map((day) => store.getText(`${REFUSED_PREFIX}${day}.json`)));
    texts.forEach((text, j) => {
      if (text !== null) out[days[i + j]] = JSON.parse(text) as Counts;
    });
  }
  return out;
}
