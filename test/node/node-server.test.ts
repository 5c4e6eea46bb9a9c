// `npm start` serves the same routes from Node.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

const port = 18000 + Math.floor(Math.random() * 1000);
// its own data folder: one npm start per folder (server.lock)
const data = mkdtempSync(join(tmpdir(), "zct-server-"));
const server = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/node.ts"), "--port", String(port)], { cwd: ROOT, env: { ...process.env, DATA_DIR: data }, stdio: ["ignore", "pipe", "pipe"] });
const ready = new Promise<void>((resolve, reject) => {
  server.stdout.on("data", (d: Buffer) => d.toString().includes("API on") && resolve());
  server.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  setTimeout(() => reject(new Error("server did not start in 30 s")), 30_000);
});
afterAll(() => {
  server.kill();
  rmSync(data, { recursive: true, force: true });
});

describe("npm start (Node)", () => {
  it("serves /healthz, /api/search and /api/answer like the worker", async () => {
    await ready;
    const base = `http://127.0.0.1:${port}`;
    const health = await (await fetch(`${base}/healthz`)).json();
    expect(health).toMatchObject({ status: "ok", index: { documents: 5 } });
    const found = (await (await fetch(`${base}/api/search?q=${encodeURIComponent("壮大贷新增投放多少钱")}&k=2`)).json()) as { answered: boolean; results: { text: string }[] };
    expect(found.answered).toBe(true);
    expect(found.results[0].text).toContain("新增投放6亿元");
    const bad = await fetch(`${base}/api/search?q=&k=99`);
    expect(bad.status).toBe(400);
    const answer = (await (await fetch(`${base}/api/answer?q=${encodeURIComponent("股票明天会涨吗")}`)).json()) as { answered: boolean };
    expect(answer.answered).toBe(false);
  });
});
