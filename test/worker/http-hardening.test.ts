// The HTTP API's small edges, inside workerd: parameters named like Object's own properties,
// wrong methods, nosniff, the admin token (strength, comparison, guessing), and refusals
// counted instead of stored one object each.
import { createScheduledController, env, SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { adminTokenProblem } from "../../src/http/admin-api.js";
import { createApp } from "../../src/http/app.js";
import { MAX_FAILURES } from "../../src/http/failed-auth.js";
import { sameSecret } from "../../src/http/telegram-webhook.js";
import { chinaDay } from "../../src/manage/question-stats.js";
import { createRefusalCounter } from "../../src/manage/refusals.js";
import { bundledIndex } from "../../src/search/bundled-index.js";
import { createLiveIndex } from "../../src/store/live-index.js";
import { r2Store } from "../../src/store/r2-store.js";
import worker from "../../src/worker.js";
import { TEST_WORKER_BINDINGS } from "../support/bot-api-stand-in.js";
import { captureLogs } from "../support/logs.js";

const store = r2Store((env as unknown as { STORE: R2Bucket }).STORE);
const get = (path: string, init?: RequestInit) => SELF.fetch(`https://example.com${path}`, init);

beforeEach(async () => {
  const keys = (await store.list("")).map((e) => e.key);
  if (keys.length) await store.delete(keys);
});

describe("query parameters", () => {
  it.each(["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"])("?q=技改&%s=1 is answered like any unknown parameter", async (name) => {
    const res = await get(`/api/search?q=${encodeURIComponent("技改")}&${name}=1`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { answered: boolean }).answered).toBe(true);
  });

  it("a parameter given twice is still refused", async () => {
    const res = await get(`/api/search?q=a&q=b`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain("given more than once");
  });
});

describe("methods and headers", () => {
  it.each([
    ["POST", "/api/search", "GET, HEAD"],
    ["PUT", "/api/answer", "GET, HEAD"],
    ["DELETE", "/healthz", "GET, HEAD"],
    ["OPTIONS", "/api/search", "GET, HEAD"],
    ["GET", "/telegram/webhook", "POST"],
    ["PUT", "/admin/index", "GET, HEAD, POST"],
    ["GET", "/admin/rollback", "POST"],
  ])("%s %s: 405 with Allow: %s, as JSON", async (method, path, allow) => {
    const res = await get(path, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe(allow);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toMatchObject({ error: "method_not_allowed" });
  });

  it("HEAD on a GET route is answered; an unknown route is still a JSON 404", async () => {
    expect((await get("/healthz", { method: "HEAD" })).status).toBe(200);
    const missing = await get("/nowhere", { method: "POST" });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: "not_found" });
  });

  it("every response says X-Content-Type-Options: nosniff", async () => {
    for (const res of [await get("/healthz"), await get("/api/search?q=技改"), await get("/api/search"), await get("/nowhere"), await get("/api/search", { method: "POST" })])
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("the admin token", () => {
  it("is compared with the same work whatever the length of what was given", () => {
    const expected = TEST_WORKER_BINDINGS.ADMIN_TOKEN;
    const counted = (given: string) => {
      let reads = 0;
      const probe = Object.assign(new String(given), {
        charCodeAt(i: number) {
          reads++;
          return String.prototype.charCodeAt.call(given, i);
        },
      });
      const same = sameSecret(probe as unknown as string, expected);
      return { same, reads };
    };
    expect(counted(expected)).toEqual({ same: true, reads: expected.length });
    expect(counted("x")).toEqual({ same: false, reads: expected.length });
    expect(counted(expected + "x")).toEqual({ same: false, reads: expected.length });
    expect(counted("")).toEqual({ same: false, reads: expected.length });
    expect(sameSecret(undefined, expected)).toBe(false);
  });

  it.each([
    [" ".repeat(24), "printable ASCII without spaces"],
    ["a".repeat(40), "at least 10 different"],
    ["abab".repeat(8), "at least 10 different"],
    ["short-token", "shorter than 24"],
  ])("a weak ADMIN_TOKEN (%j) turns the admin API off", async (token, why) => {
    expect(adminTokenProblem(token)).toContain(why);
    const live = createLiveIndex({ store: () => store, bundled: bundledIndex, checkEveryMs: 0 });
    const app = createApp({
      index: () => live.get(),
      env: () => ({ ...(env as Record<string, unknown>), ADMIN_TOKEN: token }),
      manage: () => ({ store, live, bundled: bundledIndex, now: () => new Date(), refusals: createRefusalCounter() }),
    });
    const res = await app.fetch(new Request("https://example.com/admin/index", { headers: { authorization: `Bearer ${token}` } }));
    expect(res.status).toBe(503);
    expect(((await res.json()) as { message: string }).message).toContain(why);
    expect(adminTokenProblem(TEST_WORKER_BINDINGS.ADMIN_TOKEN)).toBeUndefined();
  });

  it("wrong tokens: counted, not stored one by one; a client that keeps guessing is locked out", async () => {
    const logs = captureLogs();
    const from = (ip: string, token: string) => get("/admin/index", { headers: { authorization: `Bearer ${token}`, "cf-connecting-ip": ip } });
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await from("203.0.113.7", `wrong-token-${i}-0123456789abcdefgh`)).status);
    expect(statuses.slice(0, MAX_FAILURES)).toEqual(Array(MAX_FAILURES).fill(401));
    expect(new Set(statuses.slice(MAX_FAILURES))).toEqual(new Set([429]));
    const locked = await from("203.0.113.7", TEST_WORKER_BINDINGS.ADMIN_TOKEN);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    // another client with the right token is not affected
    expect((await from("198.51.100.1", TEST_WORKER_BINDINGS.ADMIN_TOKEN)).status).toBe(200);

    // at most one object for all of them: the day's count
    const day = chinaDay(new Date());
    expect((await store.list("audit/")).map((e) => e.key)).toEqual([`audit/refused/${day}.json`]);
    await worker.scheduled(createScheduledController({ cron: "23 * * * *" }), env as unknown as Record<string, unknown>);
    const counts = JSON.parse((await store.getText(`audit/refused/${day}.json`))!) as Record<string, number>;
    expect(counts["api:live"]).toBeGreaterThanOrEqual(MAX_FAILURES);
    expect((await store.list("audit/")).length).toBe(1);
    // each refusal is a log line naming the client, never the token it tried; once locked out, no more lines
    const refused = logs.info.filter((l) => l.startsWith("refused "));
    expect(refused).toEqual(Array(MAX_FAILURES).fill("refused api:live: missing or wrong bearer token from 203.0.113.7"));
    expect(logs.all.join("\n")).not.toContain("wrong-token-");
    expect(logs.errors).toEqual([]);
  });
});
