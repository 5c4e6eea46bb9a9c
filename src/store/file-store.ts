// Node: BlobStore in a data folder (DATA_DIR, default ./data). A value is written to a
// temporary file and renamed over the key, so a reader never sees half of it; metadata sits
// beside it in "<file>.meta.json". Compare-and-swap (putIfUnchanged) is exact within this
// process (one at a time per store); a second process writing the same key at the same
// moment is not excluded (the CLI publishing while `npm start` publishes from the chat).
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { createHash } from "node:crypto";
import type { BlobStore, StoredEntry } from "./blob-store.js";

const META = ".meta.json";

export function fileStore(root: string): BlobStore {
  const pathOf = (key: string) => {
    if (key === "" || key.split("/").some((p) => p === "" || p === "." || p === "..") || key.endsWith(META)) throw new Error(`bad store key: ${key}`);
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
    const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, path);
  };
  const walk = async (dir: string): Promise<string[]> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw e;
    }
    const out: string[] = [];
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) out.push(...(await walk(p)));
      else if (!e.name.endsWith(META) && !e.name.endsWith(".tmp")) out.push(p);
    }
    return out;
  };
  const versionOf = (data: Buffer) => createHash("sha256").update(data).digest("hex");
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(f: () => Promise<T>): Promise<T> => {
    const run = queue.then(f, f);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    async getVersioned(key) {
      const data = await read(pathOf(key));
      return data ? { text: data.toString("utf8"), version: versionOf(data) } : null;
    },
    putIfUnchanged: (key, value, version) =>
      exclusive(async () => {
        const path = pathOf(key);
        const current = await read(path);
        if ((current === null ? null : versionOf(current)) !== version) return false;
        await rm(path + META, { force: true });
        await atomicWrite(path, value);
        return true;
      }),
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
      for (const key of typeof keys === "string" ? [keys] : keys) {
        await rm(pathOf(key), { force: true });
        await rm(pathOf(key) + META, { force: true });
      }
    },
    async list(prefix) {
      const files = await walk(root);
      const out: StoredEntry[] = [];
      for (const f of files) {
        const key = relative(root, f).split(sep).join("/");
        if (!key.startsWith(prefix)) continue;
        const meta = await read(f + META);
        out.push({ key, meta: meta ? (JSON.parse(meta.toString("utf8")) as Record<string, string>) : {} });
      }
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
  };
}
