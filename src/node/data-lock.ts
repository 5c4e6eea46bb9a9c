// One `npm start` per data folder: two processes writing the same DATA_DIR would both poll
// Telegram, answer updates twice, and sweep and publish under each other. The first takes
// DATA_DIR/server.lock (created exclusively, holding its pid and host); a second is refused
// with who holds it. A lock left by a process that is gone (same host, pid not running) is
// taken over.
import { hostname } from "node:os";
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

export type LockResult = { ok: true; release: () => void } | { ok: false; holder: LockHolder | undefined; path: string };

export const LOCK_FILE = "server.lock";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

function readHolder(path: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(path, "utf8")) as LockHolder;
    return Number.isInteger(h.pid) && typeof h.host === "string" ? h : undefined;
  } catch {
    return undefined;
  }
}

export function lockDataDir(dir: string): LockResult {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (readHolder(path)?.pid === me.pid) unlinkSync(path);
      };
      process.once("exit", release);
      return { ok: true, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const holder = readHolder(path);
    // gone: a process of this host that no longer runs (or a lock file nobody could read back)
    const stale = holder === undefined ? attempt === 0 && isOld(path) : holder.host === me.host && !alive(holder.pid);
    if (!stale) return { ok: false, holder, path };
    unlinkSync(path);
  }
  return { ok: false, holder: readHolder(path), path };
}

/** An unreadable lock file is stale once it is a minute old (a writer killed between open and write). */
function isOld(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > 60_000;
  } catch {
    return true;
  }
}
