// npm run publish:index: an index built offline goes live in the data folder `npm start`
// serves (--data) or through a worker's admin API (--url; here `npm start`'s, the same Hono
// app), checked first; a refused publish leaves the live version as it was.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, SEEDS } from "./helpers.js";
import { migrate, openSqliteFile, readMigrations } from "../../src/db/sqlite-file.js";
import { subscribe } from "../../src/subscriptions/subscriptions.js";

const tmp = mkdtempSync(join(tmpdir(), "zct-publish-"));
const TOKEN = "node-test-admin-token-0123456789";

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout + r.stderr };
}

let smallIndex: string;
beforeAll(() => {
  // four of the five seeds: a real, different index
  const input = join(tmp, "seeds4");
  spawnSync("mkdir", ["-p", input]);
  for (const f of readdirSync(SEEDS).filter((f) => f.endsWith(".txt")).slice(1)) copyFileSync(join(SEEDS, f), join(input, f));
  if (existsSync(join(SEEDS, "catalogue.json"))) copyFileSync(join(SEEDS, "catalogue.json"), join(input, "catalogue.json"));
  smallIndex = join(tmp, "index4");
  const built = cli(["index", "--input", input, "--out", smallIndex]);
  expect(built.code, built.out).toBe(0);
}, 120_000);

