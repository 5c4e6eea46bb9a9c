// The search tier on Node (src/tier/): SQLite files, shard 0 first (SEARCH_TIER_FILES), read
// through sql.js, which holds a file in memory. `npm run publish:index -- --tier FILES` rewrites
// them from another process, so a server opens them again when one has changed (size or time),
// looked at most every `checkEveryMs`; between two looks it answers from what it has.
import { statSync } from "node:fs";
import { openSqliteFile } from "../db/sqlite-file.js";
import { tierReader, type TierVersion } from "../tier/source.js";

export function tierFiles(paths: string[], { checkEveryMs = 10_000, clock = () => Date.now() } = {}): { source(): Promise<TierVersion> } {
  let opened: { stamp: string; reader: ReturnType<typeof tierReader> } | undefined;
  let checkedAt = -Infinity;
  const stampOf = () =>
    paths
      .map((p) => {
        const s = statSync(p);
        return `${s.size}:${s.mtimeMs}`;
      })
      .join(",");
  return {
    source: async () => {
      if (!opened || clock() - checkedAt >= checkEveryMs) {
        checkedAt = clock();
        const stamp = stampOf();
        if (stamp !== opened?.stamp) {
          const shards = await Promise.all(paths.map((p) => openSqliteFile(p)));
          opened = { stamp, reader: tierReader(shards, { checkEveryMs: 0 }) };
        }
      }
      return opened.reader.source();
    },
  };
}
