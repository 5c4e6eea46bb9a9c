// The search tier in workerd: Miniflare's D1 (the engine the edge uses), one database (TIER_0)
// and two shards (TIER_0, TIER_1), bound for the tests in vitest.config.ts.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/worker.js";
import { d1Db } from "../../src/db/d1.js";
import { switchTier, writeTierVersion } from "../../src/tier/publish.js";
import { describeTierDelta } from "../fixtures/tier-delta-checks.js";
import { describeTier, tierCorpus } from "../fixtures/tier-checks.js";
import { captureLogs } from "../support/logs.js";

const bound = env as unknown as { TIER_0: D1Database; TIER_1: D1Database };
describeTier("workerd", async () => [[d1Db(bound.TIER_0)], [d1Db(bound.TIER_0), d1Db(bound.TIER_1)]]);
describeTierDelta("workerd", async () => [[d1Db(bound.TIER_0)], [d1Db(bound.TIER_0), d1Db(bound.TIER_1)]]);

describe("the worker with SEARCH_TIER", () => {
  it("answers /api/search and /api/answer from the tier's live version; without SEARCH_TIER, from the index it holds", async () => {
    const shards = [d1Db(bound.TIER_0), d1Db(bound.TIER_1)];
    const v = `w${Date.now().toString(36)}`;
    await writeTierVersion(shards, await tierCorpus(), v);
    await switchTier(shards[0], v, new Date());
    const ask = async <T>(route: string, extra: Record<string, unknown>) => {
      const ctx = createExecutionContext();
      const response = await worker.fetch(new Request(`https://example.com${route}?q=${encodeURIComponent("会展业有什么场地支持")}&k=3`), { ...env, ...extra }, ctx);
      await waitOnExecutionContext(ctx);
      expect(response.status).toBe(200);
      return (await response.json()) as T;
    };
    type Results = { results: { docId: string }[] };
    type Answer = { answered: boolean; documents: { id: string; citation: string }[]; text: string };
    expect((await ask<Results>("/api/search", { SEARCH_TIER: "TIER_0,TIER_1" })).results[0]?.docId).toBe("u_exhibition");
    expect((await ask<Results>("/api/search", {})).results.some((r) => r.docId === "u_exhibition")).toBe(false);
    // the composed answer: the tier's document, cited by its title, in the JSON and its text
    const answer = await ask<Answer>("/api/answer", { SEARCH_TIER: "TIER_0,TIER_1" });
    expect(answer.answered).toBe(true);
    expect(answer.documents[0]?.id).toBe("u_exhibition");
    expect(answer.text).toContain(answer.documents[0].citation);
    expect((await ask<Answer>("/api/answer", {})).documents.some((d) => d.id === "u_exhibition")).toBe(false);
  });

  it("answers 503 in JSON, and logs why, when the tier cannot be read: a binding missing, nothing published, a short-list bound that is not a number", async () => {
    for (const [names, why, short] of [
      ["TIER_0,TIER_9", "SEARCH_TIER names TIER_9, which is not a D1 binding of this worker"],
      ["DB", "tier: nothing published yet"],
      ["TIER_0", "SEARCH_TIER_SHORT_LIST is not a number of postings: 两千", "两千"],
    ]) {
      const logs = captureLogs();
      const ctx = createExecutionContext();
      for (const route of ["/api/search", "/api/answer"]) {
        const response = await worker.fetch(new Request(`https://example.com${route}?q=技改`), { ...env, SEARCH_TIER: names, ...(short ? { SEARCH_TIER_SHORT_LIST: short } : {}) }, ctx);
        expect(response.status, `${route} ${names}`).toBe(503);
        expect(await response.json()).toEqual({ error: "unavailable", message: "the search tier cannot be read now; try again later" });
      }
      await waitOnExecutionContext(ctx);
      expect(logs.errors.join("\n"), names).toContain(why);
    }
  });

  it("serves the web pages from the tier, and a 503 page in Chinese, logged, when it cannot be read", async () => {
    const shards = [d1Db(bound.TIER_0), d1Db(bound.TIER_1)];
    const v = `p${Date.now().toString(36)}`;
    await writeTierVersion(shards, await tierCorpus(), v);
    await switchTier(shards[0], v, new Date());
    const get = async (path: string, extra: Record<string, unknown>) => {
      const ctx = createExecutionContext();
      const response = await worker.fetch(new Request(`https://example.com${path}`, { headers: { accept: "text/html" } }), { ...env, ...extra }, ctx);
      await waitOnExecutionContext(ctx);
      return { status: response.status, cache: response.headers.get("cache-control"), html: await response.text() };
    };
    const page = await get("/d/u_exhibition", { SEARCH_TIER: "TIER_0,TIER_1" });
    expect(page.status).toBe(200);
    expect(page.html).toContain("会展");
    expect((await get("/d/u_exhibition", {})).status).toBe(404);
    const logs = captureLogs();
    const down = await get("/q?q=%E6%8A%80%E6%94%B9", { SEARCH_TIER: "TIER_0,TIER_9" });
    expect(down.status).toBe(503);
    expect(down.cache).toBe("no-store");
    expect(down.html).toContain("政策库暂时无法查询，请稍后再试。");
    expect(logs.errors.join("\n")).toContain("SEARCH_TIER names TIER_9");
  });

  it("says in /healthz which tier version answers, or why the tier cannot be read", async () => {
    // one shard, named alone: a reader of its own, which reads the pointer now (a reader re-reads it every 10 s)
    const shards = [d1Db(bound.TIER_0)];
    const index = await tierCorpus();
    const v = `h${Date.now().toString(36)}`;
    await writeTierVersion(shards, index, v);
    await switchTier(shards[0], v, new Date());
    const health = async (extra: Record<string, unknown>) => {
      const ctx = createExecutionContext();
      const response = await worker.fetch(new Request("https://example.com/healthz"), { ...env, ...extra }, ctx);
      await waitOnExecutionContext(ctx);
      expect(response.status).toBe(200);
      return (await response.json()) as { tier?: unknown };
    };
    expect((await health({ SEARCH_TIER: "TIER_0" })).tier).toEqual({ version: v, documents: index.documents.length, clauses: index.manifest.clauses });
    expect((await health({ SEARCH_TIER: "TIER_0,TIER_9" })).tier).toEqual({ error: "SEARCH_TIER names TIER_9, which is not a D1 binding of this worker" });
    expect((await health({})).tier).toBeUndefined();
  });
});