describe("npm run publish:index -- --data DIR", () => {
  const data = join(tmp, "data");

  it("refuses the index that is already live (the bundled one) and writes no version", () => {
    const r = cli(["publish", "--data", data]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("未发布：这个索引已经是线上版本");
    expect(existsSync(join(data, "index", "live.json"))).toBe(false);
  });

  it("publishes a built index, which npm start then serves", async () => {
    const r = cli(["publish", "--data", data, "--index", smallIndex, "--note", "four seeds"]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/已发布 v\d{14}-[0-9a-f]{8}-[0-9a-z]{6} 到 .*：4 份文件/);
    const live = JSON.parse(readFileSync(join(data, "index", "live.json"), "utf8"));
    expect(live.current).toMatchObject({ documents: 4, by: "cli", note: "four seeds" });
    expect(live.history[0].id).toBe("bundled");

    const port = 21000 + Math.floor(Math.random() * 1000);
    const server = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/node.ts"), "--port", String(port)], { cwd: ROOT, env: { ...process.env, DATA_DIR: data, ADMIN_TOKEN: TOKEN }, stdio: ["ignore", "pipe", "pipe"] });
    try {
      await new Promise<void>((resolve, reject) => {
        server.stdout.on("data", (d: Buffer) => d.toString().includes("API on") && resolve());
        server.on("exit", (c) => reject(new Error(`server exited ${c}`)));
      });
      const base = `http://127.0.0.1:${port}`;
      const health = (await (await fetch(`${base}/healthz`)).json()) as { version: string; index: { documents: number } };
      expect(health.version).toBe(live.current.id);
      expect(health.index.documents).toBe(4);

      // --url: the same through the admin API; a wrong token is refused
      const denied = cli(["publish", "--url", base, "--index", join(ROOT, "index")], { ADMIN_TOKEN: "wrong-token-wrong-token-wrong" });
      expect(denied.code).toBe(1);
      expect(denied.out).toContain("HTTP 401");
      const ok = cli(["publish", "--url", base, "--index", join(ROOT, "index"), "--note", "back to five"], { ADMIN_TOKEN: TOKEN });
      expect(ok.code, ok.out).toBe(0);
      expect(ok.out).toMatch(/已发布 v\d{14}-[0-9a-f]{8}-[0-9a-z]{6} 到 http.*：5 份文件/);
      // the document that came back is news; the server has no subscribers
      expect(ok.out).toContain("1 份新增或改动的文件，已排队通知订阅者：0 人（经 worker 的发送队列发出）");
      const after = (await (await fetch(`${base}/healthz`)).json()) as { index: { documents: number } };
      expect(after.index.documents).toBe(5);
      const versions = (await (await fetch(`${base}/admin/index`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { current: { note: string }; history: { id: string }[] };
      expect(versions.current.note).toBe("back to five");
      expect(versions.history.map((h) => h.id)).toEqual([live.current.id, "bundled"]);
    } finally {
      server.kill();
    }
  }, 120_000);

  it("queues notices in the data folder's outbox/ for the subscribers of a new or changed document", async () => {
    const data2 = join(tmp, "data-subscribers");
    const db = await openSqliteFile(join(data2, "db.sqlite"));
    await migrate(db, readMigrations(join(ROOT, "migrations")));
    const now = new Date();
    await subscribe(db, { userId: 9, chatId: 9, topic: "工业经济 开门红", region: "成都", now });
    await subscribe(db, { userId: 10, chatId: 10, topic: "危化品企业搬迁", region: "", now });
    // four seeds: the same texts as the bundled five, less one; nothing new, nobody told
    const first = cli(["publish", "--data", data2, "--index", smallIndex]);
    expect(first.code, first.out).toBe(0);
    expect(first.out).not.toContain("通知订阅者");
    expect(existsSync(join(data2, "outbox"))).toBe(false);
    // all five again: the one that comes back is news for the subscriber whose topic it answers
    const back = cli(["publish", "--data", data2, "--index", join(ROOT, "index")]);
    expect(back.code, back.out).toBe(0);
    expect(back.out).toContain("1 份新增或改动的文件，已排队通知订阅者：1 人（npm start 运行时几秒内发出）");
    const queued = readdirSync(join(data2, "outbox")).map((f) => readFileSync(join(data2, "outbox", f), "utf8"));
    expect(queued).toHaveLength(1);
    expect(queued[0]).toContain('"chat_id":9');
    expect(queued[0]).toContain("开门红");
  }, 120_000);

  it("says how to use it when --url, --data and --tier are all missing, or two are given", () => {
    const r = cli(["publish"]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("请给出 --url、--data 或 --tier，只能选一个");
    const both = cli(["publish", "--data", join(tmp, "d"), "--tier", join(tmp, "t.sqlite")]);
    expect(both.code).toBe(2);
    expect(both.out).toContain("只能选一个");
  });
});

describe("npm run publish:index -- --url URL, when the answer is lost", () => {
  /** A worker stand-in whose POST drops the connection and whose GET /admin/index names `liveHash`. */
  async function lossyWorker(liveHash: () => string) {
    const server = createServer((req, res) => {
      if (req.method === "POST") return void req.socket.destroy();
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ current: { id: "v20261122080000-0123abcd-abcdef", contentHash: liveHash(), documents: 5, clauses: 138 }, history: [] }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
  }
  const cliAsync = (args: string[]) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args], { cwd: ROOT, env: { ...process.env, ADMIN_TOKEN: TOKEN } });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.on("exit", (code) => resolve({ code, out }));
    });
  const sentHash = () => JSON.parse(readFileSync(join(ROOT, "index", "manifest.json"), "utf8")).contentHash as string;

  it("says it was published when the live version turns out to hold the index it sent", async () => {
    const worker = await lossyWorker(sentHash);
    try {
      const r = await cliAsync(["publish", "--url", worker.url]);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain("已发布 v20261122080000-0123abcd-abcdef");
      expect(r.out).toContain("但线上版本正是这个索引");
      expect(r.out).not.toContain("没有变化");
    } finally {
      await worker.close();
    }
  });

  it("says it was not published when the live version is another one", async () => {
    const worker = await lossyWorker(() => "f".repeat(64));
    try {
      const r = await cliAsync(["publish", "--url", worker.url]);
      expect(r.code).toBe(1);
      expect(r.out).toContain("未发布：连接失败");
      expect(r.out).toContain("线上版本是 v20261122080000-0123abcd-abcdef，不是这个索引");
    } finally {
      await worker.close();
    }
  });
});

afterAll(() => spawnSync("rm", ["-rf", tmp]));
