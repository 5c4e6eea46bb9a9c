// The search tier on Node: databases in sql.js (the SQLite the Node host uses), one and two shards.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteFile } from "../../src/db/sqlite-file.js";
import { writeIndex } from "../../src/ingest/build/write-index.js";
import { publicResponse, search } from "../../src/search/engine.js";
import { answerResponse } from "../../src/http/answer-response.js";
import { describeTierDelta } from "../fixtures/tier-delta-checks.js";
import { describeTier, tierCorpus, tierCorpusFiles } from "../fixtures/tier-checks.js";
import { ROOT } from "./helpers.js";

const open = () => openSqliteFile(undefined);
describeTier("Node", async () => [[await open()], [await open(), await open()]]);
describeTierDelta("Node", async () => [[await open()], [await open(), await open()]]);

const TOKEN = "tier-node-admin-token-0123456789abcdef";

describe("the search tier on Node: npm run publish:index -- --tier, then npm start with SEARCH_TIER_FILES", () => {
  const tmp = mkdtempSync(join(tmpdir(), "zct-tier-node-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } });

  it("writes the files, switches, and the server answers /api/search, /api/answer and the pages from them as the in-memory engine would; admin publishing is refused", async () => {
    const indexDir = join(tmp, "index");
    writeIndex(indexDir, await tierCorpusFiles());
    const shards = [join(tmp, "tier-0.sqlite"), join(tmp, "tier-1.sqlite")];
    const published = run(["publish", "--index", indexDir, "--tier", shards.join(",")]);
    expect(published.status, published.stderr).toBe(0);
    expect(published.stdout).toMatch(/已发布 v\d{14}_[0-9a-f]{8}_[0-9a-z]{6} 到检索层（2 个分片/);

    const port = 22000 + Math.floor(Math.random() * 1000);
    const server = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/node.ts"), "--port", String(port)], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: join(tmp, "data"), SEARCH_TIER_FILES: shards.join(","), ADMIN_TOKEN: TOKEN },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let out = "";
      await new Promise<void>((resolve, reject) => {
        server.stdout.on("data", (d: Buffer) => (out += d.toString()).includes("SEARCH_TIER_FILES") && resolve());
        server.on("exit", (c) => reject(new Error(`server exited ${c}: ${out}`)));
      });
      const index = await tierCorpus();
      for (const q of ["会展业有什么场地支持", "办展览租场地有补贴吗", "襄阳的场地租金补贴", "护照怎么办"]) {
        const got = await (await fetch(`http://127.0.0.1:${port}/api/search?q=${encodeURIComponent(q)}&k=5`)).json();
        // the server's "now" is today's: the in-memory answer is taken with today too
        expect(got, q).toEqual(JSON.parse(JSON.stringify(publicResponse(await search(index, q, { k: 5 })))));
        const answer = await (await fetch(`http://127.0.0.1:${port}/api/answer?q=${encodeURIComponent(q)}&k=5`)).json();
        expect(answer, q).toEqual(JSON.parse(JSON.stringify(await answerResponse(index, q, { k: 5 }))));
      }
      const exhibition = index.documents.find((d) => d.id === "u_exhibition")!;
      const page = await fetch(`http://127.0.0.1:${port}/d/u_exhibition`, { headers: { accept: "text/html" } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(exhibition.title);
      const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { tier?: { documents: number } };
      expect(health.tier?.documents).toBe(index.documents.length);
      const refused = await fetch(`http://127.0.0.1:${port}/admin/rollback`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}` } });
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({ error: "tier_mode" });
    } finally {
      server.kill();
    }
  }, 120_000);
});
