// Node: BlobStore in a data folder (DATA_DIR, default ./data). A value is written to a
// temporary file and renamed over the key, so a reader never sees half of it; metadata sits
// beside it in "<file>.meta.json". Compare-and-swap (putIfUnchanged) holds "<file>.lock"
// (created exclusively) while it reads, compares and writes, so it is exact across processes
// too (the CLI publishing while `npm start` publishes from the chat). Listing walks only the
// folder of the prefix, not the whole data folder.
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { createHash } from "node:crypto";
import type { BlobStore, StoredEntry } from "./blob-store.js";

const META = ".meta.json";
const LOCK = ".lock";
const TMP = ".tmp";
/** A key lock older than this was left by a killed process. */
const STALE_LOCK_MS = 30_000;
/** A temporary file older than this was left by a killed process. */
export const STALE_TMP_MS = 3600_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `f` over the items, 64 at a time (file operations: many in flight, not unbounded). */
async function inBatches<T, R>(items: T[], f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += 64) out.push(...(await Promise.all(items.slice(i, i + 64).map(f))));
  return out;
}
const isInternal = (name: string) => name.endsWith(META) || name.endsWith(TMP) || name.endsWith(LOCK);

export interface FileStore extends BlobStore {
  /** Removes temporary files and key locks left by killed processes; returns how many. */
  sweepLeftovers(now?: number): Promise<number>;
}

export function fileStore(root: string): FileStore {
  const pathOf = (key: string) => {
    if (key === "" || key.split("/").some((p) => p === "" || p === "." || p === "..") || isInternal(key)) throw new Error(`bad store key: ${key}`);
    return join(root, ...key.split("/"));
  };
  const read = async (path: string) => {
    try {
      return await readFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  };
  const atomicWrite = async (path: string, data: string | Uint8Array) => {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}${TMP}`;
    await writeFile(tmp, data);
    await rename(tmp, path);
  };
  /** Every file under dir (recursively), internal ones too when asked. */
  const walk = async (dir: string, internal = false): Promise<string[]> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return [];
      throw e;
    }
    const out: string[] = [];
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) out.push(...(await walk(p, internal)));
      else if (internal || !isInternal(e.name)) out.push(p);
    }
    return out;
  };
  const versionOf = (data: Buffer) => createHash("sha256").update(data).digest("hex");

  // one compare-and-swap at a time in this process, and the key's lock file across processes
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(f: () => Promise<T>): Promise<T> => {
    const run = queue.then(f, f);
    queue = run.catch(() => undefined);
    return run;
  };
  const locked = async <T>(path: string, f: () => Promise<T>): Promise<T> => {
    await mkdir(dirname(path), { recursive: true });
    const lock = path + LOCK;
    for (let waited = 0; ; waited += 20) {
      try {
        await (await open(lock, "wx")).close();
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
        if (age > STALE_LOCK_MS) await rm(lock, { force: true });
        else if (waited > 10_000) throw new Error(`store key is locked by another process: ${relative(root, path)}`);
        else await sleep(20);
      }
    }
    try {
      return await f();
    } finally {
      await rm(lock, { force: true });
    }
  };

  return {
    async getVersioned(key) {
      const data = await read(pathOf(key));
      return data ? { text: data.toString("utf8"), version: versionOf(data) } : null;
    },
    putIfUnchanged: (key, value, version) =>
      exclusive(() =>
        locked(pathOf(key), async () => {
          const path = pathOf(key);
          const current = await read(path);
          if ((current === null ? null : versionOf(current)) !== version) return false;
          await rm(path + META, { force: true });
          await atomicWrite(path, value);
          return true;
        }),
      ),
    async get(key) {
      const data = await read(pathOf(key));
      return data ? new Uint8Array(data) : null;
    },
    async getText(key) {
      const data = await read(pathOf(key));
      return data ? data.toString("utf8") : null;
    },
    async put(key, value, meta) {
      const path = pathOf(key);
      if (meta) await atomicWrite(path + META, JSON.stringify(meta));
      else await rm(path + META, { force: true });
      await atomicWrite(path, value);
    },
    async delete(keys) {
      const paths = (typeof keys === "string" ? [keys] : keys).map(pathOf);
      await inBatches(paths, (path) => Promise.all([rm(path, { force: true }), rm(path + META, { force: true })]));
    },
    async list(prefix) {
      // only the folder the prefix names ("stats/q/2026-11-22/" → data/stats/q/2026-11-22)
      const folder = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
      const files = (await walk(folder ? join(root, ...folder.split("/")) : root))
        .map((f) => ({ f, key: relative(root, f).split(sep).join("/") }))
        .filter(({ key }) => key.startsWith(prefix));
      const out = await inBatches(files, async ({ f, key }): Promise<StoredEntry> => {
        const [meta, info] = await Promise.all([read(f + META), stat(f).catch(() => undefined)]);
        return { key, meta: meta ? (JSON.parse(meta.toString("utf8")) as Record<string, string>) : {}, uploaded: info?.mtimeMs ?? 0 };
      });
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async sweepLeftovers(now = Date.now()) {
      let removed = 0;
      for (const f of await walk(root, true)) {
        const limit = f.endsWith(TMP) ? STALE_TMP_MS : f.endsWith(LOCK) && !f.endsWith("server.lock") ? STALE_LOCK_MS : undefined;
        if (limit === undefined) continue;
        const info = await stat(f).catch(() => undefined);
        if (info && now - info.mtimeMs > limit) {
          await rm(f, { force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}
